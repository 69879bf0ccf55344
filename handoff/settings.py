"""Settings of the handoff service, read once from the environment."""
import os
from dataclasses import dataclass


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

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            host=os.environ.get("HANDOFF_HOST", "0.0.0.0"),
            port=int(os.environ.get("HANDOFF_PORT", "8080")),
            redis_host=os.environ.get("REDIS_HOST", "localhost"),
            redis_port=int(os.environ.get("REDIS_PORT", "6380")),
            redis_password=os.environ.get("REDIS_PASSWORD", ""),
            redis_db=int(os.environ.get("REDIS_DB", "0")),
            rasa_url=os.environ.get("RASA_URL", "http://localhost:5005"),
            rasa_public_url=os.environ.get("RASA_PUBLIC_URL", os.environ.get("RASA_URL", "http://localhost:5005")),
        )
