"""`jsonschema.validate` with each schema checked and compiled once instead of on every call.

Rasa validates every `POST /conversations/{id}/tracker/events` body and every response of the
action server with `jsonschema.validate(instance, schema)`. jsonschema 4.17 first validates
the *schema* against its metaschema on each call: 13-15 ms, against 0.2 ms for the instance
itself. In a handoff every buyer message (the slot-validation action) and every agent message
(tracker events) paid it; a py-spy profile of Rasa under the relay benchmark showed it as
more than half of Rasa's CPU time.

`install()` replaces `jsonschema.validate` (Rasa looks it up at call time) with a function
that does the same thing — same errors, same exceptions — with validators cached by the
schema's content. `bot/__init__.py` installs it, so it is active in every process that loads
our Rasa extensions.
"""
import json
from typing import Any, Dict

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

MAX_SCHEMAS = 64  # Rasa uses a handful; the bound only guards against a caller making many

_original_validate = jsonschema.validate
_validators: Dict[str, Any] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = json.dumps(schema, sort_keys=True, default=repr)
    validator = _validators.get(key)
    if validator is None:
        validator_class = validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema)
        if len(_validators) < MAX_SCHEMAS:
            _validators[key] = validator
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    jsonschema.validate = validate
