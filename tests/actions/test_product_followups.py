"""Product answers remember their topic, so "and the smartwatch?" asks the same again
(rules in data/rules/presale.yml re-run the action named by `product_topic`)."""
import pytest

from actions.presale import ActionPriceDiscount, ActionProductInfo

from .conftest import make_tracker, message, responses, run, slot_events


def product(name):
    return [{"entity": "product", "value": name}]


@pytest.mark.parametrize("action, topic", [
    (ActionProductInfo(), "product_info"),
    (ActionPriceDiscount(), "price_discount"),
])
def test_a_product_answer_remembers_its_topic(backend, dispatcher, domain, action, topic):
    events = run(action, make_tracker(intent="inform", entities=product("wireless headphones")), dispatcher, domain)
    assert slot_events(events)["product_topic"] == topic
    assert slot_events(events)["product"] == "Wireless headphones"


def test_which_product_keeps_the_topic_so_the_answer_is_understood(backend, dispatcher, domain):
    events = run(ActionProductInfo(), make_tracker(intent="ask_product_info"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_which_product"]
    assert slot_events(events)["product_topic"] == "product_info"


def test_the_follow_up_answers_for_the_newly_named_product(backend, dispatcher, domain):
    # The slot still holds the product of the first question; the follow-up's entity wins.
    tracker = make_tracker(slots={"product": "Wireless headphones", "product_topic": "price_discount"},
                           intent="inform", entities=product("smartwatch"))
    run(ActionPriceDiscount(), tracker, dispatcher, domain)
    reply = message(dispatcher, "utter_product_price")
    assert reply["product"] == "Smartwatch" and reply["price"] == str(backend.find_product("smartwatch").price)
