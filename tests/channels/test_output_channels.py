"""Rasa's `POST /conversations/{id}/execute?output_channel=latest` (how the handoff service
speaks to a buyer) reaches the buyer on the app they wrote from: each channel's
get_output_channel() works inside the running server."""
import asyncio

import requests

from handoff.rasa_client import RasaClient
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


def test_an_agent_message_tagged_human_agent_goes_to_messenger_as_a_tagged_message(webhooks, channel_apis, rasa):
    """The handoff service's `say` (handoff/rasa_client.py) with the HUMAN_AGENT tag, which it
    adds to a Messenger reply after the 24-hour window (MESSENGER_HUMAN_AGENT_TAG on)."""
    psid = str(new_user_id())
    channel_apis.messenger.profiles[psid] = {"locale": "en_US"}
    webhooks.post_messenger(webhooks.messenger_delivery(webhooks.messenger_event(psid, "hello")))

    async def say():
        client = RasaClient(rasa.url, API_TOKEN)
        try:
            await client.say(psid, "Sorry for the wait, your refund is on its way.", "Sofía",
                             message_tag="HUMAN_AGENT")
            await client.say(psid, "Anything else?", "Sofía")
        finally:
            await client.close()

    asyncio.run(say())
    sent = [c.params for c in channel_apis.messenger.calls(
        "me/messages", lambda c: c.params.get("recipient", {}).get("id") == psid and "message" in c.params)]
    assert [(s["message"]["text"], s["messaging_type"], s.get("tag")) for s in sent] == [
        (response_text("en", "utter_greet"), "RESPONSE", None),
        ("Sorry for the wait, your refund is on its way.", "MESSAGE_TAG", "HUMAN_AGENT"),
        ("Anything else?", "RESPONSE", None)]
