"""Return, exchange and damage-claim flows: typed answers, exchange targets, items not in the
order, refunds promised by claims, and one open case per item.

Each test runs the action or form validation the way Rasa would on that turn and checks what
the buyer is told (response names and key parameters) and what is stored (cases).
"""
from decimal import Decimal

import pytest

from actions.claims import ActionReportItemProblem
from actions.forms import ValidateClaimForm, ValidateReturnForm
from actions.resolutions import resolution_in_text
from actions.orders import ActionDeliveryProblem
from actions.returns import ActionRefundStatus, ActionRequestReturn
from actions.shop import schema

from .conftest import followups, message, responses, run, slot_events, verified

SNEAKERS = "Trail-running sneakers"
RETURN_ANSWERS = {"return_reason": "too small", "item_condition": "unused", "resolution": "refund"}
CLAIM_ANSWERS = {"claim_type": "damaged", "claim_description": "the sole came off",
                 "photo_url": "https://img.example.com/1.jpg"}


def answer(order_id, text, intent="inform", entities=(), set_now=None, **slots):
    """The tracker a form's validation sees: the buyer's latest message, plus the slots Rasa's
    slot mappings filled from it (`set_now`), appended after the message as Rasa does."""
    tracker = verified(order_id, **slots, **(set_now or {}))
    tracker.latest_message.update(
        intent={"name": intent, "confidence": 0.9}, text=text,
        entities=[{"entity": e, "value": v} for e, v in entities],
    )
    tracker.events[-1]["text"] = text
    tracker.events.extend({"event": "slot", "name": k, "value": v} for k, v in (set_now or {}).items())
    return tracker


def in_return_form(text, intent="inform", entities=(), set_now=None, **slots):
    return answer("A1001", text, intent, entities, set_now,
                  **{"product": SNEAKERS, "return_reason": "too small", "item_condition": "unused", **slots})


def in_claim_form(text, intent="inform", order_id="A1001", **slots):
    return answer(order_id, text, intent,
                  **{"product": SNEAKERS, "requested_slot": "resolution", **CLAIM_ANSWERS, **slots})


# --- A: "exchange" typed in the return form is an exchange --------------------------------

@pytest.mark.parametrize("text, intent", [
    ("exchange", "request_return"), ("an exchange please", "request_return"),
    ("I'd rather exchange it", "request_return"), ("je préfère un échange", "request_return"),
    ("lieber umtauschen", "check_refund_status"), ("quiero cambiarlas", "request_return"),
    ("交換でお願いします", "request_return"), ("wolę wymianę", "request_return"),
])
def test_typed_exchange_is_an_exchange_whatever_the_intent(backend, dispatcher, domain, text, intent):
    events = run(ValidateReturnForm(), in_return_form(text, intent, requested_slot="resolution"),
                 dispatcher, domain)
    slots = slot_events(events)
    assert slots["resolution"] == "exchange"
    assert slots["requested_slot"] == "size"  # the new size is asked next, not a refund case


@pytest.mark.parametrize("text, intent, resolution", [
    ("I'd like to return them", "request_return", "refund"),  # the words say nothing: intent
    ("ok I'll take the money", "check_refund_status", "refund"),
    ("I'd prefer a refund", "inform", "refund"),
])
def test_the_intent_answers_only_when_the_words_name_nothing(backend, dispatcher, domain, text, intent,
                                                               resolution):
    events = run(ValidateReturnForm(), in_return_form(text, intent, requested_slot="resolution"),
                 dispatcher, domain)
    assert slot_events(events)["resolution"] == resolution


def test_typed_exchange_ends_as_an_exchange_case_with_the_new_size(backend, dispatcher, domain):
    form_events = run(ValidateReturnForm(), in_return_form("exchange", "request_return",
                                                           requested_slot="resolution"), dispatcher, domain)
    assert slot_events(form_events)["requested_slot"] == "size"
    events = run(ActionRequestReturn(), verified("A1001", **{**RETURN_ANSWERS, "resolution": "exchange",
                                                             "size": "39", "product": SNEAKERS}),
                 dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.requested_resolution) == ("exchange", "exchange:39/blue")
    assert "utter_return_case_opened" not in responses(dispatcher)
    assert message(dispatcher, "utter_exchange_case_opened")["size"] == "39"


# --- B: a typed resolution in the damage-claim form fills the claim's resolution ------------

@pytest.mark.parametrize("text, intent, resolution", [
    ("full refund", "request_return", "refund"), ("a replacement please", "inform", "replacement"),
    ("partial refund", "check_refund_status", "partial_refund"), ("reembolso completo", "check_refund_status", "refund"),
    ("reembolso parcial", "inform", "partial_refund"), ("un remplacement, s'il vous plaît", "inform", "replacement"),
    ("bitte Ersatz schicken", "inform", "replacement"), ("部分退款", "check_refund_status", "partial_refund"),
    ("全額返金でお願いします", "check_refund_status", "refund"), ("환불해 주세요", "check_refund_status", "refund"),
    ("I'd like an exchange", "request_return", "replacement"),  # a new one of the same item
    ("send me a new one", "change_order", "replacement"),
])
def test_a_typed_answer_fills_the_claim_resolution(backend, dispatcher, domain, text, intent, resolution):
    events = run(ValidateClaimForm(), in_claim_form(text, intent), dispatcher, domain)
    assert slot_events(events)["resolution"] == resolution
    assert dispatcher.messages == []  # nothing else answered: the claim goes on


def test_the_claim_continues_to_its_case_after_a_typed_full_refund(backend, dispatcher, domain):
    events = run(ValidateClaimForm(), in_claim_form("full refund", "request_return"), dispatcher, domain)
    resolution = slot_events(events)["resolution"]
    events = run(ActionReportItemProblem(), verified("A1001", **CLAIM_ANSWERS, resolution=resolution),
                 dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.requested_resolution) == ("damaged", "refund")
    assert message(dispatcher, "utter_claim_opened_refund")["amount"] == "89.90"
    assert [c.type for c in backend.cases_for_order("A1001")] == ["damaged"]  # no return started


def test_other_questions_of_the_claim_form_are_not_read_as_a_resolution(backend, dispatcher, domain):
    tracker = in_claim_form("refund", "inform", requested_slot="photo_url", photo_url=None)
    assert run(ValidateClaimForm(), tracker, dispatcher, domain) == []


def test_claim_words_in_each_form(backend):
    assert resolution_in_text("partial refund") is None  # the return form offers no partial refund
    assert resolution_in_text("a replacement please") == "exchange"
    assert resolution_in_text("a replacement or a refund", ("replacement", "refund", "partial_refund")) is None


# --- C: an exchange asks for the new size; the size they have is no target --------------------

def test_the_size_the_buyer_has_is_asked_again_not_used(backend, dispatcher, domain):
    # "I want to exchange my size 38 sneakers from order A1001" filled size=38 long ago; now
    # the buyer clicks Exchange.
    tracker = in_return_form('/inform{"resolution":"exchange"}', entities=[("resolution", "exchange")],
                             set_now={"resolution": "exchange"}, requested_slot="resolution", size="38")
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    slots = slot_events(events)
    assert slots["size"] is None and slots["requested_slot"] == "size"
    assert dispatcher.messages == []  # the form's "Which size would you like instead?" follows


def test_the_same_size_as_an_answer_is_refused_politely(backend, dispatcher, domain):
    tracker = in_return_form("38", entities=[("size", "38")], set_now={"size": "38"},
                             requested_slot="size", resolution="exchange")
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    assert slot_events(events)["size"] is None and slot_events(events)["requested_slot"] == "size"
    reply = message(dispatcher, "utter_exchange_same_size")
    assert (reply["product"], reply["size"]) == (SNEAKERS, "38")


@pytest.mark.parametrize("answer", ["a 39 please", "la 39", "换成39号", "39사이즈로 주세요", "39号で"])
def test_a_typed_new_size_completes_the_exchange(backend, dispatcher, domain, answer):
    tracker = in_return_form(answer, requested_slot="size", resolution="exchange", size=None)
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    assert slot_events(events)["size"] == "39" and slot_events(events)["requested_slot"] is None


@pytest.mark.parametrize("answer", ["139", "38-39", "3940"])
def test_a_number_that_is_not_one_size_is_not_taken_for_one(backend, dispatcher, domain, answer):
    tracker = in_return_form(answer, requested_slot="size", resolution="exchange", size=None)
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    assert slot_events(events).get("size") is None


def test_a_new_size_named_before_is_not_asked_again(backend, dispatcher, domain):
    tracker = in_return_form("exchange", "request_return", requested_slot="resolution", size="40")
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    assert slot_events(events)["resolution"] == "exchange" and slot_events(events)["requested_slot"] is None


def test_a_finished_exchange_forgets_its_size_and_colour(backend, dispatcher, domain):
    answers = {**RETURN_ANSWERS, "resolution": "exchange", "size": "39", "colour": "black", "product": SNEAKERS}
    events = run(ActionRequestReturn(), verified("A1001", **answers), dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert case.requested_resolution == "exchange:39/black"
    reply = message(dispatcher, "utter_exchange_case_opened")
    assert (reply["size"], reply["colour"]) == ("39", "black")
    slots = slot_events(events)
    assert (slots["size"], slots["colour"], slots["product"]) == (None, None, None)


# --- D: refunded orders and products the order does not contain --------------------------------

def test_a_claim_on_a_refunded_order_explains_and_opens_nothing(backend, dispatcher, domain):
    tracker = verified("A1006", claim_type="damaged", product="wireless headphones")
    events = run(ActionReportItemProblem(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_order_was_refunded"]
    assert message(dispatcher, "utter_order_was_refunded")["refunded_on"] == backend.get_order(
        "A1006").refunded_at.date().isoformat()
    assert followups(events) == [] and backend.cases_for_order("A1006") == []


def test_a_claim_on_a_cancelled_order_explains_and_opens_nothing(backend, dispatcher, domain):
    backend.cancel_order("A1003")
    run(ActionReportItemProblem(), verified("A1003", claim_type="damaged"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_order_was_cancelled"]
    assert backend.cases_for_order("A1003") == []


def test_a_product_not_in_a_one_item_order_is_named_not_replaced(backend, dispatcher, domain):
    tracker = verified("A1001", claim_type="damaged", product="wireless headphones")
    events = run(ActionReportItemProblem(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_item_not_in_order_single"]
    reply = message(dispatcher, "utter_item_not_in_order_single")
    assert (reply["order_product"], reply["product"], reply["order_id"]) == (SNEAKERS, "Wireless headphones", "A1001")
    assert followups(events) == [] and backend.cases_for_order("A1001") == []
    assert slot_events(events)["product"] is None  # "I mean the sneakers" starts afresh


def test_a_product_not_in_a_larger_order_lists_its_items(backend, dispatcher, domain):
    with backend.engine.begin() as conn:
        conn.execute(schema.order_items.insert().values(
            order_id="A1001", sku="CASE-PH-GREEN", product_sku="CASE-PH", name="Phone case",
            category="accessories", size=None, colour="green", quantity=1, unit_price=Decimal("19.90")))
    run(ActionRequestReturn(), verified("A1001", product="headphones"), dispatcher, domain)
    reply = message(dispatcher, "utter_item_not_in_order")
    assert reply["items"] == f"{SNEAKERS}, Phone case" and reply["product"] == "Wireless headphones"
    dispatcher.messages.clear()
    run(ActionRequestReturn(), verified("A1001", product="phone case"), dispatcher, domain)
    assert message(dispatcher, "utter_return_eligible")["product"] == "Phone case"


def test_a_named_product_in_another_language_still_finds_the_item(backend, dispatcher, domain):
    run(ActionReportItemProblem(), verified("A1001", claim_type="damaged", product="trail-running sneakers"),
        dispatcher, domain)
    assert message(dispatcher, "utter_claim_apology_damaged")["product"] == SNEAKERS


def test_a_wrong_item_claim_may_name_what_arrived_instead(backend, dispatcher, domain):
    run(ActionReportItemProblem(), verified("A1001", claim_type="wrong_item", product="headphones"),
        dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_apology_wrong_item"]


# --- E: refund status counts claims with a refund ---------------------------------------------

@pytest.mark.parametrize("resolution", ["refund", "partial_refund"])
def test_refund_status_reports_a_refund_claim(backend, dispatcher, domain, resolution):
    events = run(ActionReportItemProblem(), verified("A1001", **CLAIM_ANSWERS, resolution=resolution),
                 dispatcher, domain)
    case_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    events = run(ActionRefundStatus(), verified("A1001"), dispatcher, domain)
    reply = message(dispatcher, "utter_refund_in_progress")
    assert (reply["case_id"], reply["case_status"], reply["case_type"]) == (case_id, "open", "damaged")
    assert "utter_no_refund" not in responses(dispatcher)
    assert slot_events(events)["case_id"] == case_id


def test_a_replacement_claim_promises_no_refund(backend, dispatcher, domain):
    run(ActionReportItemProblem(), verified("A1001", **CLAIM_ANSWERS, resolution="replacement"),
        dispatcher, domain)
    dispatcher.messages.clear()
    run(ActionRefundStatus(), verified("A1001"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_no_refund"]


# --- F: one open case per item ------------------------------------------------------------------

def test_a_return_after_a_damage_claim_points_to_the_claim(backend, dispatcher, domain):
    events = run(ActionReportItemProblem(), verified("A1001", **CLAIM_ANSWERS, resolution="refund"),
                 dispatcher, domain)
    claim_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    events = run(ActionRequestReturn(), verified("A1001"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_item_case_already_open"]
    reply = message(dispatcher, "utter_item_case_already_open")
    assert (reply["case_id"], reply["case_type"], reply["case_status"]) == (claim_id, "damaged", "open")
    assert followups(events) == []  # no return form
    assert [c.id for c in backend.cases_for_order("A1001")] == [claim_id]


def test_an_exchange_finished_after_a_return_was_opened_is_not_a_second_case(backend, dispatcher, domain):
    events = run(ActionRequestReturn(), verified("A1001", **RETURN_ANSWERS), dispatcher, domain)
    return_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    answers = {**RETURN_ANSWERS, "resolution": "exchange", "size": "39"}
    run(ActionRequestReturn(), verified("A1001", **answers), dispatcher, domain)
    assert message(dispatcher, "utter_item_case_already_open")["case_id"] == return_id
    assert [c.type for c in backend.cases_for_order("A1001")] == ["return"]


def test_a_claim_after_a_return_points_to_the_return(backend, dispatcher, domain):
    events = run(ActionRequestReturn(), verified("A1001", **RETURN_ANSWERS), dispatcher, domain)
    return_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    run(ActionReportItemProblem(), verified("A1001", claim_type="damaged"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_item_case_already_open"]
    assert message(dispatcher, "utter_item_case_already_open")["case_type"] == "return"
    assert [c.id for c in backend.cases_for_order("A1001")] == [return_id]


def test_a_delivery_dispute_blocks_a_return_of_the_same_order(backend, dispatcher, domain):
    events = run(ActionDeliveryProblem(), verified("A1001"), dispatcher, domain)
    dispute_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    run(ActionRequestReturn(), verified("A1001"), dispatcher, domain)
    reply = message(dispatcher, "utter_item_case_already_open")
    assert (reply["case_id"], reply["case_type"]) == (dispute_id, "delivery_dispute")
    assert len(backend.cases_for_order("A1001")) == 1


def test_a_resolved_case_does_not_block_a_new_request(backend, dispatcher, domain):
    events = run(ActionReportItemProblem(), verified("A1001", **CLAIM_ANSWERS, resolution="replacement"),
                 dispatcher, domain)
    backend.add_case_event(slot_events(events)["case_id"], "resolved", "replacement sent")
    dispatcher.messages.clear()
    run(ActionRequestReturn(), verified("A1001"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_return_eligible"]


def test_the_same_return_twice_is_still_the_same_case(backend, dispatcher, domain):
    first = slot_events(run(ActionRequestReturn(), verified("A1001", **RETURN_ANSWERS), dispatcher, domain))
    second = slot_events(run(ActionRequestReturn(), verified("A1001", **RETURN_ANSWERS), dispatcher, domain))
    assert first["case_id"] == second["case_id"]
    assert responses(dispatcher).count("utter_return_case_opened") == 2


def test_a_word_for_the_item_the_synonyms_miss_is_the_one_item(backend, dispatcher, domain):
    run(ActionRequestReturn(), verified("A1001", product="鞋子"), dispatcher, domain)
    assert message(dispatcher, "utter_return_eligible")["product"] == SNEAKERS


def test_exchange_for_the_same_size_said_with_the_choice_is_refused(backend, dispatcher, domain):
    # "an exchange for a 38": the size slot was filled by this message, not asked for.
    tracker = in_return_form("an exchange for a 38", "request_return", entities=[("size", "38")],
                             requested_slot="resolution", size="38")
    events = run(ValidateReturnForm(), tracker, dispatcher, domain)
    assert slot_events(events)["size"] is None and slot_events(events)["requested_slot"] == "size"
    assert responses(dispatcher) == ["utter_exchange_same_size"]
