"""Whole conversations over the REST webhook against the running stack, checked in the shop DB.

Each test uses its own conversation id. Orders that a test changes (A1003 is cancelled) are
only changed by that test; the others read.
"""
import re
import uuid

import pytest

from actions.shop.sql_backend import SqlShopBackend
from tests.conversations.order_copies import copy_order

ORDER_DETAIL = re.compile(r"DHL|tracking|€|\d{4}-\d{2}-\d{2}|November|December|January|in transit|shipped", re.I)


@pytest.fixture(scope="module")
def shop(env, action_server):
    return SqlShopBackend(env["SHOP_DATABASE_URL"])


def new_buyer() -> str:
    return f"buyer-{uuid.uuid4().hex[:10]}"


def test_no_order_detail_before_verification_and_wrong_pair_equals_unknown_order(rasa):
    buyer = new_buyer()
    first = rasa.texts(buyer, "where is my order A1002")
    assert "email" in first.lower() and not ORDER_DETAIL.search(first), first

    wrong_pair = rasa.texts(buyer, "maria.garcia@example.com")  # a real buyer, but not A1002's
    other = new_buyer()
    rasa.texts(other, "where is my order A9999")
    unknown = rasa.texts(other, "maria.garcia@example.com")
    assert not ORDER_DETAIL.search(wrong_pair), wrong_pair
    assert wrong_pair == unknown, "a wrong pair must read exactly like an unknown order"


def test_verified_buyer_sees_status_and_tracking_timeline(rasa):
    buyer = new_buyer()
    rasa.texts(buyer, "where is my order A1002")
    reply = rasa.texts(buyer, "jonas.weber@example.com")
    assert "A1002" in reply and "DHL" in reply
    assert reply.count("(") >= 3, f"expected a timeline of tracking events:\n{reply}"


def test_an_order_number_on_its_own_is_asked_about_then_used(rasa):
    buyer = new_buyer()
    asked = rasa.texts(buyer, "A1002")
    assert "What can I do for you about order A1002?" in asked, asked
    assert not ORDER_DETAIL.search(asked.replace("A1002", "")), asked
    verifying = rasa.texts(buyer, "where is it?")
    assert "email" in verifying.lower(), verifying
    status = rasa.texts(buyer, "jonas.weber@example.com")
    assert "A1002" in status and "DHL" in status, status


def test_an_order_number_with_its_email_is_not_asked_for_again(rasa):
    buyer = new_buyer()
    asked = rasa.texts(buyer, "A1002 jonas.weber@example.com")
    assert "What can I do for you about order A1002?" in asked, asked
    status = rasa.texts(buyer, "where is it?")
    assert "A1002" in status and "DHL" in status, status


def test_an_email_on_its_own_is_asked_for_its_order_and_then_not_asked_for_again(rasa):
    buyer = new_buyer()
    asked = rasa.texts(buyer, "my email is jonas.weber@example.com")
    assert "Which order is it about?" in asked, asked
    about = rasa.texts(buyer, "A1002")
    assert "What can I do for you about order A1002?" in about, about
    status = rasa.texts(buyer, "where is it?")
    assert "A1002" in status and "DHL" in status, status


def test_cancel_after_shipment_is_refused_and_the_order_is_unchanged(rasa, shop):
    before = shop.get_order("A1002")
    buyer = new_buyer()
    rasa.texts(buyer, "I want to cancel order A1002")
    reply = rasa.texts(buyer, "jonas.weber@example.com")
    assert "can no longer be cancelled" in reply
    assert shop.get_order("A1002").status == before.status == "in_transit"


def test_cancel_before_shipment_after_confirmation(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "please cancel my order A1003")
    offer = rasa.texts(buyer, "li.wei@example.com")
    assert "Shall I cancel it?" in offer
    assert shop.get_order("A1003").status == "paid", "nothing changes before the buyer confirms"
    done = rasa.texts(buyer, "/affirm")
    assert "cancelled" in done
    assert shop.get_order("A1003").status == "cancelled"


def test_return_inside_the_window_opens_one_case_with_instructions(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "I want to return my sneakers from order A1001")
    eligible = rasa.texts(buyer, "maria.garcia@example.com")
    assert "can be returned until" in eligible
    rasa.texts(buyer, "they are too small")
    rasa.texts(buyer, "/affirm")
    opened = rasa.texts(buyer, '/inform{"resolution":"refund"}')
    case_id = re.search(r"C-[A-Z0-9]{6}", opened).group(0)
    assert "Your return is registered" in opened, opened
    returns = [c for c in shop.cases_for_order("A1001") if c.type == "return"]
    assert [c.id for c in returns] == [case_id]
    assert returns[0].reason == "they are too small" and returns[0].requested_resolution == "refund"

    # The same request again gives the same case, not a second one.
    again = new_buyer()
    rasa.texts(again, "I want to return order A1001")
    rasa.texts(again, "maria.garcia@example.com")
    rasa.texts(again, "they are too small")
    rasa.texts(again, "/affirm")
    repeated = rasa.texts(again, "refund please")
    assert case_id in repeated, repeated
    assert len([c for c in shop.cases_for_order("A1001") if c.type == "return"]) == 1

    status = rasa.texts(buyer, f"what is the status of case {case_id}")
    assert case_id in status and "open" in status, status


def test_return_outside_the_window_is_refused_with_the_rule(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "I'd like to return the dress from order A1004")
    reply = rasa.texts(buyer, "emma.johnson@example.com")
    assert "45 days" in reply or "days" in reply and "window" in reply.lower(), reply
    assert [c for c in shop.cases_for_order("A1004") if c.type == "return"] == []


def test_late_parcel_past_the_threshold_opens_a_delivery_dispute(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "my parcel for order A1005 is very late")
    reply = rasa.texts(buyer, "ana.souza@example.com")
    assert "12 days" in reply
    disputes = [c for c in shop.cases_for_order("A1005") if c.type == "delivery_dispute"]
    assert len(disputes) == 1 and disputes[0].id in reply


def test_presale_answers_come_from_the_catalogue_and_policies(rasa):
    buyer = new_buyer()
    size = rasa.texts(buyer, "which size of the trail running sneakers for a 24.5 cm foot?")
    assert re.search(r"\b3[6-9]\b", size), size
    shipping = rasa.texts(buyer, "how much is shipping to Germany?")
    assert "€" in shipping and "Germany" in shipping, shipping
    duties = rasa.texts(buyer, "will I pay customs duties in Brazil?")
    assert "Brazil" in duties, duties
    stock = rasa.texts(buyer, "do you have the linen summer dress in stock?")
    assert "sold out" in stock and "size or colour" in stock, stock  # XL red is sold out
    option = rasa.texts(buyer, "is the linen summer dress available in XL red?")
    assert "isn't available" in option, option
    other = rasa.texts(buyer, "and in white?")  # the same dress in another colour
    assert "Linen summer dress is in stock" in other and "colour white" in other, other


def test_a_country_we_do_not_deliver_to_is_said_so_not_asked_for(rasa):
    buyer = new_buyer()
    reply = rasa.texts(buyer, "do you ship to canada?")
    assert "don't deliver to Canada" in reply, reply
    # No country question left open: the next question is answered as asked.
    follow = rasa.texts(buyer, "how much does the smartwatch cost?")
    assert "199" in follow and "Which country" not in follow, follow


def test_a_form_can_be_interrupted_by_a_question_and_then_stopped(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "I want to return order A1001")
    rasa.texts(buyer, "maria.garcia@example.com")
    question = rasa.texts(buyer, "how much is shipping to Spain?")
    assert "Spain" in question and "€" in question, question
    stopped = rasa.texts(buyer, "never mind, forget it")
    assert stopped, "the bot must acknowledge that the request is dropped"
    assert len([c for c in shop.cases_for_order("A1001") if c.type == "return"]) <= 1


def test_a_country_follow_up_asks_the_same_question_for_that_country(rasa):
    buyer = new_buyer()
    spain = rasa.texts(buyer, "what is your return policy for Spain?")
    assert "return items within" in spain and "Spain" in spain, spain
    germany = rasa.texts(buyer, "and for Germany?")
    assert "return items within" in germany and "Germany" in germany, germany
    assert "import" not in germany, "a return-policy follow-up must not answer customs"
    customs = rasa.texts(buyer, "what are the customs duties for Germany?")
    assert "import" in customs and "Germany" in customs, customs
    japan = rasa.texts(buyer, "and to Japan?")
    assert "import" in japan and "Japan" in japan and "return items" not in japan, japan


def test_cancel_naming_another_order_inside_a_form_stops_it_and_handles_that_order(rasa, shop):
    buyer = new_buyer()
    asked = rasa.texts(buyer, "I want to return the dress from order A1004")
    assert "email" in asked.lower(), asked
    switched = rasa.texts(buyer, "actually, cancel order A1002")
    assert "email" in switched.lower() and "A1004" not in switched, switched
    refused = rasa.texts(buyer, "jonas.weber@example.com")
    assert "A1002" in refused and "can no longer be cancelled" in refused, refused
    assert shop.get_order("A1002").status == "in_transit"


def test_a_product_follow_up_asks_the_same_question_for_that_product(rasa, shop):
    buyer = new_buyer()
    headphones, watch = shop.find_product("wireless headphones"), shop.find_product("smartwatch")
    first = rasa.texts(buyer, "how much are the wireless headphones?")
    assert f"{headphones.price:.2f}" in first, first
    then = rasa.texts(buyer, "and the smartwatch?")
    assert f"{watch.price:.2f}" in then and "Smartwatch" in then, then
    other = new_buyer()  # no product named yet: the bot asks which, and the answer is one
    asked = rasa.texts(other, "tell me about one of your products")
    assert "Which product" in asked, asked
    bag = rasa.texts(other, "the leather handbag")
    assert "Leather handbag" in bag and "leather" in bag.lower(), bag


def test_a_bare_cancel_stops_the_form_and_cancels_no_order(rasa, shop):
    buyer = new_buyer()  # A1011: no other test opens a case for it
    rasa.texts(buyer, "the swimsuit from order A1011 arrived damaged")
    asked = rasa.texts(buyer, "anna.kowalska@example.com")
    assert "describe what's wrong" in asked, asked
    stopped = rasa.texts(buyer, "cancel")
    assert "stopped" in stopped and "Shall I cancel" not in stopped, stopped
    assert shop.get_order("A1011").status == "delivered"
    assert shop.cases_for_order("A1011") == []
    verifying = new_buyer()
    rasa.texts(verifying, "where is my order?")
    assert "stopped" in rasa.texts(verifying, "cancel")
    sizes = new_buyer()
    rasa.texts(sizes, "what size should I take for the dress?")
    assert "stopped" in rasa.texts(sizes, "cancel")


def test_two_misunderstandings_in_a_row_offer_a_person(rasa):
    # "/nlu_fallback" is what the NLU yields below its confidence threshold; sending it
    # directly keeps this a test of the dialogue, whatever the model makes of gibberish.
    buyer = new_buyer()
    first = rasa.texts(buyer, "/nlu_fallback")
    second = rasa.texts(buyer, "/nlu_fallback")
    assert first and second and first != second, (first, second)
    assert "support team" in second, second


def test_a_happy_reviewer_is_thanked_and_nothing_is_opened(rasa, shop):
    complaints_before = len(shop.cases_for_order("A1002"))
    buyer = new_buyer()
    asked = rasa.texts(buyer, "I want to give you 5 stars for order A1002")
    assert "How was your experience?" in asked, asked
    thanks = rasa.texts(buyer, "/affirm")  # the "It was great" button
    assert "review from the order page" in thanks and "sorry" not in thanks.lower(), thanks
    assert len(shop.cases_for_order("A1002")) == complaints_before


def test_an_unhappy_reviewer_gets_a_case_and_compensation(rasa, shop):
    buyer = new_buyer()
    rasa.texts(buyer, "I want to change my review")
    asks_order = rasa.texts(buyer, "/deny")  # "Something went wrong"
    assert "order" in asks_order.lower(), asks_order
    rasa.texts(buyer, "A1004")  # delivered: only a delivered order is compensated
    why = rasa.texts(buyer, "emma.johnson@example.com")
    assert "What went wrong?" in why, why
    offer = rasa.texts(buyer, "the parcel was left in the rain and the box was soaked")
    found = re.search(r"C-[A-Z0-9]{6}", offer)
    assert found, (asks_order, why, offer)
    case_id = found.group(0)
    assert "coupon" in offer, offer
    case = shop.get_case(case_id)
    assert case.type == "complaint" and "left in the rain" in case.reason


def test_a_signed_in_customer_needs_no_email_and_a_forged_identity_gets_none(rasa):
    from actions.verification import identity_hash
    from tests.services import IDENTITY_SECRET

    email = "jonas.weber@example.com"
    # Anyone can put an email into the metadata of a webhook call: without the shop's
    # signature it proves nothing, and the email is asked for as usual.
    forged = rasa.texts(new_buyer(), "where is my order A1002", metadata={"verified_email": email})
    assert "email" in forged.lower() and not ORDER_DETAIL.search(forged), forged
    # The shop's server signed its signed-in customer: the order number alone is enough.
    signed = {"verified_email": email, "identity_hash": identity_hash(email, IDENTITY_SECRET)}
    reply = rasa.texts(new_buyer(), "where is my order A1002", metadata=signed)
    assert "A1002" in reply and "DHL" in reply, reply


def test_a_second_charge_the_buyer_still_sees_goes_to_the_payments_team(rasa, shop):
    copy_order(shop, "A1001", "A7901")  # charged once
    buyer = new_buyer()
    rasa.texts(buyer, "I was charged twice for order A7901")
    explained = rasa.texts(buyer, "maria.garcia@example.com")
    assert "once" in explained and "authorisation hold" in explained, explained
    assert shop.cases_for_order("A7901") == [], "an explanation opens no case"
    insisted = rasa.texts(buyer, "my bank statement still shows two payments for it")
    cases = shop.cases_for_order("A7901")
    assert [c.type for c in cases] == ["payment"], cases
    assert cases[0].id in insisted and "payments team" in insisted, insisted
    assert "support team" in insisted, insisted  # handed over (or told when the team is away)


def test_a_damaged_parcel_that_tracking_shows_in_transit_gets_a_claim(rasa, shop):
    copy_order(shop, "A1002", "A7902")  # in transit by the carrier's tracking
    buyer = new_buyer()
    rasa.texts(buyer, "my headphones from order A7902 arrived broken")
    started = rasa.texts(buyer, "jonas.weber@example.com")
    assert "tracking" in started and "sorry" in started, started
    rasa.texts(buyer, "the left ear cup is cracked")
    rasa.texts(buyer, "no photo")
    opened = rasa.texts(buyer, "a replacement please")
    cases = shop.cases_for_order("A7902")
    assert [c.type for c in cases] == ["damaged"], (started, opened)
    assert cases[0].id in opened and "cracked" in cases[0].reason
    assert shop.get_order("A7902").status == "in_transit"


def test_a_damage_claim_on_an_order_not_shipped_yet_is_explained_then_taken_for_the_right_order(rasa, shop):
    copy_order(shop, "A1003", "A7903", status="paid")
    buyer = new_buyer()
    rasa.texts(buyer, "the phone case from order A7903 arrived damaged")
    reply = rasa.texts(buyer, "li.wei@example.com")
    assert "hasn't left our warehouse" in reply, reply
    assert shop.cases_for_order("A7903") == []
    # The buyer meant another order: its number alone continues the claim there.
    copy_order(shop, "A1001", "A7904")  # delivered
    asked = rasa.texts(buyer, "A7904")
    assert "email" in asked.lower(), asked  # another order is verified on its own
    started = rasa.texts(buyer, "maria.garcia@example.com")
    assert "arrived damaged" in started and "describe" in started, started


def test_a_lost_parcel_asks_replacement_or_refund_and_the_case_keeps_the_answer(rasa, shop):
    copy_order(shop, "A1008", "A7905")  # lost by the carrier
    buyer = new_buyer()
    rasa.texts(buyer, "my order A7905 never arrived")
    lost = rasa.texts(buyer, "sofia.rossi@example.com")
    assert "lost" in lost and "replacement or a full refund?" in lost, lost
    noted = rasa.texts(buyer, "I'd rather get a refund")
    case = shop.cases_for_order("A7905")[0]
    assert case.id in noted and "full refund" in noted, noted
    assert case.history[-1].note == "buyer prefers: refund"
    # The question is answered: the next message is handled as a new request.
    shipping = rasa.texts(buyer, "how much is shipping to Italy?")
    assert "Italy" in shipping and "€" in shipping, shipping
    # Asking for the refund as a return: nothing came to send back, the case already has it.
    again = rasa.texts(buyer, "I want to return it and get my money back")
    assert "return isn't possible" not in again and case.id in again and "full refund" in again, again
    assert "already opened" in again and "I've opened" not in again, again


def test_the_status_of_a_lost_parcel_opens_its_case_and_asks_how_to_resolve_it(rasa, shop):
    copy_order(shop, "A1008", "A7906")
    buyer = new_buyer()
    rasa.texts(buyer, "where is my order A7906?")
    status = rasa.texts(buyer, "sofia.rossi@example.com")
    cases = shop.cases_for_order("A7906")
    assert [c.type for c in cases] == ["delivery_dispute"], status
    assert "lost" in status and cases[0].id in status, status
    assert status.rstrip().endswith("replacement or a full refund?"), status
    noted = rasa.texts(buyer, "send me a new one")
    assert "replacement" in noted and cases[0].id in noted, noted


def test_a_yes_after_another_question_does_not_cancel_the_order(rasa, shop):
    copy_order(shop, "A1003", "A7908", status="paid")
    buyer = new_buyer()
    rasa.texts(buyer, "please cancel my order A7908")
    assert "Shall I cancel it?" in rasa.texts(buyer, "li.wei@example.com")
    shipping = rasa.texts(buyer, "how long does shipping to Singapore take?")
    later = rasa.texts(buyer, "yes")
    assert shop.get_order("A7908").status == "paid", (shipping, later)
    assert "cancelled" not in later, later
    # Asked for again, the cancellation is confirmed again, then done.
    assert "Shall I cancel it?" in rasa.texts(buyer, "please cancel order A7908")
    assert "cancelled" in rasa.texts(buyer, "yes")
    assert shop.get_order("A7908").status == "cancelled"


def test_a_return_request_that_says_why_skips_the_reason_question(rasa, shop):
    copy_order(shop, "A1001", "A7907")
    buyer = new_buyer()
    request = "I'd like to return the sneakers from order A7907, they are too small"
    rasa.texts(buyer, request)
    asked = rasa.texts(buyer, "maria.garcia@example.com")
    assert "can be returned" in asked and "unused" in asked and "Why" not in asked, asked
    rasa.texts(buyer, "yes, never worn")
    opened = rasa.texts(buyer, "refund please")
    cases = [c for c in shop.cases_for_order("A7907") if c.type == "return"]
    assert len(cases) == 1 and cases[0].id in opened, opened
    assert cases[0].reason == request

