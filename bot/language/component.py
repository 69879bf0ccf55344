"""Rasa NLU component that puts the language of each message into the parse output."""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.detect import detect, warm_up

LANGUAGE = "language"


# Registered as a featurizer because Rasa runs featurizers in pipeline order, both when training
# and when parsing; an untrainable extractor would only run at parse time.
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Sets message["language"] = {"code", "confidence", "native", "letters", "scores"}."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        warm_up()
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(LANGUAGE, detect(text).as_output(), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Detected, not taken from the example's folder: the intent classifier gives English
        # messages sentence embeddings, and must pick its training examples as it will pick
        # the messages it classifies (0.4 ms each).
        for message in training_data.intent_examples:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(LANGUAGE, detect(text).as_output())
        return training_data
