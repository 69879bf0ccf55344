"""Rasa NLU component: a message in a language we have no training data for is understood in English.

It runs after LanguageDetector. When the message is clearly in another language (not one of
the 14 native ones, not undetermined) and a translation provider is configured, the text the
rest of the pipeline sees becomes its English translation; the parse output keeps both
(`"translation": {"from": "sv", "text": "Where is my order?"}`) and the tracker keeps what the
buyer wrote. When the provider is missing, slow or failing, the original text goes on
unchanged: understanding may suffer, a reply never waits longer than the provider timeout.
Replies are translated back by bot/nlg.py.
"""
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.component import LANGUAGE
from bot.translation import NoTranslator, Translator, translator_from_env

TRANSLATION = "translation"
PIVOT = "en"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class InputTranslator(GraphComponent):
    def __init__(self, translator: Optional[Translator] = None):
        self._translator = translator

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "InputTranslator":
        return cls()

    @property
    def translator(self) -> Translator:
        # Built on first use, from the serving process's environment (not the training one's).
        if self._translator is None:
            self._translator = translator_from_env()
        return self._translator

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = message.get(LANGUAGE) or {}
            text = message.get(TEXT)
            if (not isinstance(text, str) or language.get("native", True) or language.get("code") in (None, "und")
                    or isinstance(self.translator, NoTranslator)):
                continue
            result = self.translator.translate_sync(text, language["code"], PIVOT)
            if result.ok and result.text.strip():
                message.set(TEXT, result.text)
                message.set(TRANSLATION, {"from": language["code"], "text": result.text}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
