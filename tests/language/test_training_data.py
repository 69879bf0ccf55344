"""Our training data must not contain the evaluation sentences we measure on."""
import json

import pytest

from bench.nlu_bitext import DATA as BITEXT
from bench.overlap import identical_to_training


@pytest.mark.skipif(not BITEXT.exists(), reason="the Bitext evaluation set is not on this machine")
def test_no_bitext_evaluation_message_is_in_the_training_data():
    texts = [json.loads(line)["text"] for line in BITEXT.read_text().splitlines() if line.strip()]
    # Only a count on failure: the sentences themselves must not be read.
    assert identical_to_training(texts) == 0


def test_every_intent_is_defined_in_docs_intents():
    """docs/intents.md is what labellers and development-set writers read: no intent missing."""
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    intents = set(yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))["intents"])
    documented = set(re.findall(r"\b([a-z]+(?:_[a-z]+)*)\b", (root / "docs" / "intents.md").read_text()))
    assert sorted(intents - documented) == []
