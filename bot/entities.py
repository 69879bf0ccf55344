"""Rasa NLU component that adds the pattern entities of bot.patterns to every message, and the
catalogue's product names as the buyer's language writes them.

Replies name products from the locales' `labels: product` tables ("Bolso de piel" for
"Leather handbag", bot/localize.py); a buyer who types a name back, from a list the bot gave,
must be understood, although the CRF never saw it and no synonym lists it. Each name found in a
message becomes a `product` entity whose value is the shop's (English) name.
"""
import re
from typing import Any, Dict, List, Optional, Pattern, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.scripts import to_simplified
from bot.locales import load_locales
from bot.patterns import find_entities

EXTRACTOR_NAME = "PatternEntityExtractor"
# Scripts written without spaces between words: a name there has no word boundaries.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def catalogue_names() -> Dict[str, str]:
    """Every locale's name of a catalogue product (case-folded) -> the shop's name."""
    names: Dict[str, str] = {}
    for locale in load_locales().values():
        for shop_name, local_name in (locale["labels"].get("product") or {}).items():
            for name in (str(shop_name), to_simplified(str(local_name))):
                names.setdefault(name.casefold(), str(shop_name))
    return names


def name_pattern(names: Dict[str, str]) -> Tuple[Optional[Pattern], List[str]]:
    """One regex for all names, and the shop's name for each of its groups. A match is mapped by
    its group, not by its text: case-insensitive matching and casefold() disagree on some
    letters (Turkish "KILIFI" matches "kılıfı" but folds to "kilifi")."""
    alternatives, values = [], []
    for name in sorted(names, key=len, reverse=True):  # the longest name wins
        # "trail running sneakers" is "Trail-running sneakers": a hyphen or a space may be either.
        body = r"[-\s]?".join(re.escape(part) for part in re.split(r"[-\s]+", name))
        # Korean attaches particles to the name (무선 이어폰을), so only a start boundary there.
        start = "" if _UNSPACED.search(name[0]) else r"(?<!\w)"
        end = "" if _UNSPACED.search(name) else r"(?!\w)"
        alternatives.append(f"(?P<n{len(values)}>{start}{body}{end})")
        values.append(names[name])
    return (re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None), values


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PatternEntityExtractor(GraphComponent):
    """Finds order numbers, emails, tracking numbers, amounts and case ids in any language,
    and the catalogue's product names in any of our languages."""

    def __init__(self, names: Optional[Dict[str, str]] = None) -> None:
        self.pattern, self.values = name_pattern(catalogue_names() if names is None else names)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PatternEntityExtractor":
        return cls()

    def product_entities(self, text: str) -> List[dict]:
        if self.pattern is None:
            return []
        # Traditional Chinese is matched in Simplified, as the tables are written (positions
        # only hold while the conversion is character for character).
        converted = to_simplified(text)
        searched = converted if len(converted) == len(text) else text
        return [
            {"entity": "product", "start": m.start(), "end": m.end(), "value": self.values[int(m.lastgroup[1:])]}
            for m in self.pattern.finditer(searched)
        ]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = find_entities(text) + self.product_entities(text)
            new = [dict(e, extractor=EXTRACTOR_NAME, confidence_entity=1.0) for e in found]
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
