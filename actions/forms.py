"""Validation of what buyers type into the request forms (not the verification form)."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import latest_intent, message_metadata
from actions.claims import NO_PHOTO
from actions.shop import get_backend, policies
from actions.shop.backend import Product

URL = re.compile(r"https?://\S+", re.IGNORECASE)
RETURN_RESOLUTIONS = ("refund", "exchange")
CLAIM_RESOLUTIONS = ("replacement", "refund", "partial_refund")
MIN_ADDRESS_LENGTH = 10


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
        return {"new_address": address}


# Intents that answer "refund or exchange?" when typed instead of clicked.
RESOLUTION_BY_INTENT = {"check_refund_status": "refund", "request_return": "refund",
                        "change_order": "exchange"}


# "I'd prefer a refund", classified as a plain answer (inform): the word decides. Lower-case
# stems per language; a text naming both is left to the buttons.
RESOLUTION_WORDS = {
    "refund": ("refund", "money back", "reimburse", "reembols", "devolución del dinero", "devolucion del dinero",
               "rembours", "erstatt", "geld zurück", "geld zuruck", "rimbors", "возврат денег",
               "вернуть деньги", "вернуть деньг", "退款", "退钱", "返金", "استرداد", "استرجاع المبلغ", "환불",
               "zwrot pieniędzy", "zwrotu pieniędzy", "zwrot pieniedzy", "terugbetal", "geld terug",
               "para iade", "parami geri", "paramı geri", "ücret iade", "ucret iade"),
    "exchange": ("exchange", "swap", "cambi", "échang", "echang", "umtausch", "tauschen", "troca", "trocar",
                 "обмен", "换货", "换一", "交換", "交换", "取り替え", "取替", "استبدال", "교환", "wymian",
                 "ruil", "değişim", "degisim", "değiştir", "degistir"),
}


def resolution_in_text(text: str) -> Optional[str]:
    lowered = text.lower()
    found = [name for name, words in RESOLUTION_WORDS.items() if any(w in lowered for w in words)]
    return found[0] if len(found) == 1 else None


class ValidateReturnForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_return_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("resolution") != "exchange":
            return domain_slots
        if tracker.get_slot("size") or tracker.get_slot("colour"):
            return domain_slots
        product = product_of(tracker)
        return domain_slots + (["size"] if product and product.sizes else ["colour"])

    async def extract_resolution(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """A typed answer ("refund please", "I'd rather exchange it") instead of a button.

        Read from the intent, so it works in every language the NLU knows.
        """
        if tracker.get_slot("requested_slot") != "resolution" or tracker.get_slot("resolution"):
            return {}
        resolution = RESOLUTION_BY_INTENT.get(latest_intent(tracker)) or resolution_in_text(
            (tracker.latest_message or {}).get("text") or "")
        return {"resolution": resolution} if resolution else {}

    def validate_resolution(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value not in RETURN_RESOLUTIONS:
            return reject(dispatcher, "resolution", "utter_ask_resolution")
        return {"resolution": value}

    def validate_size(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        product = product_of(tracker)
        if product and not product.in_stock(size=str(value)):
            return reject(dispatcher, "size", "utter_variant_unavailable", product=product.name,
                          size=value, colour=None)
        return {"size": str(value).upper() if product and not str(value).isdigit() else value}

    def validate_colour(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        product = product_of(tracker)
        if product and not product.in_stock(colour=str(value)):
            return reject(dispatcher, "colour", "utter_variant_unavailable", product=product.name,
                          size=None, colour=value)
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

    def validate_claim_description(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        description = " ".join(str(value or "").split())
        return {"claim_description": description or None}

    def validate_resolution(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value not in CLAIM_RESOLUTIONS:
            return reject(dispatcher, "resolution", "utter_ask_claim_form_resolution")
        return {"resolution": value}


class ValidateCountryForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_country_form"

    def validate_country(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        destination = get_backend().resolve_country(str(value))
        if destination is None:
            return reject(dispatcher, "country", "utter_country_not_served", country_name=value)
        return {"country": destination.name}


class ValidateSizeForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_size_form"

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
