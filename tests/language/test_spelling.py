"""bot.spelling: typos repaired before the English sentence encoder reads a message."""
import pickle

from bot.spelling import SpellingRepair

TRAINING = ["cancel my order"] * 3 + ["where is my refund"] * 5 + ["i want to cancle it"] + \
           ["track my package please", "change the address", "change my order"]
ENCODER_WORDS = {"cancel", "order", "where", "is", "my", "package", "please", "change", "the",
                 "address", "track", "want", "to", "it", "oder"}


def repair():
    return SpellingRepair.from_texts(TRAINING)


def test_one_slip_is_repaired_to_a_word():
    fixed = repair().text("Can u cancle my ordr pls, wher is my refnd", ENCODER_WORDS)
    assert fixed == "can u cancel my order pls, where is my refund"
    assert repair().text("chnage the adress of my pakage", ENCODER_WORDS) == "change the address of my package"


def test_words_are_left_alone():
    # known to the encoder ("oder"), common in training ("refund"), short ("pls"), or too far from any word
    assert repair().text("oder refund pls xylophone", ENCODER_WORDS) == "oder refund pls xylophone"


def test_a_typo_in_the_training_data_is_not_taken_for_a_word():
    assert repair().word("cancle", ENCODER_WORDS) == "cancel"


def test_it_travels_with_the_model():
    restored = pickle.loads(pickle.dumps(repair()))
    assert restored.text("wher is my refnd", ENCODER_WORDS) == "where is my refund"
