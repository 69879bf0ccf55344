"""With the channel variables empty (scripts/env.sh's defaults) credentials.yml still loads,
the server starts, and each messaging webhook answers 503 "not configured", calling nothing."""
import pytest
import requests

from tests.services import CHANNEL_VARIABLES, Service, VENV_BIN, base_env, free_port


@pytest.fixture(scope="module")
def bare_channels(tmp_path_factory):
    port = free_port()
    env = base_env(**dict.fromkeys(CHANNEL_VARIABLES, ""))
    service = Service("channels", [str(VENV_BIN / "python"), "-m", "tests.channels.unconfigured_app", str(port)],
                      env, tmp_path_factory.mktemp("channels") / "channels.log",
                      health_url=f"http://127.0.0.1:{port}/health").start(timeout=180)
    yield f"http://127.0.0.1:{port}"
    service.stop()


def test_all_channels_load_with_empty_settings(bare_channels):
    names = requests.get(f"{bare_channels}/health", timeout=10).json()["channels"]
    assert {"rest", "socketio", "telegram", "twilio", "facebook"} <= set(names)


@pytest.mark.parametrize("channel, variables", [
    ("telegram", ["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"]),
    ("twilio", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"]),
    ("facebook", ["MESSENGER_PAGE_ACCESS_TOKEN", "MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN"]),
])
def test_unconfigured_channel_answers_503_naming_what_to_set(bare_channels, channel, variables):
    url = f"{bare_channels}/webhooks/{channel}/webhook"
    answer = requests.post(url, data=b"{}", headers={"Content-Type": "application/json"}, timeout=10)
    assert answer.status_code == 503
    assert "not configured" in answer.json()["error"]
    assert all(name in answer.json()["error"] for name in variables)
    assert requests.get(f"{bare_channels}/webhooks/{channel}/", timeout=10).status_code == 503
