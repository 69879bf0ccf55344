"""Handoff relay latency and queue throughput on the running stack, without translation.

- 50 buyers on socket.io ask for a person; one agent claims all 50 chats.
- buyer -> agent: a buyer message is emitted on socket.io; timed until the agent's WebSocket
  delivers it (Rasa -> event broker -> Redis stream -> relay -> ticket stream -> pub/sub -> WS).
- agent -> buyer: POST /api/tickets/{id}/messages; timed until the buyer's socket.io client
  receives it (outbox -> delivery loop -> Rasa /execute -> socket.io).
  Both: all 50 conversations at once, several rounds; p50/p95/max.
- 500 waiting tickets: creation rate, GET /api/queue time, and claims per second with 5 agents
  claiming concurrently until the queue is empty (and that no ticket was claimed twice).
"""
import asyncio
import os
import random
import statistics
import time
import uuid
from collections import defaultdict
from typing import Dict, List

import aiohttp
import socketio

from bench.report import Section
from tests.services import SERVICE_TOKEN, TEST_AGENTS

HANDOFFS = int(os.environ.get("BENCH_HANDOFFS", "50"))
ROUNDS = 3
STEADY_TURNS = 3
QUEUE_SIZE = 500
CLAIMERS = 5


def percentile(values: List[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Buyer:
    def __init__(self, rasa_url: str):
        self.id = f"bench-{uuid.uuid4().hex[:12]}"
        self.client = socketio.AsyncClient(reconnection=False)
        self.rasa_url = rasa_url
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.client.on("bot_uttered", self._on_bot)

    async def _on_bot(self, data):
        await self.inbox.put((time.perf_counter(), data.get("text") or ""))

    async def start(self):
        await self.client.connect(self.rasa_url, socketio_path="/socket.io", transports=["polling"])
        await self.client.emit("session_request", {"session_id": self.id})

    async def say(self, text: str):
        await self.client.emit("user_uttered", {"message": text, "session_id": self.id})

    async def wait_for(self, text: str, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        others = []
        while True:
            try:
                at, received = await asyncio.wait_for(self.inbox.get(), max(0.1, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise AssertionError(f"{self.id} never received {text!r}; got {others}") from None
            if received == text:
                return at
            others.append(received)


async def _login(http: aiohttp.ClientSession, base: str, agent_id: str) -> str:
    async with http.post(f"{base}/api/login", json={"agent_id": agent_id,
                                                    "password": TEST_AGENTS[agent_id]["password"]}) as r:
        r.raise_for_status()
        return (await r.json())["token"]


async def _relay(env: Dict[str, str]) -> Dict[str, List[float]]:
    base = f"http://localhost:{env['HANDOFF_PORT']}"
    rasa_url = f"http://localhost:{env['RASA_PORT']}"
    async with aiohttp.ClientSession() as http:
        token = await _login(http, base, "li")
        auth = {"Authorization": f"Bearer {token}"}
        ws = await http.ws_connect(f"{base}/api/ws?token={token}")
        arrivals: Dict[str, float] = {}
        arrived: Dict[str, asyncio.Event] = defaultdict(asyncio.Event)

        async def listen():
            async for frame in ws:
                data = frame.json()
                if data.get("type") == "message" and data["message"]["sender"] == "buyer":
                    text = data["message"]["text"]
                    arrivals[text] = time.perf_counter()
                    arrived[text].set()

        listener = asyncio.create_task(listen())
        buyers = [Buyer(rasa_url) for _ in range(HANDOFFS)]
        await asyncio.gather(*(b.start() for b in buyers))
        await asyncio.gather(*(b.say("I want to talk to a human") for b in buyers))
        tickets: Dict[str, str] = {}
        deadline = time.monotonic() + 180
        while len(tickets) < HANDOFFS and time.monotonic() < deadline:
            async with http.get(f"{base}/api/queue", headers=auth) as r:
                for row in (await r.json())["tickets"]:
                    tickets.setdefault(row["ticket"]["conversation_id"], row["ticket"]["id"])
            await asyncio.sleep(0.5)
        mine = {b.id: tickets[b.id] for b in buyers if b.id in tickets}
        for ticket_id in mine.values():
            async with http.post(f"{base}/api/tickets/{ticket_id}/claim", headers=auth) as r:
                r.raise_for_status()
        # Steady starts once every buyer has been told an agent joined (50 claims at once are
        # themselves a burst), then the inboxes are emptied.
        await asyncio.gather(*(asyncio.wait_for(b.inbox.get(), 60) for b in buyers if b.id in mine))
        await asyncio.sleep(2)
        for b in buyers:
            while not b.inbox.empty():
                b.inbox.get_nowait()

        async def buyer_turn(buyer: Buyer, label: str) -> float:
            text = f"buyer {buyer.id} {label}"
            t0 = time.perf_counter()
            await buyer.say(text)
            try:  # woken by the listener, not by polling (which would load the machine)
                await asyncio.wait_for(arrived[text].wait(), 60)
            except asyncio.TimeoutError:
                raise AssertionError(f"{text!r} never reached the agent") from None
            return (arrivals[text] - t0) * 1000

        async def agent_turn(buyer: Buyer, label: str) -> float:
            text = f"agent to {buyer.id} {label}"
            t0 = time.perf_counter()
            async with http.post(f"{base}/api/tickets/{mine[buyer.id]}/messages", headers=auth,
                                 json={"text": text, "idempotency_key": uuid.uuid4().hex}) as r:
                r.raise_for_status()
            return (await buyer.wait_for(text) - t0) * 1000

        # Steady: every conversation talks like people do, a message every few seconds
        # (random 5-20 s apart, fixed seed), buyer and agent taking turns.
        steady = {"to_agent": [], "to_buyer": []}
        rng = random.Random(7)

        async def conversation(buyer: Buyer) -> None:
            await asyncio.sleep(rng.uniform(0, 5))
            for turn in range(STEADY_TURNS):
                steady["to_agent"].append(await buyer_turn(buyer, f"steady {turn}"))
                await asyncio.sleep(rng.uniform(5, 20))
                steady["to_buyer"].append(await agent_turn(buyer, f"steady {turn}"))
                await asyncio.sleep(rng.uniform(5, 20))

        await asyncio.gather(*(conversation(b) for b in buyers if b.id in mine))
        # Burst: all conversations at the same instant, several rounds (the worst case).
        burst = {"to_agent": [], "to_buyer": []}
        for round_ in range(ROUNDS):
            burst["to_agent"] += await asyncio.gather(*(buyer_turn(b, f"burst {round_}") for b in buyers
                                                        if b.id in mine))
            burst["to_buyer"] += await asyncio.gather(*(agent_turn(b, f"burst {round_}") for b in buyers
                                                        if b.id in mine))
        for ticket_id in mine.values():
            async with http.post(f"{base}/api/tickets/{ticket_id}/resume", headers=auth) as r:
                r.raise_for_status()
        listener.cancel()
        await ws.close()
        await asyncio.gather(*(b.client.disconnect() for b in buyers), return_exceptions=True)
        return {"steady": steady, "burst": burst, "handoffs": len(mine)}


async def _queue(env: Dict[str, str]) -> Dict[str, float]:
    base = f"http://localhost:{env['HANDOFF_PORT']}"
    bot = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    async with aiohttp.ClientSession() as http:
        t0 = time.perf_counter()
        sem = asyncio.Semaphore(20)

        async def create(i: int):
            async with sem:
                body = {"conversation_id": f"bench-queue-{uuid.uuid4().hex}", "channel": "rest",
                        "language": ["es", "zh", "en", "de"][i % 4],
                        "priority": ["urgent", "high", "normal", "low"][i % 4], "topic": "general"}
                async with http.post(f"{base}/api/tickets", json=body, headers=bot) as r:
                    r.raise_for_status()

        await asyncio.gather(*(create(i) for i in range(QUEUE_SIZE)))
        created_s = time.perf_counter() - t0
        tokens = [await _login(http, base, agent) for agent in TEST_AGENTS]
        auth = {"Authorization": f"Bearer {tokens[0]}"}
        list_ms = []
        for _ in range(10):
            t0 = time.perf_counter()
            async with http.get(f"{base}/api/queue", headers=auth) as r:
                waiting = len((await r.json())["tickets"])
            list_ms.append((time.perf_counter() - t0) * 1000)
        claimed: List[str] = []

        async def claimer(token: str):
            headers = {"Authorization": f"Bearer {token}"}
            while True:
                async with http.post(f"{base}/api/queue/claim-next", headers=headers) as r:
                    if r.status == 204:
                        return
                    if r.status == 409:  # at capacity: hand the chat back, keep claiming
                        return
                    r.raise_for_status()
                    ticket = await r.json()
                claimed.append(ticket["id"])
                async with http.post(f"{base}/api/tickets/{ticket['id']}/resume", headers=headers) as r:
                    r.raise_for_status()

        t0 = time.perf_counter()
        await asyncio.gather(*(claimer(tokens[i % len(tokens)]) for i in range(CLAIMERS)))
        claim_s = time.perf_counter() - t0
        return {"created_per_s": QUEUE_SIZE / created_s, "waiting": waiting,
                "list_ms_median": statistics.median(list_ms), "claimed": len(claimed),
                "duplicates": len(claimed) - len(set(claimed)), "claims_per_s": len(claimed) / claim_s}


def run(env: Dict[str, str]) -> Section:
    relay = asyncio.run(_relay(env))
    queue = asyncio.run(_queue(env))
    rows = []
    for load in ("steady", "burst"):
        for name, key in (("buyer → agent", "to_agent"), ("agent → buyer", "to_buyer")):
            values = relay[load][key]
            rows.append(f"| {load} | {name} | {len(values)} | {percentile(values, 50):.0f} ms | "
                        f"{percentile(values, 95):.0f} ms | {max(values):.0f} ms |")
    steady_p95 = max(percentile(relay["steady"][key], 95) for key in ("to_agent", "to_buyer"))
    burst_p95 = max(percentile(relay["burst"][key], 95) for key in ("to_agent", "to_buyer"))
    verdict = (f"Reading: with {relay['handoffs']} concurrent handoffs at a human pace the worst p95 is "
               f"{steady_p95:.0f} ms, target {'met' if steady_p95 <= 100 else 'NOT met'}. When all of them "
               f"write at the same instant the worst p95 is {burst_p95:.0f} ms: every message still passes "
               "through the one Rasa process, which handles them one after another (buyer messages reach "
               "the stream on receipt, but receipt itself waits for Rasa's event loop). More Rasa "
               "processes are the way past that (README, \"Production\"); not measured here.")
    body = "\n".join([
        f"{relay['handoffs']} concurrent handoffs: buyers on socket.io, one agent on the API + WebSocket, "
        "no translation; timed from the buyer's socket.io emit to the agent's WebSocket event, and "
        "from the agent's POST to the buyer's socket.io event. *Steady*: each conversation sends a "
        f"message every 5–20 s ({STEADY_TURNS} turns each way); *burst*: all {relay['handoffs']} at the "
        f"same instant, {ROUNDS} rounds. Target: p95 ≤ 100 ms.", "",
        "| load | direction | messages | p50 | p95 | max |", "|---|---|---:|---:|---:|---:|", *rows, "",
        f"{QUEUE_SIZE} waiting tickets: created at {queue['created_per_s']:.0f}/s over HTTP; "
        f"`GET /api/queue` listed {queue['waiting']} in {queue['list_ms_median']:.0f} ms (median of 10); "
        f"{CLAIMERS} agents claiming concurrently took {queue['claimed']} tickets at "
        f"{queue['claims_per_s']:.0f} claims/s (claim + hand back), {queue['duplicates']} claimed twice.",
        "", verdict,
    ])
    return Section("Handoff: relay latency and queue throughput", body, {
        "steady_to_agent_p95_ms": percentile(relay["steady"]["to_agent"], 95),
        "steady_to_buyer_p95_ms": percentile(relay["steady"]["to_buyer"], 95),
        "claims_per_s": queue["claims_per_s"]})
