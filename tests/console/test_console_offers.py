"""Offered chats in the console (real headless Chromium): the handoff service offers a waiting
chat to a free agent, who accepts it, or lets it lapse and sees it go back to the queue.

A handoff service of its own (own Redis, offers after 5 s) keeps the session stack's service,
where agents take chats themselves, predictable for the other tests. Its Rasa URL leads
nowhere: these tickets come from the bot's API directly and nobody is told on a channel.
"""
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.console.test_console_browser import LIVE_S, Console, HandoffApi
from tests.services import (
    SERVICE_TOKEN, TEST_AGENTS, free_port, handoff_env, handoff_service, redis_service, stack_env,
    write_agents_file,
)

OFFER_S = 5


@pytest.fixture(scope="module")
def offering_url(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("offers")
    redis = redis_service(workdir).start(timeout=30)
    env = stack_env(workdir, redis.port, free_port(), free_port(), free_port())
    env.update(handoff_env(workdir, None), HANDOFF_OFFER_TIMEOUT_S=str(OFFER_S))
    write_agents_file(workdir / "agents.yml")
    service = handoff_service(workdir, env).start(timeout=60)
    yield f"http://localhost:{env['HANDOFF_PORT']}"
    service.stop()
    redis.stop()


def new_ticket(base_url: str) -> dict:
    body = {"conversation_id": f"offer-{uuid.uuid4().hex[:10]}", "channel": "socketio", "language": "en",
            "priority": "normal", "topic": "general", "summary": "Buyer asks where order A1002 is."}
    answer = requests.post(f"{base_url}/api/tickets", json=body, timeout=10,
                           headers={"Authorization": f"Bearer {SERVICE_TOKEN}"})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()["ticket"]


def test_an_offered_chat_is_accepted_or_goes_back_to_the_queue(browser, offering_url):
    api = HandoffApi(offering_url, "li", TEST_AGENTS["li"]["password"])
    console = Console(browser, offering_url)
    try:
        console.login("li", TEST_AGENTS["li"]["password"])
        page = console.page

        accepted = new_ticket(offering_url)
        offer = console.my_chat(accepted["id"])
        expect(offer).to_contain_text("offered", timeout=LIVE_S)
        offer.click()
        expect(page.get_by_text("Offered to you: accept it to reply.")).to_be_visible()
        page.locator("#accept").click()
        expect(offer).not_to_contain_text("offered", timeout=LIVE_S)
        assert api.get(f"/api/tickets/{accepted['id']}")["status"] == "assigned"

        ignored = new_ticket(offering_url)
        expect(console.my_chat(ignored["id"])).to_contain_text("offered", timeout=LIVE_S)
        # Not accepted within OFFER_S: back in the queue, and not offered to li again at once.
        expect(console.queue_row(ignored["id"])).to_be_visible(timeout=LIVE_S)
        expect(console.my_chat(ignored["id"])).to_have_count(0)
        assert api.get(f"/api/tickets/{ignored['id']}")["status"] == "waiting"
        assert console.errors == [] and console.dialogs == []
    finally:
        console.close()
