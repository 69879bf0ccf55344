"""Renders every response in the conversation's language (endpoints.yml: `nlg: type: bot.nlg.LocalizedResponseGenerator`).

English responses live in domain.yml (Rasa's source of response names); each other native
language has `locales/<code>.yml` with the same responses, and `labels` that name coded values
(case types, statuses, categories) in that language. The `language` slot picks the file.
Chinese replies are written in Simplified (locales/zh.yml) and converted to Traditional
characters (OpenCC) when the buyer writes Traditional (the `chinese_script` slot).
A response missing in a language falls back to English. For a language without a file the
English text is machine-translated when a provider is configured (bot.translation).

This runs inside the Rasa process, so rendering costs no network hop; see
docs/architecture.md for why this and not an NLG HTTP endpoint or conditional variations.
"""
import logging
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.language.detect import NATIVE_LANGUAGES
from bot.language.scripts import TRADITIONAL, load_chinese_tables, to_traditional
from bot.locales import LOCALES_DIR, load_locales
from bot.localize import localize_values
from bot.translation import Translator, translator_from_env

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGE_SLOT = "language"
CHINESE_SCRIPT_SLOT = "chinese_script"


def _in_traditional(response: Optional[Dict[Text, Any]]) -> Optional[Dict[Text, Any]]:
    """A Chinese response (locales/zh.yml is Simplified) in Traditional characters, buttons too."""
    if response is None:
        return None
    if response.get("text"):
        response["text"] = to_traditional(response["text"])
    for button in response.get("buttons") or []:
        if button.get("title"):
            button["title"] = to_traditional(button["title"])
    return response


class LocalizedResponseGenerator(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator, once per language, plus value formatting and translation."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None,
                 translator: Optional[Translator] = None, locales_dir: Path = LOCALES_DIR) -> None:
        # Agent.load_model() replaces self.responses with the trained domain's (English) ones.
        super().__init__(domain.responses if domain else {})
        locales = load_locales(locales_dir)
        self.labels: Dict[str, Mapping[str, Mapping[str, str]]] = {
            code: locale["labels"] for code, locale in locales.items()}
        self.by_language = {
            code: TemplatedNaturalLanguageGenerator(locale["responses"])
            for code, locale in locales.items() if code != SOURCE_LANGUAGE
        }
        self.translator = translator or translator_from_env()
        if "zh" in self.by_language:
            load_chinese_tables()  # now, not on a Traditional buyer's reply

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        language = tracker.get_slot(LANGUAGE_SLOT) or SOURCE_LANGUAGE
        values = {**tracker.current_slot_values(), **kwargs}
        localized = localize_values(values, language, self.labels.get(language) or self.labels.get(SOURCE_LANGUAGE))
        native = self.by_language.get(language)
        if native is not None and utter_action in native.responses:
            response = native.generate_from_slots(utter_action, localized, output_channel)
            if language == "zh" and tracker.get_slot(CHINESE_SCRIPT_SLOT) == TRADITIONAL:
                return _in_traditional(response)
            return response
        response = self.generate_from_slots(utter_action, localized, output_channel)
        if response is None or language == SOURCE_LANGUAGE or language in NATIVE_LANGUAGES:
            return response
        return await self._translated(response, language)

    async def _translated(self, response: Dict[Text, Any], language: str) -> Dict[Text, Any]:
        """The English response machine-translated; English as it was when translation fails."""
        if response.get("text"):
            result = await self.translator.translate(response["text"], SOURCE_LANGUAGE, language)
            response["text"] = result.text
        buttons: List[Dict[str, Any]] = response.get("buttons") or []
        for button in buttons:
            if button.get("title"):
                result = await self.translator.translate(button["title"], SOURCE_LANGUAGE, language)
                button["title"] = result.text
        return response
