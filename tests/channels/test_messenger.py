"""Facebook Messenger end to end: page webhook deliveries to the running Rasa, replies recorded
by the Graph API stand-in, the user's locale from the User Profile API, X-Hub-Signature-256
enforced."""
import hashlib
import json

import pytest
import requests

from tests.channels.helpers import new_user_id, response_text, user_texts
from tests.services import MESSENGER_VERIFY


def test_hallo_gets_the_greeting_in_the_profiles_locale(webhooks, channel_apis, rasa):
    psid = str(new_user_id())
    channel_apis.messenger.profiles[psid] = {"first_name": "Sanne", "locale": "nl_NL"}
    answer = webhooks.post_messenger(webhooks.messenger_delivery(webhooks.messenger_event(psid, "hallo")))
    assert answer.status_code == 200, answer.text
    assert channel_apis.messenger.sent_texts(psid) == [response_text("nl", "utter_greet")]
    assert channel_apis.messenger.sender_actions(psid) == ["mark_seen", "typing_on", "typing_off"]
    lookups = channel_apis.messenger.calls("user_profile", lambda c: c.params["psid"] == psid)
    assert [c.params["fields"] for c in lookups] == [["locale"]]
    tracker = rasa.tracker(psid)
    assert tracker["latest_message"]["metadata"] == {"locale": "nl_NL", "language_code": "nl"}
    assert tracker["latest_input_channel"] == "facebook"

    # The locale is cached: the second message asks the Graph API nothing more.
    webhooks.post_messenger(webhooks.messenger_delivery(webhooks.messenger_event(psid, "bedankt")))
    assert len(channel_apis.messenger.calls("user_profile", lambda c: c.params["psid"] == psid)) == 1


def test_no_profile_access_means_no_hint(webhooks, channel_apis, rasa):
    psid = str(new_user_id())  # unknown to the Graph stand-in: it answers an OAuthException
    webhooks.post_messenger(webhooks.messenger_delivery(webhooks.messenger_event(psid, "hallo")))
    assert channel_apis.messenger.sent_texts(psid) == [response_text("en", "utter_greet")]
    assert rasa.tracker(psid)["latest_message"]["metadata"] == {}


def test_every_event_of_a_batched_delivery_is_answered(webhooks, channel_apis):
    first, second = str(new_user_id()), str(new_user_id())
    channel_apis.messenger.profiles[first] = {"locale": "de_DE"}
    channel_apis.messenger.profiles[second] = {"locale": "nl_BE"}
    webhooks.post_messenger(webhooks.messenger_delivery(
        webhooks.messenger_event(first, "hallo"), webhooks.messenger_event(second, "hallo")))
    assert channel_apis.messenger.sent_texts(first) == [response_text("de", "utter_greet")]
    assert channel_apis.messenger.sent_texts(second) == [response_text("nl", "utter_greet")]


@pytest.mark.parametrize("how", ["wrong secret", "legacy sha1 only", "missing"])
def test_delivery_without_a_valid_sha256_signature_is_rejected(webhooks, channel_apis, rasa, how):
    psid = str(new_user_id())
    delivery = webhooks.messenger_delivery(webhooks.messenger_event(psid, "hallo"))
    body = json.dumps(delivery).encode()
    if how == "wrong secret":
        answer = webhooks.post_messenger(delivery, secret="not-the-app-secret")
    elif how == "legacy sha1 only":
        answer = webhooks.post_messenger(
            delivery, headers={"X-Hub-Signature": webhooks.hub_signature(body, digest=hashlib.sha1)})
    else:
        answer = webhooks.post_messenger(delivery, headers={})
    assert answer.status_code == 403
    assert channel_apis.messenger.calls(where=lambda c: c.params.get("recipient", {}).get("id") == psid) == []
    assert user_texts(rasa.tracker(psid)) == []


def test_webhook_verification_handshake(webhooks):
    params = {"hub.mode": "subscribe", "hub.verify_token": MESSENGER_VERIFY, "hub.challenge": "1158201444"}
    answer = requests.get(webhooks.url("facebook"), params=params, timeout=30)
    assert answer.status_code == 200 and answer.text == "1158201444"
    wrong = requests.get(webhooks.url("facebook"), params=dict(params, **{"hub.verify_token": "guess"}), timeout=30)
    assert wrong.status_code == 403 and "1158201444" not in wrong.text
