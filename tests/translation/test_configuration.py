"""Configuration and language-code mapping, without any server."""
import pytest

from bot.translation import TranslationConfigError, TranslationSettings, translator_from_env
from bot.translation.languages import provider_code
from bot.translation.providers import ProviderConfig, build_client


def test_defaults():
    settings = TranslationSettings.from_env({})
    assert (settings.provider, settings.timeout_s, settings.api_key) == ("none", 3.0, None)


@pytest.mark.parametrize("env, message", [
    ({"TRANSLATION_PROVIDER": "babelfish"}, "unknown translation provider"),
    ({"TRANSLATION_PROVIDER": "deepl"}, "needs TRANSLATION_API_KEY"),
    ({"TRANSLATION_PROVIDER": "microsoft"}, "needs TRANSLATION_API_KEY"),
    ({"TRANSLATION_PROVIDER": "libre", "TRANSLATION_TIMEOUT_S": "soon"}, "translation settings"),
    ({"TRANSLATION_PROVIDER": "libre", "TRANSLATION_LANGUAGE_MAP": "zh"}, "TRANSLATION_LANGUAGE_MAP"),
])
def test_configuration_that_cannot_work_fails_at_start_up(env, message):
    with pytest.raises(TranslationConfigError, match=message):
        translator_from_env(env)


def test_api_key_is_not_in_the_settings_repr():
    settings = TranslationSettings.from_env({"TRANSLATION_PROVIDER": "deepl", "TRANSLATION_API_KEY": "s3cret"})
    assert settings.api_key == "s3cret" and "s3cret" not in repr(settings)


@pytest.mark.parametrize("provider, ours, theirs", [
    ("google", "zh", "zh-CN"), ("google", "es", "es"),
    ("microsoft", "zh", "zh-hans"),
    ("mymemory", "es", "es-ES"), ("mymemory", "zh", "zh-CN"),
    ("libre", "zh", "zh"), ("deepl", "zh", "zh"),
])
def test_provider_codes(provider, ours, theirs):
    assert provider_code(provider, ours) == theirs


def test_configured_language_map_wins():
    assert provider_code("libre", "zh", {"zh": "zh-Hans"}) == "zh-Hans"


@pytest.mark.parametrize("config, source, target", [
    (ProviderConfig("google"), "es", "zh-CN"),
    (ProviderConfig("deepl", api_key="k:fx"), "es", "zh"),
    (ProviderConfig("mymemory"), "es-ES", "zh-CN"),
    (ProviderConfig("libre", url="http://localhost:5000"), "es", "zh"),
])
def test_deep_translator_clients_accept_the_mapped_codes(config, source, target):
    # Building these clients makes no request (Microsoft's does, so it is not here).
    client = build_client(config, "es", "zh")
    assert (client.source, client.target) == (source, target)
