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
