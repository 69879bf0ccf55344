"""Keeps the conversation's language in the `language` slot, message by message.

Rasa runs `action_validate_slot_mappings` after every buyer message. The NLU parse carries the
message's detected language (bot.language.component); bot.language.conversation decides whether
the conversation switches: a one-word "ok", an emoji, an order number or an email never flips it,
a channel's locale hint is the prior at the start, and an explicit request always switches.
Chinese conversations also keep the buyer's script (`chinese_script`: Traditional or Simplified),
which bot.nlg renders replies in.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from bot.language.conversation import explicit_language_request, next_chinese_script, next_language
from bot.language.detect import NATIVE_LANGUAGES, Detection
from bot.language.scripts import load_chinese_tables
from bot.nlu_output import UNFAMILIAR_TEXT

# OpenCC's tables load with the action server, not on the first Chinese buyer's message.
load_chinese_tables()

# Answers to these questions are data written in the destination's language and format
# ("Hauptstraße 5, 10115 Berlin"), not in the buyer's: they never switch the conversation.
DATA_SLOTS = {"new_address"}

# Where channels put the buyer's language hint in message metadata.
HINT_KEYS = ("locale", "language_code", "language")


def language_hint(metadata: Dict[str, Any]) -> Optional[str]:
    for key in HINT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def translation_configured() -> bool:
    return os.environ.get("TRANSLATION_PROVIDER", "none").lower() not in ("", "none")


class ValidateSlotMappings(ValidationAction):
    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        message = tracker.latest_message or {}
        detected = message.get("language")
        if not isinstance(detected, dict) or "code" not in detected:
            return {}
        if tracker.active_loop.get("name") and tracker.get_slot("requested_slot") in DATA_SLOTS:
            return {}
        if message.get(UNFAMILIAR_TEXT) and detected["code"] in NATIVE_LANGUAGES:
            # Keyboard mashing ("fjfjfjfj dkdkdk" reads as Dutch): real text in one of our
            # languages has letter sequences the model knows, so this is no language at all.
            return {}
        current = tracker.get_slot("language")
        language = next_language(
            current,
            Detection.from_output(detected),
            language_hint(message.get("metadata") or {}),
            explicit_language_request(message.get("text") or ""),
        )
        if language == current:
            return {}
        if language not in NATIVE_LANGUAGES and not translation_configured():
            dispatcher.utter_message(response="utter_answering_in_english")
        return {"language": language}

    async def extract_chinese_script(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> Dict[Text, Any]:
        """Chinese replies in the characters the buyer writes: Traditional or Simplified."""
        message = tracker.latest_message or {}
        detected = message.get("language")
        chinese = isinstance(detected, dict) and detected.get("code") == "zh"
        current = tracker.get_slot("chinese_script")
        # Japanese kanji say nothing about how a Chinese buyer writes.
        script = next_chinese_script(current, (message.get("text") or "") if chinese else "",
                                     language_hint(message.get("metadata") or {}))
        return {} if script == current else {"chinese_script": script}
