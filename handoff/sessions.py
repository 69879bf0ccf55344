"""Agent sessions: random bearer tokens kept in Redis only as their SHA-256, sliding expiry."""
import hashlib
import secrets
from typing import Optional

import redis.asyncio as aioredis


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, redis: aioredis.Redis, ttl_s: int, prefix: str = "handoff:session:"):
        self.redis = redis
        self.ttl_s = ttl_s
        self.prefix = prefix

    async def create(self, agent_id: str) -> str:
        token = secrets.token_urlsafe(32)
        await self.redis.set(self.prefix + _digest(token), agent_id, ex=self.ttl_s)
        return token

    async def agent_for(self, token: Optional[str]) -> Optional[str]:
        """The agent the token belongs to, or None; each use extends the session."""
        if not token:
            return None
        key = self.prefix + _digest(token)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.get(key)
            pipe.expire(key, self.ttl_s)
            agent_id, _ = await pipe.execute()
        return agent_id

    async def revoke(self, token: str) -> None:
        await self.redis.delete(self.prefix + _digest(token))
