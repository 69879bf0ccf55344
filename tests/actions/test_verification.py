import time

from actions.orders import ActionOrderStatus
from actions.requests import ActionResumePending
from actions.verification import ValidateVerifyOrderForm

from .conftest import EMAILS, followups, make_tracker, responses, run, slot_events

FORM_SLOTS = {"requested_slot": "email"}


def submit_pair(order_id, email, dispatcher, domain, **slots):
    tracker = make_tracker(
        slots={**FORM_SLOTS, "order_id": order_id, "email": email, **slots},
        entities=[{"entity": "email", "value": email}], active_loop="verify_order_form",
    )
    return run(ValidateVerifyOrderForm(), tracker, dispatcher, domain)


def test_no_order_detail_before_verification(backend, dispatcher, domain):
    events = run(ActionOrderStatus(), make_tracker(intent="check_order_status"), dispatcher, domain)
    assert dispatcher.messages == []
    assert followups(events) == ["verify_order_form"]
    assert slot_events(events)["pending_action"] == "action_order_status"


def test_right_pair_verifies_and_resumes_the_request(backend, dispatcher, domain):
    events = submit_pair("a1002", EMAILS["A1002"], dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1002"
    assert slot_events(events)["requested_slot"] is None  # form ends
    assert responses(dispatcher) == ["utter_order_verified"]
    resume = run(ActionResumePending(), make_tracker(slots={"pending_action": "action_order_status"}),
                 dispatcher, domain)
    assert followups(resume) == ["action_order_status"]


def test_wrong_pair_gets_the_same_reply_as_an_unknown_order(backend, domain):
    from rasa_sdk.executor import CollectingDispatcher

    replies, slot_changes = [], []
    for order_id, email in (("A1002", EMAILS["A1001"]), ("A9999", EMAILS["A1001"])):
        dispatcher = CollectingDispatcher()
        events = submit_pair(order_id, email, dispatcher, domain)
        replies.append(dispatcher.messages)
        slot_changes.append(slot_events(events))
    assert replies[0] == replies[1]
    assert responses_of(replies[0]) == ["utter_order_not_found"]
    assert slot_changes[0] == slot_changes[1]
    assert "verified_order" not in slot_changes[0]


def responses_of(messages):
    return [m["response"] for m in messages]


def test_failures_are_slowed_then_locked(backend, dispatcher, domain, no_sleep):
    events = submit_pair("A1002", "nobody@example.com", dispatcher, domain)
    assert no_sleep == []  # the first failure is answered at once
    events = submit_pair("A1002", "nobody@example.com", dispatcher, domain, verification_failures=1)
    assert no_sleep == [1.0]
    events = submit_pair("A1002", "nobody@example.com", dispatcher, domain, verification_failures=2)
    locked_until = slot_events(events)["verification_locked_until"]
    assert locked_until > time.time() + 600
    assert slot_events(events)["requested_slot"] is None  # the form stops asking

    dispatcher.messages.clear()
    tracker = make_tracker(intent="check_order_status", slots={"verification_locked_until": locked_until})
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_verification_locked"]
    assert dispatcher.messages[0]["minutes"] == 15
    assert followups(events) == []


def test_even_the_right_pair_is_refused_during_the_cooldown(backend, dispatcher, domain):
    events = submit_pair("A1002", EMAILS["A1002"], dispatcher, domain,
                         verification_locked_until=time.time() + 60)
    assert "verified_order" not in slot_events(events)


def test_identity_from_a_trusted_channel_needs_only_the_order_number(backend, dispatcher, domain):
    tracker = make_tracker(
        slots={"requested_slot": "order_id", "order_id": "A1003"},
        entities=[{"entity": "order_id", "value": "A1003"}],
        metadata={"verified_email": EMAILS["A1003"]}, active_loop="verify_order_form",
    )
    events = run(ValidateVerifyOrderForm(), tracker, dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1003"


def test_asking_about_another_order_asks_for_its_email(backend, dispatcher, domain):
    tracker = make_tracker(intent="check_order_status", slots={
        "verified_order": "A1001", "order_id": "A1002", "email": EMAILS["A1001"]})
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert dispatcher.messages == []
    assert slot_events(events)["email"] is None
    assert followups(events) == ["verify_order_form"]
