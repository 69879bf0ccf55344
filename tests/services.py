"""Start and stop the real processes of the stack for tests: Redis, Rasa, actions, handoff.

Each service runs on a free port, logs to a file in the test's temp folder, and is
killed with its whole process group on teardown, so a failed test never leaves
anything running.
"""
import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
API_TOKEN = "test-token"


def newest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `make train` (make test does it for you)")
    return models[-1]


def _ephemeral_range() -> Tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default


_handed_out: Set[int] = set()


def free_port() -> int:
    """A port nothing listens on, for a service that binds it later.

    Not from the kernel's ephemeral range: Rasa binds its port some 40 s after start, and in
    that time any outgoing connection may be given the same number as its local port
    ("address already in use"). Outside that range only another listener can take it.
    """
    low, high = _ephemeral_range()
    candidates = list(range(10000, low)) if low > 11000 else list(range(high + 1, 65536))
    random.shuffle(candidates)
    for port in candidates:
        if port in _handed_out:
            continue
        try:
            with socket.socket() as s:
                s.bind(("0.0.0.0", port))
        except OSError:
            continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port outside the ephemeral range {low}-{high}")


def base_env(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        PATH=f"{VENV_BIN}:{env.get('PATH', '')}",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.update(extra)
    return env


@dataclass
class Service:
    name: str
    cmd: List[str]
    env: Dict[str, str]
    log_path: Path
    health_url: Optional[str] = None
    port: Optional[int] = None
    proc: Optional[subprocess.Popen] = field(default=None, repr=False)

    def start(self, timeout: float = 180) -> "Service":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            if self._healthy():
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} not healthy after {timeout}s:\n{self.log_tail()}")

    def _healthy(self) -> bool:
        if self.health_url is None:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def restart(self, timeout: float = 180) -> None:
        self.stop()
        self.start(timeout)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def redis_service(workdir: Path) -> Service:
    port = free_port()
    data = workdir / "redis"
    data.mkdir(parents=True, exist_ok=True)
    cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data),
           "--appendonly", "yes", "--save", "", "--daemonize", "no"]
    return Service("redis", cmd, base_env(), workdir / "redis.log", port=port)


# Messaging channels (bot/channels/, docs/channels.md). The test stack never inherits real
# tokens: every channel is off unless channel_env() points it at the local stand-ins.
CHANNEL_VARIABLES = (
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_API_URL",
    "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER", "TWILIO_WEBHOOK_URL", "TWILIO_API_URL",
    "MESSENGER_PAGE_ACCESS_TOKEN", "MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN", "MESSENGER_API_URL",
    "MESSENGER_API_VERSION", "MESSENGER_HUMAN_AGENT_TAG",
)
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456:TEST-telegram-token", "test-telegram-secret"
TWILIO_SID, TWILIO_TOKEN, TWILIO_NUMBER = "AC" + "5" * 32, "test-twilio-auth-token", "whatsapp:+14155238886"
TWILIO_WEBHOOK_URL = "https://bot.example.test/webhooks/twilio/webhook"  # as configured at Twilio
MESSENGER_TOKEN, MESSENGER_SECRET, MESSENGER_VERIFY = "test-page-token", "test-app-secret", "test-verify-token"


def channel_env(telegram_api: str, twilio_api: str, messenger_api: str) -> Dict[str, str]:
    """Channel settings pointing at the stand-ins (tests/standins/*_api.py) at these URLs."""
    return dict(
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
        TELEGRAM_WEBHOOK_URL="https://bot.example.test/webhooks/telegram/webhook", TELEGRAM_API_URL=telegram_api,
        TWILIO_ACCOUNT_SID=TWILIO_SID, TWILIO_AUTH_TOKEN=TWILIO_TOKEN, TWILIO_WHATSAPP_NUMBER=TWILIO_NUMBER,
        TWILIO_WEBHOOK_URL=TWILIO_WEBHOOK_URL, TWILIO_API_URL=twilio_api,
        MESSENGER_PAGE_ACCESS_TOKEN=MESSENGER_TOKEN, MESSENGER_APP_SECRET=MESSENGER_SECRET,
        MESSENGER_VERIFY_TOKEN=MESSENGER_VERIFY, MESSENGER_API_URL=messenger_api, MESSENGER_API_VERSION="v23.0",
    )


def stack_env(workdir: Path, redis_port: int, action_port: int, handoff_port: int, rasa_port: int) -> Dict[str, str]:
    return base_env(
        **dict.fromkeys(CHANNEL_VARIABLES, ""),
        REDIS_HOST="localhost", REDIS_PORT=str(redis_port), REDIS_PASSWORD="", REDIS_DB="0",
        ACTION_PORT=str(action_port), ACTION_ENDPOINT_URL=f"http://localhost:{action_port}/webhook",
        HANDOFF_PORT=str(handoff_port), HANDOFF_URL=f"http://localhost:{handoff_port}",
        HANDOFF_PUBLIC_URL=f"http://localhost:{handoff_port}",
        RASA_PORT=str(rasa_port), RASA_URL=f"http://localhost:{rasa_port}",
        RASA_API_TOKEN=API_TOKEN,
        SHOP_DATABASE_URL=f"sqlite:///{workdir / 'shop.sqlite'}",
        SHOP_SEED_ON_START="1",  # the action tests turn seeding off in this process's env
        IDENTITY_VERIFICATION_SECRET=IDENTITY_SECRET,
    )


SERVICE_TOKEN = "test-service-token"
IDENTITY_SECRET = "test-identity-secret"  # signs the test stack's signed-in customers
# Agents of the test stack (ids -> languages, password); the file holds only hashes.
TEST_AGENTS = {
    "li": {"display_name": "Li Na", "languages": ["zh", "en"], "password": "li-password-1"},
    "sofia": {"display_name": "Sofía", "languages": ["es", "en"], "password": "sofia-password-1"},
}


def write_agents_file(path: Path) -> Dict[str, str]:
    """The test agents as a HANDOFF_AGENTS_FILE; returns {agent id: password}."""
    import yaml

    from handoff.agents import hash_password

    agents = [{"id": agent_id, "display_name": a["display_name"], "languages": a["languages"],
               "skills": ["general"], "capacity": 50, "password_hash": hash_password(a["password"], iterations=1000)}
              for agent_id, a in TEST_AGENTS.items()]
    path.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True), encoding="utf-8")
    return {agent_id: a["password"] for agent_id, a in TEST_AGENTS.items()}


def handoff_env(workdir: Path, translation_url: Optional[str]) -> Dict[str, str]:
    """Handoff service settings: service token, agents file, and the translation provider."""
    env = {"HANDOFF_SERVICE_TOKEN": SERVICE_TOKEN, "HANDOFF_AGENTS_FILE": str(workdir / "agents.yml"),
           "HANDOFF_UPLOAD_DIR": str(workdir / "uploads"),
           # Agents take chats from the queue: tests claim the ticket they mean to. Offers are
           # tested on their own (tests/handoff/test_auto_offer.py, tests/console).
           "HANDOFF_OFFER_TIMEOUT_S": "0"}
    if translation_url:
        env.update(TRANSLATION_PROVIDER="libre", TRANSLATION_URL=translation_url,
                   TRANSLATION_TIMEOUT_S="2")
    return env


def action_service(workdir: Path, env: Dict[str, str]) -> Service:
    port = env["ACTION_PORT"]
    return Service("actions", [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
                               "--port", port],
                   env, workdir / "actions.log", health_url=f"http://localhost:{port}/health")


def handoff_service(workdir: Path, env: Dict[str, str]) -> Service:
    return Service("handoff", [str(VENV_BIN / "python"), "-m", "handoff"], env, workdir / "handoff.log",
                   health_url=f"http://localhost:{env['HANDOFF_PORT']}/health")


def rasa_service(workdir: Path, env: Dict[str, str], model: Path) -> Service:
    port = env["RASA_PORT"]
    return Service(
        "rasa",
        [str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", API_TOKEN, "--cors", "*",
         "--port", port, "--model", str(model),
         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
        env, workdir / "rasa.log", health_url=f"http://localhost:{port}/status?token={API_TOKEN}",
    )


def redis_client(port: int) -> redis.Redis:
    return redis.Redis(host="localhost", port=port, decode_responses=True)
