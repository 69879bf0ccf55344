"""Session fixtures that run the real stack: Redis, action server, handoff service, Rasa.

Tests that only need some parts ask only for those; every process is started on a free
port in a temp folder and stopped at the end, never touching a developer's running stack.
"""
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from tests.services import (
    API_TOKEN, action_service, free_port, handoff_service, newest_model, rasa_service,
    redis_client, redis_service, stack_env,
)
from tests.services import (
    MESSENGER_SECRET, MESSENGER_TOKEN, TELEGRAM_TOKEN, TWILIO_SID, TWILIO_TOKEN, channel_env,
)
from tests.services import handoff_env, write_agents_file
from tests.standins.libretranslate import LibreTranslateStandIn
from tests.standins.messenger_api import MessengerApiStandIn
from tests.standins.telegram_api import TelegramApiStandIn
from tests.standins.twilio_api import TwilioApiStandIn


@pytest.fixture(scope="session")
def stack_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="session")
def redis_server(stack_dir):
    service = redis_service(stack_dir).start(timeout=30)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def ports():
    return {"actions": free_port(), "handoff": free_port(), "rasa": free_port()}


@pytest.fixture(scope="session")
def channel_apis():
    """STAND-INs for the Telegram, Twilio and Graph APIs the messaging channels call (tests/channels/)."""
    apis = SimpleNamespace(
        telegram=TelegramApiStandIn(TELEGRAM_TOKEN).start(),
        twilio=TwilioApiStandIn(TWILIO_SID, TWILIO_TOKEN).start(),
        messenger=MessengerApiStandIn(MESSENGER_TOKEN, MESSENGER_SECRET).start(),
    )
    yield apis
    for api in (apis.telegram, apis.twilio, apis.messenger):
        api.stop()


@pytest.fixture(scope="session")
def env(stack_dir, redis_server, ports, channel_apis, translation_standin, agent_credentials):
    env = stack_env(stack_dir, redis_server.port, ports["actions"], ports["handoff"], ports["rasa"])
    env.update(channel_env(channel_apis.telegram.url, channel_apis.twilio.url, channel_apis.messenger.url))
    env.update(handoff_env(stack_dir, translation_standin.url))
    return env


@pytest.fixture(scope="session")
def translation_standin():
    """STAND-IN LibreTranslate server the whole test stack translates with (tests/standins/)."""
    server = LibreTranslateStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def agent_credentials(stack_dir) -> dict:
    """{agent id: password} of the agents the test stack's handoff service knows."""
    return write_agents_file(stack_dir / "agents.yml")


@pytest.fixture(scope="session")
def action_server(stack_dir, env):
    service = action_service(stack_dir, env).start()
    yield service
    service.stop()


@pytest.fixture(scope="session")
def handoff_server(stack_dir, env):
    service = handoff_service(stack_dir, env).start(timeout=30)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def rasa_server(stack_dir, env, action_server, handoff_server):
    service = rasa_service(stack_dir, env, newest_model()).start(timeout=240)
    yield service
    service.stop()


class RasaClient:
    """What a buyer's channel and an operator do with Rasa over HTTP."""

    def __init__(self, port: int):
        self.url = f"http://localhost:{port}"

    def say(self, sender: str, text: str, metadata: dict = None) -> list:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def texts(self, sender: str, text: str, metadata: dict = None) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, text, metadata))

    def tracker(self, sender: str) -> dict:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": API_TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def parse(self, text: str) -> dict:
        response = requests.post(
            f"{self.url}/model/parse", params={"token": API_TOKEN}, json={"text": text}, timeout=30)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def rasa(rasa_server, ports) -> RasaClient:
    return RasaClient(ports["rasa"])


@pytest.fixture
def redis_db(redis_server):
    return redis_client(redis_server.port)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# No background networking: the machine's closed network would refuse Chromium's own calls.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download).

    Module scope: Playwright's sync API runs an event loop in this thread while it is open,
    and later modules' asyncio.run() would refuse to start next to it.
    """
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail("chromium is not installed: `WITH_BROWSER=1 scripts/install.sh` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
