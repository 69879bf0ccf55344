"""Session fixtures that run the real stack: Redis, action server, handoff service, Rasa.

Tests that only need some parts ask only for those; every process is started on a free
port in a temp folder and stopped at the end, never touching a developer's running stack.
"""
from pathlib import Path

import pytest
import requests

from tests.services import (
    API_TOKEN, action_service, free_port, handoff_service, newest_model, rasa_service,
    redis_client, redis_service, stack_env,
)


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
def env(stack_dir, redis_server, ports):
    return stack_env(stack_dir, redis_server.port, ports["actions"], ports["handoff"], ports["rasa"])


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
