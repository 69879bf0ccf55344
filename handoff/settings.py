"""Settings of the handoff service, read once from the environment."""
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    redis_host: str
    redis_port: int
    redis_password: str
    redis_db: int
    rasa_url: str
    rasa_public_url: str
    rasa_token: str = field(default="", repr=False)
    service_token: str = field(default="", repr=False)
    agents_file: Path = Path("var/agents.yml")
    hours_file: Optional[Path] = None
    session_ttl_s: int = 8 * 3600
    instance: str = ""
    public_url: str = ""
    # Seconds an agent has to accept a chat the service offers them; 0: no offers, agents
    # take chats from the queue themselves.
    offer_timeout_s: float = 30.0
    background: bool = True

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            host=env.get("HANDOFF_HOST", "0.0.0.0"),
            port=int(env.get("HANDOFF_PORT", "8080")),
            redis_host=env.get("REDIS_HOST", "localhost"),
            redis_port=int(env.get("REDIS_PORT", "6380")),
            redis_password=env.get("REDIS_PASSWORD", ""),
            redis_db=int(env.get("REDIS_DB", "0")),
            rasa_url=env.get("RASA_URL", "http://localhost:5005"),
            rasa_public_url=env.get("RASA_PUBLIC_URL", env.get("RASA_URL", "http://localhost:5005")),
            rasa_token=env.get("RASA_API_TOKEN", ""),
            service_token=env.get("HANDOFF_SERVICE_TOKEN", ""),
            agents_file=Path(env.get("HANDOFF_AGENTS_FILE", "var/agents.yml")),
            hours_file=Path(env["HANDOFF_HOURS_FILE"]) if env.get("HANDOFF_HOURS_FILE") else None,
            session_ttl_s=int(env.get("HANDOFF_SESSION_TTL_S", str(8 * 3600))),
            instance=env.get("HANDOFF_INSTANCE", ""),
            public_url=env.get("HANDOFF_PUBLIC_URL", ""),
            offer_timeout_s=float(env.get("HANDOFF_OFFER_TIMEOUT_S", "30")),
        )
