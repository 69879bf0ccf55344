"""Typed keys of the objects the API's handlers share through the aiohttp app."""
import redis.asyncio as aioredis
from aiohttp import web

from handoff.agents import AgentDirectory
from handoff.notify import Hub
from handoff.service import HandoffService
from handoff.sessions import SessionStore

REDIS = web.AppKey("redis", aioredis.Redis)
SERVICE = web.AppKey("service", HandoffService)
SESSIONS = web.AppKey("sessions", SessionStore)
HUB = web.AppKey("hub", Hub)
DIRECTORY = web.AppKey("directory", AgentDirectory)
SERVICE_TOKEN = web.AppKey("service_token", str)
CANNED = web.AppKey("canned", dict)
