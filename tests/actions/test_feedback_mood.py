"""Typed answers to "How was your experience?" in every language, and what the bot does next."""
import pytest

from actions.feedback import ActionReadFeedbackMood, feedback_mood
from actions.feedback_mood import mood_in_text
from actions.item_condition import condition_in_text

from .conftest import make_tracker, run, slot_events

GOOD_ANSWERS = [
    "it was great", "all good, thanks", "not bad at all", "no problems", "fue genial", "muy bien",
    "c'était super", "pas mal du tout", "es war toll", "è stato fantastico", "foi ótimo",
    "было отлично", "wspaniale", "het was geweldig", "harikaydı", "很好", "不错", "没问题",
    "とても良かった", "問題なかった", "좋았어요", "나쁘지 않았어요", "كانت رائعة", "ممتاز",
]
BAD_ANSWERS = [
    "something went wrong", "not good", "terrible", "great product but the delivery was awful",
    "algo salió mal", "no fue bien", "quelque chose s'est mal passé", "pas bien", "es war schlecht",
    "etwas ist schiefgelaufen", "nicht gut", "qualcosa è andato storto", "algo deu errado",
    "что-то пошло не так", "не очень", "coś poszło nie tak", "er ging iets mis", "niet goed",
    "bir şeyler ters gitti", "iyi değil", "出了问题", "很差", "不好", "問題がありました",
    "良くなかった", "문제가 있었어요", "안 좋았어요", "حدث خطأ ما", "ليست جيدة", "والتوصيل سيئ",
]


@pytest.mark.parametrize("text", GOOD_ANSWERS)
def test_praise_in_any_language_reads_as_good(text):
    assert mood_in_text(text) == "good"


@pytest.mark.parametrize("text", BAD_ANSWERS)
def test_a_complaint_in_any_language_reads_as_bad(text):
    assert mood_in_text(text) == "bad"


@pytest.mark.parametrize("text", ["/affirm", "A1001", "i want to leave a review", "いいえ", "well"])
def test_text_without_mood_words_says_nothing(text):
    assert mood_in_text(text) is None


@pytest.mark.parametrize("text, intent, mood", [
    ("/affirm", "affirm", "good"),                       # the "It was great" button
    ("/deny", "deny", "bad"),                            # the "Something went wrong" button
    ("fue genial", "leave_feedback", "good"),
    ("很差", "thank", "bad"),                            # the words win over the intent
    ("the headphones arrived broken", "report_damaged_item", "bad"),
    ("they sent the wrong colour", "report_wrong_item", "bad"),
    ("asdf qwer", "nlu_fallback", "unclear"),
    ("qualcosa è andato storto", "ask_product_info", "bad"),   # a short answer: its words decide
    ("wspaniale", "inform", "good"),
    ("where is my order A1002?", "check_order_status", None),  # no answer: handled as usual
    ("how much is shipping to Japan", "ask_shipping_options", None),
    ("please cancel order A1003 right away, your service has been terrible", "cancel_order", None),
])
def test_the_words_decide_first_then_the_intent(text, intent, mood):
    assert feedback_mood(text, intent) == mood


def test_the_action_stores_the_mood_for_the_rules(dispatcher, domain):
    tracker = make_tracker(slots={"awaiting_reply": "feedback_mood"}, intent="leave_feedback",
                           text="es war toll")
    events = run(ActionReadFeedbackMood(), tracker, dispatcher, domain)
    assert slot_events(events) == {"feedback_mood": "good"}
    assert dispatcher.messages == []  # the thanks come from the next action, by rule


def test_a_message_that_is_no_answer_is_handled_as_if_not_asked(dispatcher, domain):
    tracker = make_tracker(slots={"awaiting_reply": "feedback_mood"}, intent="check_order_status",
                           text="where is my order A1002?")
    events = run(ActionReadFeedbackMood(), tracker, dispatcher, domain)
    # This action undone first, then the question cleared: the policies predict again.
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert slot_events(events) == {"awaiting_reply": None}


@pytest.mark.parametrize("text, condition", [
    ("جديد", "unused"), ("وجديد", "unused"), ("الجديد بالعلامة", "unused"), ("غير مستخدم", "unused"),
    ("والمستخدم", "used"), ("مستخدم", "used"),
])
def test_arabic_condition_words_are_read_with_joined_particles(text, condition):
    assert condition_in_text(text) == condition
