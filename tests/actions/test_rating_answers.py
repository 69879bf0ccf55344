"""Ratings as buyers write them: "4 von 5", "4 out of 5", "4/5", "5 stars", "⭐⭐⭐⭐", "4점"…"""

import pytest

from actions import handoff, handoff_client

from .conftest import make_tracker, responses, run


@pytest.mark.parametrize("text, score", [
    ("4 von 5", 4), ("4 out of 5", 4), ("4 of 5", 4), ("4/5", 4), ("4 / 5", 4), ("4 de 5", 4),
    ("4 di 5", 4), ("4 su 5", 4), ("Je donne 4 sur 5", 4), ("4 из 5", 4), ("4 van 5", 4),
    ("4 op 5", 4), ("4 z 5", 4), ("4 na 5", 4), ("4 üzerinden 5", 4), ("5 üzerinden 4", 4),
    ("4 من 5", 4), ("٤ من ٥", 4), ("4 von 5 Sternen", 4), ("2 out of 5 stars", 2),
    ("5 stars", 5), ("5 Sterne", 5), ("4 étoiles", 4), ("3 estrellas", 3), ("4 stelle", 4),
    ("4 звезды", 4), ("3 gwiazdki", 3), ("4 sterren", 4), ("4 yıldız", 4),
    ("⭐⭐⭐⭐", 4), ("⭐️⭐️⭐️", 3), ("★★★★☆", 4), ("4つ星", 4),
    ("4分", 4), ("5点", 5), ("4점", 4), ("별 4개", 4), ("5점 만점에 4점", 4), ("5点中4点", 4),
    ("满分5分，给4分", 4), ("４", 4), ("Rating: 4/5, sehr gut", 4), ("5/5!!", 5),
])
def test_ratings_in_every_usual_form_are_understood(text, score):
    assert handoff.parse_score(text) == score


@pytest.mark.parametrize("text", ["Sehr freundlich, danke", "great", "10", "8/10", "1 or 5",
                                  "4,5 von 5", "4.5/5", "A1002", ""])
def test_answers_that_are_not_a_rating_from_1_to_5(text):
    assert handoff.parse_score(text) is None


def rating_tracker(events, intent="inform", text=""):
    return make_tracker(events=[{"event": "active_loop", "name": "rating_form"}, *events],
                        intent=intent, text=text)


def test_four_of_five_then_a_remark_stores_the_rating_with_the_remark(
        monkeypatch, dispatcher, domain):
    validator = handoff.ValidateRatingForm()
    first = rating_tracker([], text="4 von 5")
    assert validator.validate_rating_score("4 von 5", dispatcher, first, domain) == {"rating_score": "4"}
    assert dispatcher.messages == []  # not "Bitte antworten Sie mit einer Zahl von 1 bis 5."
    second = rating_tracker([{"event": "user", "text": "4 von 5"}], intent="thank",
                            text="Sehr freundlich, danke")
    comment = validator.validate_rating_comment("Sehr freundlich, danke", dispatcher, second, domain)
    assert comment == {"rating_comment": "Sehr freundlich, danke"}

    rated = []

    async def rate_ticket(ticket_id, score, comment):
        rated.append((ticket_id, score, comment))
        return True

    monkeypatch.setattr(handoff_client, "rate_ticket", rate_ticket)
    tracker = make_tracker(slots={"rating_ticket": "T-1", "rating_score": "4", **comment})
    run(handoff.ActionSubmitRating(), tracker, dispatcher, domain)
    assert rated == [("T-1", 4, "Sehr freundlich, danke")]
    assert responses(dispatcher) == ["utter_rating_thanks"]


def test_a_remark_after_a_rejected_score_keeps_that_score(dispatcher, domain):
    """A score the form did not read at first (e.g. asked by an older version) is not dropped
    when the next answer is a remark: the remark becomes the comment."""
    validator = handoff.ValidateRatingForm()
    second = rating_tracker([
        {"event": "user", "text": "4 von 5"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_rating_invalid"}},
    ], intent="thank", text="Sehr freundlich, danke")
    assert validator.validate_rating_score("Sehr freundlich, danke", dispatcher, second, domain) == {
        "rating_score": "4", "rating_comment": "Sehr freundlich, danke"}
    assert dispatcher.messages == []


def test_two_answers_without_any_score_still_end_the_question(dispatcher, domain):
    validator = handoff.ValidateRatingForm()
    second = rating_tracker([
        {"event": "user", "text": "great"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_rating_invalid"}},
    ], text="where is my order")
    assert validator.validate_rating_score("where is my order", dispatcher, second, domain) == {
        "rating_score": "skipped", "rating_comment": "-"}
