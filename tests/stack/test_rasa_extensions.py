"""Our replacements inside the Rasa process: the lock store and the two cached hot spots."""
import asyncio
import time

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.server import EVENTS_SCHEMA
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_speedups
from bot.lock_store import PromptRedisLockStore


def lock_store(port: int, **extra) -> PromptRedisLockStore:
    return PromptRedisLockStore(EndpointConfig(url="localhost", port=port, db=0, **extra))


def test_a_waiting_request_gets_the_conversation_soon_after_it_is_released(redis_server):
    store = lock_store(redis_server.port)
    order = []

    async def holder():
        async with store.lock("lock-test"):
            order.append("first in")
            await asyncio.sleep(0.3)
            order.append("first out")
        return time.monotonic()

    async def waiter():
        await asyncio.sleep(0.05)
        async with store.lock("lock-test"):
            order.append("second in")
            return time.monotonic()

    async def scenario():
        return await asyncio.gather(holder(), waiter())

    released, acquired = asyncio.run(scenario())
    assert order == ["first in", "first out", "second in"]  # never both at once
    # Rasa's own store polls once a second, so the waiter used to get in up to 1 s later.
    assert acquired - released < 0.5


def test_the_retry_interval_comes_from_endpoints_yml(redis_server):
    assert lock_store(redis_server.port).retry_interval == 0.02
    assert lock_store(redis_server.port, retry_interval=0.1).retry_interval == 0.1


@pytest.mark.parametrize("instance", [
    [{"event": "bot", "text": "Hola", "metadata": {"sender": "agent"}}],
    [{"event": "slot", "name": "language", "value": "es"}, {"event": "resume"}],
])
def test_valid_events_pass_the_cached_check(instance):
    rasa_speedups.validate(instance, EVENTS_SCHEMA)


@pytest.mark.parametrize("instance, schema", [
    ([{"event": "no-such-event"}], EVENTS_SCHEMA),
    ([{"text": "an event without a type"}], EVENTS_SCHEMA),
    ({"events": "not a list"}, RemoteAction.action_response_format_spec()),
])
def test_invalid_input_is_refused_with_the_same_error_as_jsonschema(instance, schema):
    with pytest.raises(jsonschema.ValidationError) as original:
        rasa_speedups._original_validate(instance, schema)
    with pytest.raises(jsonschema.ValidationError) as cached:
        rasa_speedups.validate(instance, schema)
    with pytest.raises(jsonschema.ValidationError):  # a second time, from the cache
        rasa_speedups.validate(instance, schema)
    assert cached.value.message == original.value.message


def test_a_broken_schema_is_still_reported():
    with pytest.raises(jsonschema.SchemaError):
        rasa_speedups.validate({}, {"type": "no-such-type"})


def test_every_event_type_resolves_to_the_class_rasa_would_find():
    names = {subclass.type_name for subclass in all_subclasses(Event) if getattr(subclass, "type_name", None)}
    assert len(names) > 20
    for name in names:
        assert rasa_speedups.resolve_event_type(name) is rasa_speedups._original_resolve_by_type(name), name


def test_unknown_event_types_behave_as_in_rasa():
    assert rasa_speedups.resolve_event_type("topic") is None
    assert rasa_speedups.resolve_event_type("no-such-event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError):
        rasa_speedups.resolve_event_type("no-such-event")


def test_importing_our_extensions_installs_both():
    import bot  # noqa: F401  (what Rasa does when it loads endpoints.yml)

    assert jsonschema.validate is rasa_speedups.validate
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.from_parameters({"event": "bot", "text": "hola"}).text == "hola"
