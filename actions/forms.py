"""Validation of what buyers type into the request forms (not the verification form)."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import latest_entity, latest_intent, message_metadata
from actions.countries import country_of_address
from actions.presale import variant_response
from actions.claims import NO_PHOTO
from actions.item_condition import condition_in_text
from actions.resolutions import CLAIM_RESOLUTIONS, RESOLUTION_ALIASES, RETURN_RESOLUTIONS, resolution_in_text
from actions.returns import item_in_question, same_value
from actions.shop import get_backend, policies
from actions.shop.backend import OrderItem, Product
from actions.verification import verified_order

URL = re.compile(r"https?://\S+", re.IGNORECASE)
MIN_ADDRESS_LENGTH = 10
EXCHANGE_SLOTS = ("size", "colour")


def reject(dispatcher: CollectingDispatcher, slot: Text, response: Text, **params: Any) -> Dict[Text, Any]:
    dispatcher.utter_message(response=response, **params)
    return {slot: None}


def product_of(tracker: Tracker) -> Optional[Product]:
    name = tracker.get_slot("product")
    return get_backend().find_product(name) if name else None


class ValidateAddressForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_address_form"

    def validate_new_address(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        address = " ".join(str(value or "").split())
        if len(address) < MIN_ADDRESS_LENGTH:
            return reject(dispatcher, "new_address", "utter_address_incomplete")
        # Shipping cost, duties and taxes were charged for the order's country: moving the
        # parcel to another one is a new order, not an address change.
        order = verified_order(tracker)
        country = country_of_address(str(value or ""))
        if order is not None and country and country != order.country:
            return reject(dispatcher, "new_address", "utter_address_other_country",
                          order_id=order.id, country=order.country)
        return {"new_address": address}


# Intents that answer "refund or exchange?" when typed instead of clicked; only used when the
# words of the text name no resolution ("exchange" alone is often classified request_return).
RESOLUTION_BY_INTENT = {"check_refund_status": "refund", "request_return": "refund",
                        "change_order": "exchange"}


def typed_resolution(tracker: Tracker, choices: Sequence[str]) -> Dict[Text, Any]:
    """A typed answer ("refund please", "I'd rather exchange it") to the resolution question.

    The words decide first (every language RESOLUTION_WORDS knows); the intent only when
    the words name nothing, so "exchange" classified as request_return stays an exchange.
    """
    if tracker.get_slot("requested_slot") != "resolution" or tracker.get_slot("resolution"):
        return {}
    resolution = resolution_in_text((tracker.latest_message or {}).get("text") or "", choices)
    if resolution is None:
        by_intent = RESOLUTION_BY_INTENT.get(latest_intent(tracker))
        by_intent = RESOLUTION_ALIASES.get(tuple(choices), {}).get(by_intent, by_intent)
        resolution = by_intent if by_intent in choices else None
    return {"resolution": resolution} if resolution else {}


def exchange_item(tracker: Tracker) -> Optional[OrderItem]:
    """The order item being exchanged (the return action put its name in `product`)."""
    order = verified_order(tracker)
    if order is None:
        return None
    return item_in_question(tracker, order)


# A letter or digit that would make an option part of a longer word. Chinese, Japanese and
# Korean characters do not: they write words without spaces ("换成39号", "39사이즈로").
_WORD_CHAR = r"[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|'"


def named_in_text(text: str, options: Sequence[str]) -> Optional[str]:
    """The one option (a size or colour of the product) the text names as a word."""
    found = [o for o in options
             if re.search(rf"(?<!{_WORD_CHAR}){re.escape(o.lower())}(?!{_WORD_CHAR})", (text or "").lower())]
    return found[0] if len(found) == 1 else None


class ValidateReturnForm(FormValidationAction):
    """Reason, condition, refund or exchange; for an exchange also the new size or colour."""

    def name(self) -> Text:
        return "validate_return_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("resolution") != "exchange":
            return domain_slots
        item, product = exchange_item(tracker), product_of(tracker)
        named = [slot for slot in EXCHANGE_SLOTS if tracker.get_slot(slot)]  # validated too
        if any(self._new_target(item, product, slot, tracker.get_slot(slot)) for slot in named):
            return domain_slots + named
        ask = "size" if (product.sizes if product else item is not None and item.size) else "colour"
        return domain_slots + named + ([ask] if ask not in named else [])

    @staticmethod
    def _new_target(item: Optional[OrderItem], product: Optional[Product], slot: str, value: Any) -> bool:
        """A size/colour other than the one the buyer has, and one we have in stock."""
        if not value:
            return False
        if item is not None and same_value(str(value), getattr(item, slot)):
            return False
        return product is None or bool(product.in_stock(**{slot: str(value)}))

    async def get_extraction_events(self, dispatcher, tracker, domain) -> List[EventType]:
        """Also forget a size/colour left from earlier messages that is no exchange target.

        "I want to exchange my size 38 sneakers" fills `size` with the size they have: for an
        exchange the new one is asked, unless the buyer already named a different one.
        """
        fresh = set(tracker.slots_to_validate())
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        if tracker.get_slot("resolution") != "exchange":
            return events
        fresh |= {e["name"] for e in events}
        item, product = exchange_item(tracker), product_of(tracker)
        for slot in EXCHANGE_SLOTS:
            value = tracker.get_slot(slot)
            if not value or slot in fresh or self._new_target(item, product, slot, value):
                continue
            if not same_value(latest_entity(tracker, slot), str(value)):
                pass  # from an earlier message ("my size 38 sneakers"): just ask
            elif item is not None and same_value(str(value), getattr(item, slot)):
                dispatcher.utter_message(response=f"utter_exchange_same_{slot}", product=item.name,
                                         **{slot: getattr(item, slot)})
            else:
                options = {"size": None, "colour": None, slot: value}
                dispatcher.utter_message(response=variant_response("utter_variant_unavailable", **options),
                                         product=product.name, **options)
            events.append(SlotSet(slot, None))
            tracker.slots[slot] = None
        return events

    async def extract_resolution(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return typed_resolution(tracker, RETURN_RESOLUTIONS)

    async def extract_item_condition(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """Typed "not used" / "I wore them once": the words win over affirm/deny."""
        if tracker.get_slot("requested_slot") != "item_condition":
            return {}
        condition = condition_in_text((tracker.latest_message or {}).get("text") or "")
        return {"item_condition": condition} if condition else {}

    async def extract_size(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """"39", "a 39 please" typed as the answer to the size question without an entity."""
        return self._typed_option(tracker, "size")

    async def extract_colour(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._typed_option(tracker, "colour")

    @staticmethod
    def _typed_option(tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot or latest_entity(tracker, slot):
            return {}
        product = product_of(tracker)
        options = (product.sizes if slot == "size" else product.colours) if product else []
        value = named_in_text((tracker.latest_message or {}).get("text") or "", options)
        return {slot: value} if value else {}

    def validate_resolution(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value not in RETURN_RESOLUTIONS:
            return reject(dispatcher, "resolution", "utter_ask_resolution")
        return {"resolution": value}

    def validate_size(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {"size": None}
        item, product = exchange_item(tracker), product_of(tracker)
        if item is not None and same_value(str(value), item.size):
            return reject(dispatcher, "size", "utter_exchange_same_size", product=item.name, size=item.size)
        if product and not product.in_stock(size=str(value)):
            return reject(dispatcher, "size", variant_response("utter_variant_unavailable", value, None),
                          product=product.name, size=value, colour=None)
        return {"size": str(value).upper() if product and not str(value).isdigit() else value}

    def validate_colour(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {"colour": None}
        item, product = exchange_item(tracker), product_of(tracker)
        if item is not None and same_value(str(value), item.colour):
            return reject(dispatcher, "colour", "utter_exchange_same_colour", product=item.name,
                          colour=item.colour)
        if product and not product.in_stock(colour=str(value)):
            return reject(dispatcher, "colour", variant_response("utter_variant_unavailable", None, value),
                          product=product.name, size=None, colour=value)
        return {"colour": str(value).lower()}


class ValidateClaimForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_claim_form"

    async def extract_photo_url(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """A photo arrives as a link in the text or as metadata["attachment_url"]."""
        attachment = message_metadata(tracker).get("attachment_url")
        found = URL.search(tracker.latest_message.get("text") or "")
        if attachment or found:
            return {"photo_url": attachment or found.group(0)}
        if tracker.get_slot("requested_slot") == "photo_url":
            if latest_intent(tracker) == "deny":
                return {"photo_url": NO_PHOTO}
        return {}

    async def extract_resolution(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """"full refund", "a replacement please", "reembolso parcial" typed instead of a button."""
        return typed_resolution(tracker, CLAIM_RESOLUTIONS)

    def validate_claim_description(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        description = " ".join(str(value or "").split())
        return {"claim_description": description or None}

    def validate_resolution(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value not in CLAIM_RESOLUTIONS:
            return reject(dispatcher, "resolution", "utter_ask_claim_form_resolution")
        return {"resolution": value}


# Questions answered for a country, and the action that answers each.
COUNTRY_QUESTIONS = {"ask_shipping_options": "action_shipping_options",
                     "ask_customs_duties": "action_customs_duties",
                     "ask_return_policy": "action_return_policy",
                     "ask_payment_methods": "action_payment_methods"}


class ValidateCountryForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_country_form"

    def validate_country(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        destination = get_backend().resolve_country(str(value))
        if destination is None:
            return reject(dispatcher, "country", "utter_country_not_served", country_name=value)
        # "shipping cost?" - "which country?" - "customs fees for the UK?": answer the new question.
        asked = COUNTRY_QUESTIONS.get(latest_intent(tracker))
        return {"country": destination.name, **({"pending_action": asked} if asked else {})}


class ValidateSizeForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_size_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        product = product_of(tracker)
        if product is not None and product.size_chart is None:
            return ["product"]  # one size: no measurement to ask for (action_size_recommendation says so)
        return domain_slots

    def validate_product(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        product = get_backend().find_product(str(value))
        if product is None:
            names = ", ".join(p.name for p in get_backend().list_products())
            return reject(dispatcher, "product", "utter_ask_which_product", products=names)
        return {"product": product.name}

    def validate_measurement(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if policies.parse_measurement_cm(str(value)) is None:
            return reject(dispatcher, "measurement", "utter_measurement_not_understood")
        return {"measurement": str(value)}
