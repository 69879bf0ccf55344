import asyncio
import datetime
import time

import pytest

from actions.orders import ActionOrderStatus
from actions.requests import ActionResumePending
from actions.verification import ValidateVerifyOrderForm, identity_hash

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


SECRET = "test-identity-secret"


def signed(email, secret=SECRET):
    """Metadata of a signed-in customer, as the shop's website signs it."""
    return {"verified_email": email, "identity_hash": identity_hash(email, secret)}


def order_number_typed(order_id, metadata):
    return make_tracker(
        slots={"requested_slot": "order_id", "order_id": order_id},
        entities=[{"entity": "order_id", "value": order_id}],
        metadata=metadata, active_loop="verify_order_form",
    )


def test_identity_signed_by_the_shop_needs_only_the_order_number(backend, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("IDENTITY_VERIFICATION_SECRET", SECRET)
    events = run(ValidateVerifyOrderForm(), order_number_typed("A1003", signed(EMAILS["A1003"])),
                 dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1003"


@pytest.mark.parametrize("metadata", [
    {"verified_email": EMAILS["A1003"]},                                   # no signature
    {"verified_email": EMAILS["A1003"], "identity_hash": "0" * 64},        # a made-up one
    signed(EMAILS["A1003"], secret="another-shop's-secret"),               # signed elsewhere
    {**signed(EMAILS["A1001"]), "verified_email": EMAILS["A1003"]},        # another email's
    {"verified_email": EMAILS["A1003"], "identity_hash": 42},
    {"verified_email": EMAILS["A1003"], "identity_hash": "é" * 64},           # not even hex
])
def test_an_identity_the_shop_did_not_sign_is_ignored(backend, dispatcher, domain, monkeypatch, metadata):
    # Metadata comes from the client (the widget's customData, the REST body): anyone can write it.
    monkeypatch.setenv("IDENTITY_VERIFICATION_SECRET", SECRET)
    tracker = order_number_typed("A1003", metadata)
    events = run(ValidateVerifyOrderForm(), tracker, dispatcher, domain)
    assert "verified_order" not in slot_events(events)
    required = asyncio.run(ValidateVerifyOrderForm().required_slots(
        ["order_id", "email"], dispatcher, tracker, domain))
    assert "email" in required  # the form asks for the order's email instead


def test_without_a_secret_no_identity_is_trusted(backend, dispatcher, domain, monkeypatch):
    monkeypatch.delenv("IDENTITY_VERIFICATION_SECRET", raising=False)
    events = run(ValidateVerifyOrderForm(), order_number_typed("A1003", signed(EMAILS["A1003"], "")),
                 dispatcher, domain)
    assert "verified_order" not in slot_events(events)


def test_asking_about_another_order_asks_for_its_email(backend, dispatcher, domain):
    tracker = make_tracker(intent="check_order_status", slots={
        "verified_order": "A1001", "order_id": "A1002", "email": EMAILS["A1001"]})
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert dispatcher.messages == []
    assert slot_events(events)["email"] is None
    assert followups(events) == ["verify_order_form"]


# --- failures counted per order number in the shop database (bug: /restart bypassed the lock) --

def lock_order_from_one_conversation(order_id, email, domain):
    """Three wrong pairs in one conversation, as c11 typed them; returns the last slot changes."""
    from rasa_sdk.executor import CollectingDispatcher

    changes = {}
    for failures in range(3):
        changes = slot_events(submit_pair(order_id, email, CollectingDispatcher(), domain,
                                          verification_failures=failures))
    return changes


def order_status_after_restart(order_id, dispatcher, domain):
    """A fresh conversation (no slots: /restart, new session, other sender) asks about the order."""
    tracker = make_tracker(intent="check_order_status", slots={"order_id": order_id},
                           entities=[{"entity": "order_id", "value": order_id}])
    return run(ActionOrderStatus(), tracker, dispatcher, domain)


def test_restart_does_not_lift_the_lock_out(backend, dispatcher, domain):
    lock_order_from_one_conversation("A1002", "wrong@example.com", domain)
    events = order_status_after_restart("A1002", dispatcher, domain)
    assert responses(dispatcher) == ["utter_verification_locked"]
    assert dispatcher.messages[0]["minutes"] == 15
    assert followups(events) == []  # no verification form, no order detail
    assert len(backend.verification_failures("A1002", datetime.datetime(2000, 1, 1))) == 3


def test_even_the_right_email_from_another_conversation_is_refused_during_the_lock(
        backend, dispatcher, domain):
    lock_order_from_one_conversation("A1002", "wrong@example.com", domain)
    events = submit_pair("A1002", EMAILS["A1002"], dispatcher, domain)  # no lock in these slots
    assert "verified_order" not in slot_events(events)
    assert "utter_order_verified" not in responses(dispatcher)
    assert slot_events(events)["requested_slot"] is None  # the form ends ...
    dispatcher.messages.clear()
    tracker = make_tracker(slots={"order_id": "A1002", "email": EMAILS["A1002"]})
    run(ActionOrderStatus(), tracker, dispatcher, domain)  # ... and the resumed request says why
    assert responses(dispatcher) == ["utter_verification_locked"]


def test_a_locked_order_still_opens_to_its_owner_signed_in_on_a_trusted_channel(
        backend, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("IDENTITY_VERIFICATION_SECRET", SECRET)
    # Someone who knows the number locks it by guessing ...
    lock_order_from_one_conversation("A1002", "wrong@example.com", domain)
    # ... its owner, whose identity the website vouches for, still gets in.
    events = run(ValidateVerifyOrderForm(), order_number_typed("A1002", signed(EMAILS["A1002"])),
                 dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1002"
    # A signed-in buyer who does not own it is still refused, with the unknown-order reply.
    dispatcher.messages.clear()
    events = run(ValidateVerifyOrderForm(), order_number_typed("A1002", signed(EMAILS["A1001"])),
                 dispatcher, domain)
    assert "verified_order" not in slot_events(events)
    assert responses(dispatcher) == ["utter_order_not_found"]


def test_failures_from_different_conversations_add_up(backend, domain, no_sleep):
    from rasa_sdk.executor import CollectingDispatcher

    said = []
    for _ in range(3):  # three conversations, one wrong email each
        dispatcher = CollectingDispatcher()
        events = submit_pair("A1002", "wrong@example.com", dispatcher, domain)
        said.append(responses(dispatcher))
    assert said == [["utter_order_not_found"]] * 3
    assert no_sleep == [1.0, 1.0]  # the order's second and third failures are slowed down too
    assert slot_events(events)["requested_slot"] is None  # the third locks: the form ends
    assert slot_events(events)["order_id"] == "A1002"
    dispatcher = CollectingDispatcher()
    order_status_after_restart("A1002", dispatcher, domain)
    assert responses(dispatcher) == ["utter_verification_locked"]
    # Other orders are not affected.
    dispatcher = CollectingDispatcher()
    assert slot_events(submit_pair("A1001", EMAILS["A1001"], dispatcher, domain))["verified_order"] == "A1001"


def test_a_locked_unknown_order_number_looks_like_a_locked_real_one(backend, domain):
    from rasa_sdk.executor import CollectingDispatcher

    seen = {}
    for order_id in ("A1002", "A9999"):
        changes = lock_order_from_one_conversation(order_id, "wrong@example.com", domain)
        changes.pop("verification_locked_until")
        dispatcher = CollectingDispatcher()
        events = order_status_after_restart(order_id, dispatcher, domain)
        asking = CollectingDispatcher()
        tracker = make_tracker(slots={"requested_slot": "order_id", "order_id": order_id},
                               entities=[{"entity": "order_id", "value": order_id}],
                               active_loop="verify_order_form")
        form = slot_events(run(ValidateVerifyOrderForm(), tracker, asking, domain))
        seen[order_id] = (changes, dispatcher.messages, slot_events(events), asking.messages, form)
    real, unknown = seen["A1002"], seen["A9999"]
    assert repr(real).replace("A1002", "A____") == repr(unknown).replace("A9999", "A____")
    assert [m["response"] for m in real[1]] == ["utter_verification_locked"]
    assert real[4]["requested_slot"] is None  # typing a locked number ends the form at once


def test_the_lock_ends_when_the_window_has_passed(backend, dispatcher, domain):
    long_ago = datetime.datetime.utcnow() - datetime.timedelta(seconds=905)
    for seconds in range(3):
        backend.record_verification_failure("A1002", long_ago + datetime.timedelta(seconds=seconds))
    events = submit_pair("A1002", EMAILS["A1002"], dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1002"


def test_three_failures_spread_over_more_than_the_window_do_not_lock(backend, dispatcher, domain):
    now = datetime.datetime.utcnow()
    backend.record_verification_failure("A1002", now - datetime.timedelta(seconds=1000))
    backend.record_verification_failure("A1002", now - datetime.timedelta(seconds=10))
    events = submit_pair("A1002", "wrong@example.com", dispatcher, domain)
    assert slot_events(events)["order_id"] is None  # asked again, not locked
    dispatcher.messages.clear()
    order_status_after_restart("A1002", dispatcher, domain)
    assert responses(dispatcher) == []  # not locked: verification starts


def test_success_clears_that_orders_failures_only(backend, domain):
    from rasa_sdk.executor import CollectingDispatcher

    since = datetime.datetime(2000, 1, 1)
    for order_id in ("A1001", "A1002"):
        for failures in range(2):
            submit_pair(order_id, "wrong@example.com", CollectingDispatcher(), domain,
                        verification_failures=failures)
    events = submit_pair("A1002", EMAILS["A1002"], CollectingDispatcher(), domain)
    assert slot_events(events)["verified_order"] == "A1002"
    assert backend.verification_failures("A1002", since) == []  # the owner proved it
    assert len(backend.verification_failures("A1001", since)) == 2  # other orders keep theirs


def test_one_read_and_one_transaction_per_failed_verification(backend, dispatcher, domain):
    import sqlalchemy as sa

    statements = []

    @sa.event.listens_for(backend.engine, "before_cursor_execute")
    def seen(conn, cursor, statement, parameters, context, executemany):
        if "verification_failures" in statement:
            statements.append(statement.split()[0])

    lock_order_from_one_conversation("A1002", "wrong@example.com", domain)
    # Per message: one lock read, then housekeeping + record + count in one transaction.
    assert statements == ["SELECT", "DELETE", "INSERT", "SELECT"] * 3
    statements.clear()
    order_status_after_restart("A1002", dispatcher, domain)
    assert responses(dispatcher) == ["utter_verification_locked"]
    assert statements == ["SELECT"]  # not once more for the minutes


def test_a_new_request_naming_an_order_inside_the_form_replaces_the_parked_one(backend, dispatcher, domain):
    tracker = make_tracker(
        slots={"requested_slot": "email", "order_id": "A1002", "pending_action": "action_request_return"},
        intent="cancel_order", text="actually, cancel order A1002",
        entities=[{"entity": "order_id", "value": "A1002"}], active_loop="verify_order_form",
    )
    events = run(ValidateVerifyOrderForm(), tracker, dispatcher, domain)
    assert slot_events(events)["pending_action"] == "action_offer_cancellation"
    assert "verified_order" not in slot_events(events)  # the form goes on to ask the email


def test_an_order_number_given_as_the_answer_keeps_the_parked_request(backend, dispatcher, domain):
    tracker = make_tracker(
        slots={"requested_slot": "order_id", "order_id": "A1002", "pending_action": "action_request_return"},
        intent="inform", text="A1002", entities=[{"entity": "order_id", "value": "A1002"}],
        active_loop="verify_order_form",
    )
    assert "pending_action" not in slot_events(run(ValidateVerifyOrderForm(), tracker, dispatcher, domain))


def kept_together(order_id, email, earlier=()):
    """Slot events as action_not_understood leaves them for "A1002 jonas.weber@…"."""
    return [*earlier, {"event": "slot", "name": "order_id", "value": order_id},
            {"event": "slot", "name": "email", "value": email}]


def test_an_email_given_with_the_order_number_is_checked_not_asked_again(backend, dispatcher, domain):
    # "A1002 jonas.weber@…" first (kept by action_not_understood), then "where is it?"
    tracker = make_tracker(intent="track_package", slots={"order_id": "A1002", "email": EMAILS["A1002"]},
                           events=kept_together("A1002", EMAILS["A1002"]))
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert "email" not in slot_events(events)
    assert followups(events) == ["verify_order_form"]
    events = run(ValidateVerifyOrderForm(), make_tracker(
        intent="track_package", slots={"order_id": "A1002", "email": EMAILS["A1002"]}), dispatcher, domain)
    assert slot_events(events)["verified_order"] == "A1002"


def test_an_email_written_before_the_order_number_is_asked_for_again(backend, dispatcher, domain):
    # "I can't log in with jonas.weber@…" earlier, then "where is my order A1002": the email was
    # not given for this order, so it is asked for, not tried.
    events_before = [{"event": "slot", "name": "email", "value": EMAILS["A1002"]},
                     {"event": "slot", "name": "order_id", "value": "A1002"}]
    tracker = make_tracker(intent="track_package", slots={"order_id": "A1002", "email": EMAILS["A1002"]},
                           events=events_before)
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert slot_events(events)["email"] is None
    assert followups(events) == ["verify_order_form"]


def test_an_order_number_sent_when_asked_for_after_an_email_is_checked_with_that_email(
        backend, dispatcher, domain):
    # "jonas.weber@…" alone, the bot asks which order, then "where is my order A1002?"
    asked = [{"event": "user", "text": EMAILS["A1002"]},
             {"event": "bot", "text": "Thanks. Which order is it about?",
              "metadata": {"utter_action": "utter_ask_order_of_email"}},
             {"event": "rewind"},
             {"event": "slot", "name": "email", "value": EMAILS["A1002"]}]
    tracker = make_tracker(intent="track_package", text="where is my order A1002?",
                           entities=[{"entity": "order_id", "value": "A1002"}],
                           slots={"order_id": "A1002", "email": EMAILS["A1002"]}, events=asked)
    events = run(ActionOrderStatus(), tracker, dispatcher, domain)
    assert "email" not in slot_events(events)
    assert followups(events) == ["verify_order_form"]
