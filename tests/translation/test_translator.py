"""The translation module end to end: our deep-translator client against the LibreTranslate
stand-in over HTTP, with the cache in a real redis-server."""
import asyncio
import time

import pytest

from bot.translation import CircuitBreaker, NoTranslator, cache_key, translator_from_env
from tests.services import redis_service
from tests.translation.conftest import run

WHERE_ES = "¿Dónde está mi pedido?"
WHERE_EN = "Where is my order?"
AGENT_ZH = "您好，我们正在查看您的订单。"
AGENT_ES = "Hola, estamos revisando su pedido."


def timed(coroutine):
    started = time.perf_counter()
    result = run(coroutine)
    return result, time.perf_counter() - started


def test_buyer_and_agent_round_trip(make_translator, standin):
    translator = make_translator()

    to_agent = run(translator.translate(WHERE_ES, "es", "en"))
    to_buyer = run(translator.translate(AGENT_ZH, "zh", "es"))
    back = run(translator.translate(WHERE_EN, "en", "es"))

    assert (to_agent.ok, to_agent.text, to_agent.provider, to_agent.cached) == (True, WHERE_EN, "libre", False)
    assert (to_buyer.ok, to_buyer.text, to_buyer.source, to_buyer.target) == (True, AGENT_ES, "zh", "es")
    assert back.text == WHERE_ES
    assert standin.translate_requests == 3


def test_text_outside_the_phrase_table_goes_through_the_server(make_translator):
    result = run(make_translator().translate("Hola, ¿tienen talla M?", "es", "zh"))
    assert result.ok and result.text == "[es→zh] Hola, ¿tienen talla M?"


def test_language_outside_deep_translators_libre_list(make_translator):
    # deep-translator 1.11.4 lists no Swedish for LibreTranslate; LibreTranslate serves it.
    translator = make_translator()
    assert run(translator.translate("Var är min beställning?", "sv", "en")).text == WHERE_EN
    assert run(translator.translate("Your order has shipped.", "en", "sv")).text == "Din beställning har skickats."


def test_second_identical_request_is_served_from_redis(make_translator, standin, redis_db):
    translator = make_translator()

    first, uncached_s = timed(translator.translate(WHERE_ES, "es", "en"))
    second, cached_s = timed(translator.translate(WHERE_ES, "es", "en"))

    assert (first.cached, second.cached) == (False, True)
    assert second.text == first.text == WHERE_EN
    assert standin.translate_requests == 1
    key = cache_key("libre", "es", "en", WHERE_ES)
    assert redis_db.get(key) == WHERE_EN and 0 < redis_db.ttl(key) <= 3600
    print(f"\nlatency uncached {uncached_s * 1000:.1f} ms, cached {cached_s * 1000:.1f} ms")


def test_cache_entries_are_per_language_pair(make_translator, standin):
    translator = make_translator()
    run(translator.translate(WHERE_EN, "en", "es"))
    other_target = run(translator.translate(WHERE_EN, "en", "zh"))
    assert not other_target.cached and other_target.text == "我的订单在哪里？"
    assert standin.translate_requests == 2


def test_slow_provider_gives_the_original_within_the_timeout(make_translator, standin):
    standin.mode, standin.slow_s = "slow", 5.0
    translator = make_translator(timeout_s=0.5)

    result, elapsed = timed(translator.translate(WHERE_ES, "es", "en"))

    assert elapsed < 0.9
    assert (result.ok, result.text) == (False, WHERE_ES)
    assert "0.5 s" in result.reason


def test_late_answer_of_a_slow_provider_still_fills_the_cache(make_translator, standin):
    standin.mode, standin.slow_s = "slow", 0.6
    translator = make_translator(timeout_s=0.2)
    assert not run(translator.translate(WHERE_ES, "es", "en")).ok

    time.sleep(0.8)
    later = run(translator.translate(WHERE_ES, "es", "en"))

    assert (later.ok, later.cached, later.text) == (True, True, WHERE_EN)
    assert standin.translate_requests == 1


def test_failing_provider_gives_the_original_quickly(make_translator, standin):
    standin.mode = "fail"
    result, elapsed = timed(make_translator().translate(WHERE_ES, "es", "en"))
    assert elapsed < 0.5
    assert (result.ok, result.text) == (False, WHERE_ES)
    assert "ServerException" in result.reason


def test_unreachable_provider_gives_the_original(standin, make_translator):
    translator = make_translator()
    standin.stop()
    result = run(translator.translate(WHERE_ES, "es", "en"))
    assert (result.ok, result.text) == (False, WHERE_ES)


def test_wrong_api_key_is_refused_without_leaking_the_key(make_translator, standin):
    standin.api_key = "right-key"

    refused = run(make_translator(api_key="wrong-key").translate(WHERE_ES, "es", "en"))
    accepted = run(make_translator(api_key="right-key").translate(WHERE_ES, "es", "en"))

    assert (refused.ok, refused.text) == (False, WHERE_ES)
    assert "API key" in refused.reason and "wrong-key" not in refused.reason
    assert accepted.ok and accepted.text == WHERE_EN


def test_breaker_skips_a_failing_provider_then_tries_again(make_translator, standin):
    now = [0.0]
    translator = make_translator(breaker=CircuitBreaker(failure_threshold=2, reset_after_s=30, clock=lambda: now[0]))
    standin.mode = "fail"
    for _ in range(2):
        assert not run(translator.translate(WHERE_ES, "es", "en")).ok

    skipped = run(translator.translate(WHERE_ES, "es", "en"))
    assert not skipped.ok and "skipped" in skipped.reason
    assert standin.translate_requests == 2

    standin.mode, now[0] = "normal", 31.0
    assert run(translator.translate(WHERE_ES, "es", "en")).ok
    assert standin.translate_requests == 3


def test_requests_the_server_rejects_do_not_trip_the_breaker(make_translator, standin):
    translator = make_translator(breaker=CircuitBreaker(failure_threshold=2, reset_after_s=30))
    for _ in range(3):
        rejected = run(translator.translate("Hej", "sv", "xx"))
        assert not rejected.ok and rejected.text == "Hej"
    assert run(translator.translate(WHERE_ES, "es", "en")).ok
    assert standin.translate_requests == 4


@pytest.mark.parametrize("env", [{}, {"TRANSLATION_PROVIDER": "none"}])
def test_no_provider_configured(env):
    translator = translator_from_env(env)
    result = run(translator.translate(WHERE_ES, "es", "en"))
    assert isinstance(translator, NoTranslator)
    assert (result.ok, result.text, result.provider, result.reason) == (False, WHERE_ES, "none", "no provider configured")


def test_same_language_needs_no_provider(make_translator, standin):
    translator = make_translator()
    result, elapsed = timed(translator.translate(WHERE_ES, "es", " ES"))
    assert (result.ok, result.text, result.cached) == (True, WHERE_ES, False)
    assert run(NoTranslator().translate(WHERE_ES, "es", "es")).ok
    assert run(translator.translate("   ", "es", "en")).ok
    assert standin.translate_requests == 0
    assert elapsed < 0.05


def test_translates_when_redis_is_down_from_the_start(make_translator, standin, unused_port):
    translator = make_translator(redis_port=unused_port)
    results = [run(translator.translate(WHERE_ES, "es", "en")) for _ in range(2)]
    assert [(r.ok, r.cached, r.text) for r in results] == [(True, False, WHERE_EN)] * 2
    assert standin.translate_requests == 2


def test_translates_when_redis_goes_down_midway(make_translator, standin, tmp_path):
    own_redis = redis_service(tmp_path).start(timeout=30)
    try:
        translator = make_translator(redis_port=own_redis.port)
        assert run(translator.translate(WHERE_ES, "es", "en")).ok
        assert run(translator.translate(WHERE_ES, "es", "en")).cached
    finally:
        own_redis.stop()
    result, elapsed = timed(translator.translate(AGENT_ZH, "zh", "es"))
    assert (result.ok, result.cached, result.text) == (True, False, AGENT_ES)
    assert elapsed < 1.0


def test_translator_from_env_uses_the_configured_libretranslate(standin, translation_redis, redis_db):
    translator = translator_from_env({
        "TRANSLATION_PROVIDER": "libre",
        "TRANSLATION_URL": standin.url.rstrip("/"),
        "TRANSLATION_API_KEY": "k1",
        "TRANSLATION_TIMEOUT_S": "1.5",
        "TRANSLATION_LANGUAGE_MAP": "zh=zh-Hans",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(translation_redis.port),
    })
    standin.api_key = "k1"
    try:
        first = run(translator.translate(AGENT_ZH, "zh", "es"))
        second = run(translator.translate(AGENT_ZH, "zh", "es"))
    finally:
        translator.close()
    assert translator.timeout_s == 1.5
    assert (first.ok, first.text, second.cached) == (True, AGENT_ES, True)
    assert standin.translate_requests == 1


def test_sync_variant_works_with_and_without_a_running_loop(make_translator):
    translator = make_translator()
    assert translator.translate_sync(WHERE_ES, "es", "en").text == WHERE_EN

    async def from_inside_a_loop():
        return translator.translate_sync(AGENT_ZH, "zh", "es")

    assert run(from_inside_a_loop()).text == AGENT_ES


def test_concurrent_requests_do_not_mix_up_texts(make_translator):
    translator = make_translator()
    texts = [f"mensaje {n}" for n in range(20)]

    async def all_at_once():
        return await asyncio.gather(*(translator.translate(text, "es", "en") for text in texts))

    assert [r.text for r in run(all_at_once())] == [f"[es→en] {text}" for text in texts]
