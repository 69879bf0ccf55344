"""The agent console (/agent/) in real headless Chromium against the real stack.

A buyer asks for a person over Rasa's REST channel, the agent sees the ticket in the queue,
claims it, reads the buyer's next message, replies from the composer (the reply reaches the
buyer's conversation in Rasa) and hands the conversation back to the bot. Buyer text is
always shown as text: `<img src=x onerror=alert(1)>` stays literal and runs nothing.
"""
import re
import time
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.services import SERVICE_TOKEN

XSS = "<img src=x onerror=alert(1)>"
CONSOLE_DIR = Path(__file__).resolve().parents[2] / "handoff" / "static" / "agent"
LIVE_S = 20_000  # ms: a WebSocket event, or at worst the console's 10 s poll plus slack


# ---------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def agents(agent_credentials):
    """(agent id, password) of the stack's test agents: li (reads zh, en) first, then sofia (es, en)."""
    return sorted(agent_credentials.items(), key=lambda item: item[0] != "li")


@pytest.fixture(scope="module")
def base_url(handoff_server, ports):
    return f"http://localhost:{ports['handoff']}"


class HandoffApi:
    """The handoff API over plain HTTP, as an agent: to find, check and clean up tickets."""

    def __init__(self, base_url: str, agent_id: str, password: str):
        self.base_url = base_url
        response = requests.post(f"{base_url}/api/login", json={"agent_id": agent_id, "password": password},
                                 timeout=10)
        assert response.status_code == 200, response.text
        self.token = response.json()["token"]
        self.agent = response.json()["agent"]

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.base_url + path, timeout=20,
                                headers={"Authorization": f"Bearer {self.token}"}, **kwargs)

    def get(self, path: str):
        response = self.call("GET", path)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()

    def waiting_ticket(self, conversation_id: str, timeout: float = 30) -> dict:
        """The ticket the bot opened for this conversation, once it is in the queue."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for row in self.get("/api/queue")["tickets"]:
                if row["ticket"]["conversation_id"] == conversation_id:
                    return row["ticket"]
            time.sleep(0.5)
        raise AssertionError(f"no ticket for {conversation_id} in the queue after {timeout}s")

    def hand_back_all(self) -> None:
        """Hand back every chat this agent holds, so each test starts with free capacity."""
        for ticket in self.get("/api/tickets/mine")["tickets"]:
            self.call("POST", f"/api/tickets/{ticket['id']}/resume")


@pytest.fixture(scope="module")
def api(agents, base_url):
    return HandoffApi(base_url, *agents[0])


class Console:
    """One agent's console page; records dialogs and page errors to assert none happened."""

    def __init__(self, browser, base_url: str, clock_at: float = None):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        if clock_at is not None:  # the page's clock only (Playwright's fake clock), from this time on
            self.page.clock.install(time=clock_at)
        self.dialogs, self.errors, self.urls = [], [], []
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.urls.append(request.url))
        self.page.on("websocket", lambda socket: self.urls.append(socket.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{base_url}/agent/")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def login(self, agent_id: str, password: str) -> None:
        page = self.page
        page.get_by_label("Agent id").fill(agent_id)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#console-view")).to_be_visible()
        expect(page.locator("#connection")).to_have_text("Live", timeout=LIVE_S)

    def queue_row(self, ticket_id: str):
        return self.page.locator(f'#queue-rows tr[data-ticket-id="{ticket_id}"]')

    def my_chat(self, ticket_id: str):
        return self.page.locator(f'#mine li[data-ticket-id="{ticket_id}"]')

    @property
    def log(self):
        return self.page.get_by_role("log", name="Messages")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def console(browser, base_url, api):
    api.hand_back_all()
    console = Console(browser, base_url)
    yield console
    console.close()
    api.hand_back_all()


def new_sender() -> str:
    return f"console-{uuid.uuid4().hex[:12]}"


def ask_for_a_person(rasa, api, sender: str) -> dict:
    rasa.say(sender, "hello")
    rasa.say(sender, "I want to talk to a human")
    return api.waiting_ticket(sender)


def bot_texts(rasa, sender: str):
    return [e.get("text") or "" for e in rasa.tracker(sender)["events"] if e.get("event") == "bot"]


def wait_for(predicate, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


# ---------------------------------------------------------------------------- tests

def test_console_files_never_parse_api_text_as_html():
    script = (CONSOLE_DIR / "console.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)  # comments may name the sinks
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink
    page = (CONSOLE_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page, flags=re.I), "inline event handler"
    assert "<script>" not in page, "inline script"
    for text in (script, page, (CONSOLE_DIR / "console.css").read_text(encoding="utf-8")):
        assert not re.search(r"(src|href|url)\s*[=(]\s*[\"']?(https?:)?//", text), "fetches from elsewhere"


def test_login_rejects_a_wrong_password_then_logs_in(console, agents, api):
    page = console.page
    agent_id, password = agents[0]
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.get_by_label("Agent id").fill(agent_id)
    page.get_by_label("Password").fill(password + "-wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#login-message")).to_have_text("Wrong agent id or password.")
    expect(page.locator("#console-view")).to_be_hidden()
    assert page.evaluate("sessionStorage.length") == 0

    console.login(agent_id, password)
    me = api.get("/api/me")
    expect(page.locator("#agent-name")).to_have_text(me["display_name"])
    assert page.evaluate("Object.values(sessionStorage).length") == 1

    # Status toggle and languages go to PATCH /api/me.
    page.get_by_label("Status").select_option("away")
    wait_for(lambda: api.get("/api/me")["status"] == "away", 10, "status away")
    page.get_by_label("Status").select_option("online")
    wait_for(lambda: api.get("/api/me")["status"] == "online", 10, "status online")
    extra = next(code for code in ("tr", "nl", "pl", "ko") if code not in me["languages"])
    page.get_by_text(re.compile(r"^Languages:")).click()
    page.get_by_role("checkbox", name=extra, exact=True).check()
    wait_for(lambda: api.get("/api/me")["languages"] == me["languages"] + [extra], 10, "language added")
    page.get_by_role("checkbox", name=extra, exact=True).uncheck()
    wait_for(lambda: api.get("/api/me")["languages"] == me["languages"], 10, "language removed")

    # A reload keeps the session (token in sessionStorage).
    page.reload()
    expect(page.locator("#agent-name")).to_have_text(me["display_name"])
    assert console.errors == [] and console.dialogs == []


def test_buyer_to_agent_and_back_to_the_bot(console, agents, api, rasa, base_url):
    page = console.page
    console.login(*agents[0])
    sender = new_sender()
    ticket = ask_for_a_person(rasa, api, sender)

    # The ticket shows up in the queue with its priority, language, topic and clocks.
    row = console.queue_row(ticket["id"])
    expect(row).to_be_visible(timeout=LIVE_S)
    expect(row).to_contain_text(ticket["priority"])
    expect(row.locator("td.sla")).to_have_text(re.compile(r"-?\d+(:\d\d|h \d\dm)"))
    waiting = row.locator("td.waiting").text_content()
    expect(row.locator("td.waiting")).not_to_have_text(waiting, timeout=5000)  # the clock runs

    row.get_by_role("button", name="Claim").click()
    expect(console.my_chat(ticket["id"])).to_be_visible()
    expect(row).to_have_count(0, timeout=LIVE_S)
    expect(page.locator("#chat-summary")).to_be_visible()
    assert api.get(f"/api/tickets/{ticket['id']}")["status"] == "assigned"
    # The bot's part of the conversation is there.
    page.get_by_text(re.compile(r"^Conversation with the bot")).click()
    expect(page.locator("#transcript")).to_contain_text("talk to a human")

    # The buyer's next message reaches the conversation view, with its translation into the
    # agent's language (li reads Chinese first; the stand-in translator knows this phrase).
    assert api.agent["languages"][0] == "zh"
    rasa.say(sender, "Where is my order?")
    buyer = console.log.locator(".msg.buyer").filter(has_text="Where is my order?")
    expect(buyer).to_have_count(1, timeout=LIVE_S)
    expect(buyer.locator(".original")).to_have_text("Where is my order?")
    expect(buyer.locator(".translation")).to_contain_text("我的订单在哪里？")

    # Canned replies in the agent's language go into the composer.
    composer = page.get_by_label(re.compile("^Reply"))
    canned = page.locator("#canned .canned-reply")
    expect(canned.first).to_be_visible()
    canned.first.click()
    expect(composer).not_to_have_value("")

    # The agent replies in Chinese from the composer; the buyer gets English.
    reply, buyer_text = "您好，我们正在查看您的订单。", "Hello, we are checking your order."
    composer.fill(reply)
    page.get_by_role("button", name="Send").click()
    expect(composer).to_have_value("")
    sent = console.log.locator(".msg.agent:not(.pending)").filter(has_text=reply)
    expect(sent).to_have_count(1, timeout=LIVE_S)
    expect(sent.locator(".buyer-text")).to_contain_text(buyer_text)
    stored = [m for m in api.get(f"/api/tickets/{ticket['id']}")["messages"] if m["sender"] == "agent"]
    assert [(m["text"], m["buyer_text"]) for m in stored] == [(reply, buyer_text)]

    # Buyer text is text: no element, no script, no dialog.
    rasa.say(sender, XSS)
    expect(console.log.locator(".msg.buyer .original").filter(has_text=XSS)).to_have_count(1, timeout=LIVE_S)
    expect(console.log.get_by_text(XSS, exact=True)).to_be_visible()
    assert console.log.locator("img").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    page.wait_for_timeout(500)
    assert console.dialogs == []

    # Hand back to the bot: the chat leaves "my chats" and the ticket is resumed.
    page.get_by_role("button", name="Hand back to bot").click()
    expect(console.my_chat(ticket["id"])).to_have_count(0)
    expect(page.locator("#chat-empty")).to_be_visible()
    assert api.get(f"/api/tickets/{ticket['id']}")["status"] == "resumed"
    page.reload()  # still gone after a fresh load of /api/tickets/mine
    expect(page.locator("#mine-empty")).to_be_visible()
    expect(console.my_chat(ticket["id"])).to_have_count(0)
    assert console.errors == [] and console.dialogs == []
    ws_base = base_url.replace("http://", "ws://", 1)
    assert [u for u in console.urls if not u.startswith((base_url + "/", ws_base + "/", "data:"))] == []

    # The reply reached the buyer's conversation (relayed through Rasa, in English).
    wait_for(lambda: buyer_text in bot_texts(rasa, sender), 30, "the agent's reply in Rasa's tracker")


def test_the_agent_sees_the_order_and_the_case_with_the_buyers_choice(console, agents, api, rasa):
    page = console.page
    console.login(*agents[0])
    sender = new_sender()
    rasa.say(sender, "my order A1008 never arrived")  # lost by the carrier
    rasa.say(sender, "sofia.rossi@example.com")
    rasa.say(sender, "a full refund please")
    rasa.say(sender, "I want to talk to a human")
    ticket = api.waiting_ticket(sender)
    console.queue_row(ticket["id"]).get_by_role("button", name="Claim").click()
    expect(console.my_chat(ticket["id"])).to_be_visible(timeout=LIVE_S)
    expect(page.locator("#chat-order")).to_contain_text("A1008")
    cases = page.locator("#chat-cases")
    expect(cases).to_be_visible()
    expect(cases).to_contain_text("delivery_dispute")
    expect(cases).to_contain_text("buyer prefers: refund")


def test_take_next_then_close(console, agents, api, rasa):
    page = console.page
    console.login(*agents[0])
    sender = new_sender()
    ticket = ask_for_a_person(rasa, api, sender)
    expect(console.queue_row(ticket["id"])).to_be_visible(timeout=LIVE_S)
    # Other waiting tickets (other test modules) may come first: take until ours is mine.
    for _ in range(10):
        page.get_by_role("button", name="Take next").click()
        expect(page.locator("#take-next")).to_be_enabled()
        if ticket["id"] in [t["id"] for t in api.get("/api/tickets/mine")["tickets"]]:
            break
        api.hand_back_all()
    expect(console.my_chat(ticket["id"])).to_be_visible(timeout=LIVE_S)
    console.my_chat(ticket["id"]).get_by_role("button").click()
    expect(page.locator("#close")).to_be_enabled()
    page.get_by_role("button", name="Close").click()
    expect(console.my_chat(ticket["id"])).to_have_count(0)
    assert api.get(f"/api/tickets/{ticket['id']}")["status"] == "closed"


def test_claim_lost_to_another_agent_says_taken(console, agents, api, base_url, rasa):
    if len(agents) < 2:
        pytest.skip("needs two test agents")
    page = console.page
    console.login(*agents[0])
    other = HandoffApi(base_url, *agents[1])
    other.hand_back_all()
    # An earlier test's console may have left this agent away (closing a console does that).
    assert other.call("PATCH", "/api/me", json={"status": "online"}).status_code == 200
    sender = new_sender()
    ticket = ask_for_a_person(rasa, api, sender)
    row = console.queue_row(ticket["id"])
    expect(row).to_be_visible(timeout=LIVE_S)

    def other_agent_wins(route):
        response = other.call("POST", f"/api/tickets/{ticket['id']}/claim")
        assert response.status_code == 200, response.text
        route.continue_()

    page.route(f"**/api/tickets/{ticket['id']}/claim", other_agent_wins)
    try:
        row.get_by_role("button", name="Claim").click()
        expect(page.locator("#queue-message")).to_contain_text("taken by another agent")
        expect(row).to_have_count(0, timeout=LIVE_S)
        expect(console.my_chat(ticket["id"])).to_have_count(0)
    finally:
        other.hand_back_all()


def test_reply_retried_after_a_network_error_is_sent_once(console, agents, api, rasa):
    page = console.page
    console.login(*agents[0])
    sender = new_sender()
    ticket = ask_for_a_person(rasa, api, sender)
    claimed = api.call("POST", f"/api/tickets/{ticket['id']}/claim")
    assert claimed.status_code == 200, claimed.text
    # A chat claimed elsewhere (another tab) shows up in "my chats".
    expect(console.my_chat(ticket["id"])).to_be_visible(timeout=LIVE_S)
    console.my_chat(ticket["id"]).get_by_role("button").click()
    expect(page.locator("#send")).to_be_enabled()

    bodies = []

    def lose_first_answer(route):
        bodies.append(route.request.post_data_json)
        if len(bodies) == 1:
            route.fetch()          # the server stores the message...
            route.abort("failed")  # ...but the console sees a network error
        else:
            route.continue_()

    page.route(f"**/api/tickets/{ticket['id']}/messages", lose_first_answer)
    reply = f"One moment please ({uuid.uuid4().hex[:6]})."
    page.get_by_label(re.compile("^Reply")).fill(reply)
    page.get_by_label(re.compile("^Reply")).press("Enter")
    # The stored copy may arrive first over the WebSocket; the console's own bubble stays
    # "sending…" until a retry with the same key gets its answer.
    expect(console.log.locator(".msg.pending")).to_have_count(0, timeout=LIVE_S)
    expect(console.log.locator(".msg.agent").filter(has_text=reply)).to_have_count(1)
    assert len(bodies) >= 2
    assert len({b["idempotency_key"] for b in bodies}) == 1
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", bodies[0]["idempotency_key"])
    stored = [m for m in api.get(f"/api/tickets/{ticket['id']}")["messages"] if m["sender"] == "agent"]
    assert [m["text"] for m in stored] == [reply]
    page.wait_for_timeout(1000)
    expect(console.log.locator(".msg.agent").filter(has_text=reply)).to_have_count(1)


def test_expired_session_returns_to_the_login_form(console, agents, base_url):
    page = console.page
    console.login(*agents[0])
    token = page.evaluate("Object.values(sessionStorage)[0]")
    response = requests.post(f"{base_url}/api/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 204, response.text
    # The next API call gets 401 (a click, or the console's own reconnect/poll, whichever is first).
    page.evaluate("document.getElementById('take-next').click()")
    expect(page.locator("#login-view")).to_be_visible()
    expect(page.locator("#login-message")).to_contain_text("session expired", ignore_case=True)
    assert page.evaluate("sessionStorage.length") == 0


def test_a_countdown_warns_in_the_last_two_hours_of_the_reply_window(browser, base_url, api, agents):
    """A Messenger chat: the buyer's app takes a reply only until `reply_window_closes_at`. The
    page's clock is moved (Playwright's fake clock), the server's is not."""
    api.hand_back_all()
    created = requests.post(f"{base_url}/api/tickets", timeout=20, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
                            json={"conversation_id": str(uuid.uuid4().int % 10**16), "channel": "facebook",
                                  "language": "en", "topic": "general", "summary": "reply window"})
    assert created.status_code == 201, created.text
    ticket = created.json()["ticket"]
    closes_at = ticket["reply_window_closes_at"]
    assert closes_at and closes_at - time.time() > 23 * 3600

    console = Console(browser, base_url, clock_at=closes_at - 3 * 3600)  # 3 h before: no warning
    page = console.page
    try:
        console.login(*agents[0])  # online again (the agent may have been released as silent)
        claimed = api.call("POST", f"/api/tickets/{ticket['id']}/claim")
        assert claimed.status_code == 200, claimed.text
        console.my_chat(ticket["id"]).click()
        info = page.locator("#buyer-state")
        expect(page.get_by_role("button", name="Send")).to_be_enabled()
        expect(info).to_have_text("")

        page.clock.pause_at(closes_at - (72 * 60 - 30))  # 1 h 11 min 30 s left
        expect(info).to_have_text(re.compile(r"^Reply window closes in 1 h 12 min\b"))
        expect(info).to_have_class(re.compile(r"\bwarning\b"))
        page.clock.fast_forward(60_000)
        expect(info).to_have_text(re.compile(r"^Reply window closes in 1 h 11 min\b"))
        page.clock.fast_forward((71 * 60 + 30) * 1000)  # closed
        expect(info).to_have_text(re.compile(r"^The buyer's reply window has closed"))
        assert console.errors == [] and console.dialogs == []
    finally:
        console.close()
        api.hand_back_all()
