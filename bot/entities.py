"""Rasa NLU component that adds the pattern entities of bot.patterns to every message."""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.patterns import find_entities

EXTRACTOR_NAME = "PatternEntityExtractor"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PatternEntityExtractor(GraphComponent):
    """Finds order numbers, emails, tracking numbers, amounts and case ids in any language."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PatternEntityExtractor":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            new = [dict(e, extractor=EXTRACTOR_NAME, confidence_entity=1.0) for e in find_entities(text)]
            if not new:
                continue
            existing = [
                e for e in message.get(ENTITIES, [])
                if not any(e["start"] < n["end"] and n["start"] < e["end"] for n in new)
            ]
            message.set(ENTITIES, existing + new, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
