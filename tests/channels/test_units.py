"""The channels' pure parts, without a server: language priors and signature checks."""
import hashlib
import hmac

import pytest

from bot.channels.messenger import valid_signature
from bot.channels.whatsapp import language_from_number


@pytest.mark.parametrize("number, language", [
    ("whatsapp:+34600111222", "es"), ("+4915112345678", "de"), ("whatsapp:+5511987654321", "pt"),
    ("whatsapp:+8613800138000", "zh"), ("whatsapp:+212612345678", "ar"), ("whatsapp:+201001234567", "ar"),
    ("whatsapp:+18095551234", "es"),  # Dominican Republic inside +1
    ("whatsapp:+14155238886", None), ("whatsapp:+447700900123", None), ("whatsapp:+41791234567", None),
    ("whatsapp:+32470123456", None), ("", None), ("0049151", None),
])
def test_language_prior_from_the_calling_code(number, language):
    assert language_from_number(number) == language


def test_messenger_signature_is_hmac_sha256_of_the_raw_body():
    body = b'{"object":"page","entry":[]}'
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert valid_signature("secret", body, good)
    assert not valid_signature("secret", body + b" ", good)
    assert not valid_signature("other", body, good)
    assert not valid_signature("secret", body, "sha1=" + hmac.new(b"secret", body, hashlib.sha1).hexdigest())
    assert not valid_signature("secret", body, None)
    assert not valid_signature("secret", body, "sha256=")
