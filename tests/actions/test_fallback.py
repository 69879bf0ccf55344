"""When no policy knows what comes next, the buyer still gets an answer (action_not_understood)."""
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNotUnderstood
from tests.actions.conftest import make_tracker, responses, run


def triples(events):
    return [(e["event"], e.get("name"), e.get("value")) for e in events]


def test_an_answer_a_form_cannot_use_gets_its_question_again(dispatcher, domain):
    tracker = make_tracker(slots={"requested_slot": "measurement"}, intent="inform", text="10 inches",
                           active_loop="size_form")
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_rephrase", "utter_ask_measurement"]
    # The message is taken back, so the form is still waiting for its answer (in its language).
    assert [e["event"] for e in events] == ["rewind", "slot"]


def test_a_form_specific_question_wins_over_the_general_one(dispatcher, domain):
    tracker = make_tracker(slots={"requested_slot": "resolution"}, intent="inform", text="hmm",
                           active_loop="claim_form")
    run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_rephrase", "utter_ask_claim_form_resolution"]


def test_ok_or_no_out_of_the_blue_gets_an_offer_to_help_and_anything_else_a_rephrase(domain):
    for intent, expected in (("affirm", "utter_anything_else"), ("deny", "utter_anything_else"),
                             ("stop", "utter_anything_else"), ("inform", "utter_ask_rephrase")):
        dispatcher = CollectingDispatcher()
        run(ActionNotUnderstood(), make_tracker(intent=intent, text="..."), dispatcher, domain)
        assert responses(dispatcher) == [expected], intent


def test_no_after_anything_else_says_goodbye(dispatcher, domain):
    asked = [{"event": "user", "text": "thanks", "parse_data": {"intent": {"name": "thank"}}},
             {"event": "bot", "text": "All right. Is there anything else I can help you with?",
              "metadata": {"utter_action": "utter_anything_else"}}]
    run(ActionNotUnderstood(), make_tracker(intent="deny", text="no", events=asked), dispatcher, domain)
    assert responses(dispatcher) == ["utter_goodbye"]


def test_once_the_bot_has_answered_it_waits_for_the_buyer_without_a_word(dispatcher, domain):
    tracker = make_tracker(slots={"requested_slot": "measurement"}, intent="inform", text="25 cm",
                           active_loop="size_form")
    tracker.events.append({"event": "bot", "text": "With 25 cm, size 39 …",
                           "metadata": {"utter_action": "utter_size_recommendation"}})
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert dispatcher.messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]


def test_an_order_number_on_its_own_asks_what_it_is_about_and_keeps_the_number(dispatcher, domain):
    tracker = make_tracker(intent="inform", text="A1001",
                           entities=[{"entity": "order_id", "value": "A1001"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_about_order"]
    assert dispatcher.messages[0]["order_id"] == "A1001"
    # The message is taken back, but the number stays for "where is it?" next.
    assert triples(events) == [
        ("rewind", None, None), ("slot", "language", "en"), ("slot", "order_id", "A1001")]


def test_an_order_number_with_its_email_keeps_both(dispatcher, domain):
    tracker = make_tracker(intent="inform", text="A1001 maria.garcia@example.com",
                           entities=[{"entity": "order_id", "value": "A1001"},
                                     {"entity": "email", "value": "maria.garcia@example.com"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_about_order"]
    assert triples(events) == [
        ("rewind", None, None), ("slot", "language", "en"), ("slot", "order_id", "A1001"),
        ("slot", "email", "maria.garcia@example.com")]


def test_an_email_on_its_own_asks_for_the_order_and_keeps_the_email(dispatcher, domain):
    tracker = make_tracker(intent="inform", text="my email is jonas.weber@example.com",
                           entities=[{"entity": "email", "value": "jonas.weber@example.com"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_order_of_email"]
    assert triples(events) == [
        ("rewind", None, None), ("slot", "language", "en"), ("slot", "email", "jonas.weber@example.com")]


def test_the_order_number_asked_for_after_an_email_keeps_that_email_with_it(dispatcher, domain):
    asked = [{"event": "user", "text": "jonas.weber@example.com"},
             {"event": "bot", "text": "Thanks. Which order is it about?",
              "metadata": {"utter_action": "utter_ask_order_of_email"}},
             {"event": "rewind"},
             {"event": "slot", "name": "email", "value": "jonas.weber@example.com"}]
    tracker = make_tracker(intent="inform", text="A1002", events=asked,
                           slots={"email": "jonas.weber@example.com"},
                           entities=[{"entity": "order_id", "value": "A1002"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_about_order"]
    # Set again after the number, so the verification checks this pair instead of asking.
    assert triples(events) == [
        ("rewind", None, None), ("slot", "language", "en"), ("slot", "order_id", "A1002"),
        ("slot", "email", "jonas.weber@example.com")]


def test_an_order_number_out_of_the_blue_does_not_take_an_email_given_earlier(dispatcher, domain):
    earlier = [{"event": "slot", "name": "email", "value": "jonas.weber@example.com"}]
    tracker = make_tracker(intent="inform", text="A1002", events=earlier,
                           slots={"email": "jonas.weber@example.com"},
                           entities=[{"entity": "order_id", "value": "A1002"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert [(e["event"], e.get("name")) for e in events] == [
        ("rewind", None), ("slot", "language"), ("slot", "order_id")]


def test_the_language_a_reverted_message_set_is_kept(dispatcher, domain):
    # "Hallo, meine E-Mail-Adresse ist …" as a first message: the reply is German, and so must
    # be the next one, although the message itself is taken back.
    tracker = make_tracker(intent="inform", text="Hallo, meine E-Mail-Adresse ist jonas.weber@example.com",
                           slots={"language": "de"},
                           entities=[{"entity": "email", "value": "jonas.weber@example.com"}])
    events = run(ActionNotUnderstood(), tracker, dispatcher, domain)
    assert ("slot", "language", "de") in triples(events)
    chinese = make_tracker(intent="inform", text="嗯", slots={"language": "zh", "chinese_script": "traditional"})
    kept = {e["name"]: e["value"] for e in run(ActionNotUnderstood(), chinese, CollectingDispatcher(), domain)
            if e["event"] == "slot"}
    assert kept == {"language": "zh", "chinese_script": "traditional"}
