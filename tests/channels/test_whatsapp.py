"""WhatsApp through Twilio end to end: Twilio's webhook form to the running Rasa, replies
recorded by the Twilio API stand-in, the phone number's country as a weak language prior,
X-Twilio-Signature enforced."""
import pytest
from twilio.request_validator import RequestValidator

from tests.channels.helpers import new_user_id, response_text, user_texts
from tests.services import TWILIO_NUMBER, TWILIO_TOKEN, TWILIO_WEBHOOK_URL


@pytest.mark.parametrize("prefix, language", [("+49", "de"), ("+1", "en")])
def test_reply_goes_to_the_whatsapp_number_in_its_countrys_language(webhooks, channel_apis, rasa,
                                                                     prefix, language):
    number = f"{prefix}{new_user_id()}"
    answer = webhooks.post_twilio(webhooks.whatsapp_form(number, "hallo"))
    assert answer.status_code == 200, answer.text
    assert "<Response>" in answer.text
    sent = channel_apis.twilio.calls("Messages.create", lambda c: c.params["To"] == f"whatsapp:{number}")
    assert [c.params["Body"] for c in sent] == [response_text(language, "utter_greet")]
    assert all(c.params["From"] == TWILIO_NUMBER for c in sent)
    tracker = rasa.tracker(f"whatsapp:{number}")
    assert tracker["latest_input_channel"] == "twilio"
    if language != "en":
        assert tracker["latest_message"]["metadata"] == {"language_code": language,
                                                         "language_source": "phone_prefix"}


def test_text_beats_the_phone_prior(webhooks, channel_apis):
    number = f"+49{new_user_id()}"
    webhooks.post_twilio(webhooks.whatsapp_form(number, "hello, where is my order A1002?"))
    assert channel_apis.twilio.sent_bodies(f"whatsapp:{number}") == [response_text("en", "utter_ask_email")]


@pytest.mark.parametrize("how", ["wrong token", "other url", "missing"])
def test_request_without_a_valid_signature_is_rejected(webhooks, channel_apis, rasa, how):
    number = f"+34{new_user_id()}"
    form = webhooks.whatsapp_form(number, "hola")
    if how == "wrong token":
        answer = webhooks.post_twilio(form, auth_token="not-the-auth-token")
    elif how == "other url":
        answer = webhooks.post_twilio(form, signed_url="https://evil.example.test/webhooks/twilio/webhook")
    else:
        answer = webhooks.post_twilio(form, signature="")
    assert answer.status_code == 403
    assert channel_apis.twilio.sent_bodies(f"whatsapp:{number}") == []
    assert user_texts(rasa.tracker(f"whatsapp:{number}")) == []


def test_tampered_body_is_rejected(webhooks, channel_apis):
    number = f"+34{new_user_id()}"
    form = webhooks.whatsapp_form(number, "hola")
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_WEBHOOK_URL, form)
    form["Body"] = "cancel my order A1002"
    assert webhooks.post_twilio(form, signature=signature).status_code == 403
    assert channel_apis.twilio.sent_bodies(f"whatsapp:{number}") == []
