"""Two of Rasa's hot spots, fixed in place: the same results, computed once instead of per call.

Found with py-spy on Rasa under the handoff relay benchmark (docs/benchmarks.md), and they
cost every bot turn, not only handoffs:

- `jsonschema.validate`: Rasa validates every `POST /conversations/{id}/tracker/events` body
  and every response of the action server with it, and jsonschema 4.17 first validates the
  *schema* against its metaschema on each call: 13-15 ms, against 0.2-0.6 ms for the instance
  itself. More than half of Rasa's CPU time per handoff message. `validate` below does the same
  thing — same errors, same exceptions — with validators cached by the schema's content.
- `Event.resolve_by_type`: Rasa loads a tracker two or three times per message (before
  processing, and twice more when saving it with an event broker), and finds the class of each
  stored event by walking all subclasses of `Event`: ~16 % of Rasa's CPU time with 50 chats in
  a burst. `resolve_event_type` keeps the name -> class table it builds the first time (the
  first subclass with a name wins, as in Rasa's loop; an unknown name rescans, then falls back
  to Rasa's own method for "topic", defaults and errors).

`install()` replaces both (Rasa looks them up at call time); `bot/__init__.py` calls it, so it
is active in every process that loads our Rasa extensions.
"""
import json
from typing import Any, Dict, Optional, Text, Type

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

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


_original_resolve_by_type = Event.resolve_by_type
_event_types: Dict[Text, Type[Event]] = {}


def resolve_event_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    event_type = _event_types.get(type_name)
    if event_type is None:
        for subclass in all_subclasses(Event):
            if getattr(subclass, "type_name", None):
                _event_types.setdefault(subclass.type_name, subclass)
        event_type = _event_types.get(type_name)
    return event_type or _original_resolve_by_type(type_name, default)


def install() -> None:
    jsonschema.validate = validate
    Event.resolve_by_type = staticmethod(resolve_event_type)
