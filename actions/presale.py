"""Pre-sale answers computed from the catalogue and the destination's policies."""

from __future__ import annotations

from typing import Any, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.countries import country_in_text, english_name
from actions.common import SHOP_CURRENCY, ShopAction, latest_entity, money
from actions.requests import collect_then_resume
from actions.shop import policies
from actions.shop.backend import Destination, Product
from actions.verification import verified_order


def variant_response(base: Text, size: Any, colour: Any) -> Text:
    """The response naming only the options that exist: `base` names size and colour,
    `<base>_size_only`, `<base>_colour_only` and `<base>_no_options` leave the others out
    (a product without sizes must not read "size None" or "Sizes: .")."""
    if size and colour:
        return base
    if size:
        return f"{base}_size_only"
    if colour:
        return f"{base}_colour_only"
    return f"{base}_no_options"


def utter_duties(dispatcher: CollectingDispatcher, destination: Destination) -> None:
    """Who pays import duties and taxes for a destination."""
    if destination.incoterm == "DDP":
        dispatcher.utter_message(
            response="utter_duties_included", country=destination.country,
            country_name=destination.name,
        )
    elif not destination.vat_percent:
        # No import tax in the data (US sales tax is per state): say nothing about a tax rate.
        dispatcher.utter_message(
            response="utter_duties_buyer_pays_no_tax", country=destination.country,
            country_name=destination.name,
            threshold=money(destination.duty_free_threshold), currency=destination.currency,
        )
    else:
        dispatcher.utter_message(
            response="utter_duties_buyer_pays", country=destination.country,
            country_name=destination.name, vat_percent=money(destination.vat_percent),
            threshold=money(destination.duty_free_threshold), currency=destination.currency,
        )


class ProductAction(ShopAction):
    """An answer about one product; asks which one when the buyer did not say."""

    def product(self, tracker: Tracker) -> Optional[Product]:
        mention = latest_entity(tracker, "product") or tracker.get_slot("product")
        return self.backend.find_product(mention) if mention else None

    def utter_catalogue(self, dispatcher: CollectingDispatcher) -> None:
        names = ", ".join(p.name for p in self.backend.list_products())
        dispatcher.utter_message(response="utter_ask_which_product", products=names)


def product_topic(topic: Text) -> EventType:
    """Remember the product question just answered or asked: a follow-up that only names a
    product ("and the smartwatch?", classified inform) asks it again (data/rules/presale.yml)."""
    return SlotSet("product_topic", topic)


class ActionProductInfo(ProductAction):
    def name(self) -> Text:
        return "action_product_info"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        product = self.product(tracker)
        if product is None:
            self.utter_catalogue(dispatcher)
            return [product_topic("product_info")]
        size, colour = latest_entity(tracker, "size"), latest_entity(tracker, "colour")
        if not (size or colour) or latest_entity(tracker, "product"):
            # "And in green?" about the product just described needs only the option's answer.
            dispatcher.utter_message(
                response=variant_response("utter_product_info", product.sizes, product.colours),
                product=product.name, price=money(product.price),
                currency=product.currency, materials=product.materials,
                sizes=", ".join(product.sizes), colours=", ".join(product.colours),
            )
        if size or colour:
            in_stock = bool(product.in_stock(size, colour))
            base = "utter_variant_in_stock" if in_stock else "utter_variant_unavailable"
            dispatcher.utter_message(
                response=variant_response(base, size, colour),
                product=product.name, size=size, colour=colour,
            )
        else:
            dispatcher.utter_message(response=stock_response(product), product=product.name)
        return [SlotSet("product", product.name), product_topic("product_info")]


def stock_response(product: Product) -> Text:
    """Whether the product can be ordered now, in every option, some or none."""
    available = len(product.in_stock())
    if available == len(product.variants):
        return "utter_product_in_stock"
    return "utter_product_partly_in_stock" if available else "utter_product_sold_out"


class ActionPriceDiscount(ProductAction):
    def name(self) -> Text:
        return "action_price_discount"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        product = self.product(tracker)
        if product is None:
            self.utter_catalogue(dispatcher)
        else:
            dispatcher.utter_message(
                response="utter_product_price", product=product.name,
                price=money(product.price), currency=product.currency,
            )
        dispatcher.utter_message(response="utter_discount_policy")
        return [*([SlotSet("product", product.name)] if product else []), product_topic("price_discount")]


class ActionSizeRecommendation(ProductAction):
    """Size from the product's size chart and the buyer's measurement."""

    def name(self) -> Text:
        return "action_size_recommendation"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        product = self.product(tracker)
        if product is not None and product.size_chart is None:
            dispatcher.utter_message(response="utter_one_size", product=product.name)
            return []
        measurement = tracker.get_slot("measurement")
        measured_cm = policies.parse_measurement_cm(measurement) if measurement else None
        if product is None or measured_cm is None:
            return collect_then_resume(self.name(), "size_form")
        decision = policies.recommend_size(product.size_chart, measured_cm)
        dispatcher.utter_message(
            response=f"utter_size_{decision.code}", product=product.name,
            size=decision.facts["size"], measurement_cm=f"{measured_cm:g}",
        )
        return [SlotSet("product", product.name), SlotSet("measurement", None)]


def answered_topic(topic: Text) -> EventType:
    """Remember the country-dependent question just answered: a follow-up that only names a
    country ("and for Germany?", classified inform) asks it again (data/rules/presale.yml)."""
    return SlotSet("country_topic", topic)


class CountryAction(ShopAction):
    """An answer for a destination: the country named, else the verified order's."""

    # The value of `country_topic` after this answer (domain.yml).
    topic: Text = ""

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        mention = tracker.get_slot("country")
        destination = self.backend.resolve_country(mention) if mention else None
        remember: List[EventType] = []
        if destination is None and not mention:
            named = country_in_text((tracker.latest_message or {}).get("text") or "")
            destination = self.backend.resolve_country(named) if named else None
            if destination is not None:
                # Found in the words, not by the NLU ("한국으로요"): kept like an entity's
                # country, so the next question ("and returns?") is answered for it too.
                remember = [SlotSet("country", destination.name)]
            elif named:
                # A country we don't serve, named where the NLU saw none ("ship to canada?").
                mention = english_name(named)
        if destination is None and not mention:
            order = verified_order(tracker)
            destination = self.backend.resolve_country(order.country) if order else None
        if destination is None:
            if mention:
                # The ISO code lets the renderer name the country in the buyer's language
                # (the NLU may hand over "Austria" for "Österreich").
                dispatcher.utter_message(
                    response="utter_country_not_served", country=country_in_text(mention),
                    country_name=mention,
                )
                return [SlotSet("country", None), answered_topic(self.topic)]
            return collect_then_resume(self.name(), "country_form")
        return [*remember, *self.answer(dispatcher, tracker, domain, destination),
                answered_topic(self.topic)]

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
        destination: Destination,
    ) -> List[EventType]:
        raise NotImplementedError


class ActionShippingOptions(CountryAction):
    topic = "shipping_options"

    def name(self) -> Text:
        return "action_shipping_options"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if latest_entity(tracker, "order_id"):
            # "when will A1002 get here?" is about a placed order: its status and tracking
            # (after verification), not our delivery times.
            return [FollowupAction("action_order_status")]
        return await super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher, tracker, domain, destination) -> List[EventType]:
        for option in self.backend.shipping_options(destination.country):
            dispatcher.utter_message(
                response=f"utter_shipping_option_{option.method}", country=destination.country,
                country_name=destination.name, carrier=option.carrier, cost=money(option.cost),
                currency=option.currency, min_days=option.min_days, max_days=option.max_days,
            )
        return []


class ActionCustomsDuties(CountryAction):
    topic = "customs_duties"

    def name(self) -> Text:
        return "action_customs_duties"

    def answer(self, dispatcher, tracker, domain, destination) -> List[EventType]:
        utter_duties(dispatcher, destination)
        return []


class ActionReturnPolicy(CountryAction):
    topic = "return_policy"

    def name(self) -> Text:
        return "action_return_policy"

    def answer(self, dispatcher, tracker, domain, destination) -> List[EventType]:
        policy = self.backend.return_policy(destination.country)
        dispatcher.utter_message(
            response="utter_return_policy", country=destination.country,
            country_name=destination.name, window_days=policy.window_days,
            non_returnable=", ".join(policy.non_returnable_categories),
        )
        dispatcher.utter_message(
            response=f"utter_return_shipping_policy_{policy.return_shipping_paid_by}",
            country_name=destination.name,
        )
        return []


class ActionPaymentMethods(ShopAction):
    """Methods available everywhere, plus local ones when the country is known."""

    def name(self) -> Text:
        return "action_payment_methods"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        mention = tracker.get_slot("country")
        destination = self.backend.resolve_country(mention) if mention else None
        methods = self.backend.payment_methods(destination.country if destination else None)
        names = ", ".join(m.name for m in methods)
        if destination:
            dispatcher.utter_message(
                response="utter_payment_methods_country", methods=names,
                country=destination.country, country_name=destination.name,
            )
        else:
            dispatcher.utter_message(response="utter_payment_methods", methods=names)
        dispatcher.utter_message(response="utter_bank_fees_note", currency=SHOP_CURRENCY)
        # Some methods are local: "and for the Netherlands?" lists that country's.
        return [answered_topic("payment_methods")]
