"""The `webhooks` fixture: posts the platforms' webhook payloads to the session stack's Rasa."""
import pytest

from tests.channels.helpers import Webhooks


@pytest.fixture(scope="session")
def webhooks(rasa) -> Webhooks:
    return Webhooks(rasa.url)
