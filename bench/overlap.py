"""Which evaluation messages are identical to a training example.

Identical means equal once case, accents, spaces and punctuation are ignored ("Where's my
refund?" = "wheres my refund"). The cross-validation keeps such twins in one fold; the
benchmarks count them, because a copied sentence inflates a score.
"""
import unicodedata
from pathlib import Path
from typing import Iterable, Set

TRAINING = Path(__file__).resolve().parent.parent / "data" / "nlu"


def match_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def training_keys(training: Path = TRAINING) -> Set[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return {match_key(m.get("text") or "") for path in sorted(training.rglob("*.yml"))
            for m in load_data(str(path)).intent_examples}


def identical_to_training(texts: Iterable[str], training: Path = TRAINING) -> int:
    trained = training_keys(training)
    return sum(match_key(text) in trained for text in texts)
