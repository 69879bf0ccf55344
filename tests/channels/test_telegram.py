"""Telegram end to end: real Update payloads to the running Rasa, replies recorded by the Bot
API stand-in, the user's app language as the hint, the webhook secret enforced."""
import pytest
import requests

from tests.channels.helpers import new_user_id, response_text, user_texts
from tests.services import TELEGRAM_SECRET


def test_webhook_was_registered_with_the_secret_at_start_up(rasa, channel_apis):
    channel_apis.telegram.wait_for("setWebhook", timeout=30)
    assert channel_apis.telegram.webhook["url"] == "https://bot.example.test/webhooks/telegram/webhook"
    assert channel_apis.telegram.webhook["secret_token"] == TELEGRAM_SECRET


@pytest.mark.parametrize("language", ["de", "nl"])
def test_hallo_gets_the_greeting_in_the_users_app_language(webhooks, channel_apis, rasa, language):
    """"hallo" is German and Dutch: the Telegram app's language decides."""
    chat = new_user_id()
    answer = webhooks.post_telegram(webhooks.telegram_message(chat, "hallo", language_code=language))
    assert answer.status_code == 200, answer.text
    assert channel_apis.telegram.sent_texts(chat) == [response_text(language, "utter_greet")]
    tracker = rasa.tracker(str(chat))
    assert tracker["latest_message"]["metadata"] == {"language_code": language}
    assert tracker["latest_input_channel"] == "telegram"
    assert tracker["slots"]["language"] == language


def test_message_text_still_wins_over_the_app_language(webhooks, channel_apis):
    chat = new_user_id()
    webhooks.post_telegram(webhooks.telegram_message(chat, "¿dónde está mi pedido A1002?", language_code="en"))
    assert channel_apis.telegram.sent_texts(chat) == [response_text("es", "utter_ask_email")]


def test_button_press_is_answered_and_handled(webhooks, channel_apis):
    chat = new_user_id()
    webhooks.post_telegram(webhooks.telegram_message(chat, "hallo", language_code="de"))
    update = webhooks.telegram_button(chat, "/greet", language_code="de")
    answer = webhooks.post_telegram(update)
    assert answer.status_code == 200, answer.text
    assert channel_apis.telegram.calls(
        "answerCallbackQuery", lambda c: c.params.get("callback_query_id") == update["callback_query"]["id"])
    assert channel_apis.telegram.sent_texts(chat) == [response_text("de", "utter_greet")] * 2


@pytest.mark.parametrize("secret", ["wrong-secret", "", None], ids=["wrong", "empty", "missing"])
def test_update_without_the_secret_is_rejected(webhooks, channel_apis, rasa, secret):
    chat = new_user_id()
    answer = webhooks.post_telegram(webhooks.telegram_message(chat, "hallo", "de"), secret=secret)
    assert answer.status_code == 403
    assert channel_apis.telegram.sent_texts(chat) == []
    assert user_texts(rasa.tracker(str(chat))) == []


def test_malformed_update_is_a_400(webhooks):
    answer = requests.post(webhooks.url("telegram"), data=b"{not json",
                           headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}, timeout=30)
    assert answer.status_code == 400
