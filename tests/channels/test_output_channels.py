"""Rasa's `POST /conversations/{id}/execute?output_channel=latest` (how the handoff service
speaks to a buyer) reaches the buyer on the app they wrote from: each channel's
get_output_channel() works inside the running server."""
import requests

from tests.channels.helpers import new_user_id, response_text
from tests.services import API_TOKEN


def execute_latest(rasa_url: str, conversation_id: str, action: str) -> requests.Response:
    # Like handoff/rasa_client.py: the conversation id goes into the path as it is.
    return requests.post(f"{rasa_url}/conversations/{conversation_id}/execute",
                         params={"token": API_TOKEN, "output_channel": "latest"},
                         json={"name": action}, timeout=60)


def test_telegram(webhooks, channel_apis, rasa):
    chat = new_user_id()
    webhooks.post_telegram(webhooks.telegram_message(chat, "hallo", language_code="de"))
    assert execute_latest(rasa.url, str(chat), "utter_goodbye").status_code == 200
    assert channel_apis.telegram.sent_texts(chat) == [response_text("de", "utter_greet"),
                                                      response_text("de", "utter_goodbye")]


def test_whatsapp(webhooks, channel_apis, rasa):
    number = f"+49{new_user_id()}"
    webhooks.post_twilio(webhooks.whatsapp_form(number, "hallo"))
    assert execute_latest(rasa.url, f"whatsapp:{number}", "utter_goodbye").status_code == 200
    assert channel_apis.twilio.sent_bodies(f"whatsapp:{number}") == [response_text("de", "utter_greet"),
                                                                     response_text("de", "utter_goodbye")]


def test_messenger(webhooks, channel_apis, rasa):
    psid = str(new_user_id())
    channel_apis.messenger.profiles[psid] = {"locale": "de_DE"}
    webhooks.post_messenger(webhooks.messenger_delivery(webhooks.messenger_event(psid, "hallo")))
    assert execute_latest(rasa.url, psid, "utter_goodbye").status_code == 200
    assert channel_apis.messenger.sent_texts(psid) == [response_text("de", "utter_greet"),
                                                       response_text("de", "utter_goodbye")]
