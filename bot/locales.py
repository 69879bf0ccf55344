"""The locale files (`locales/<code>.yml`: `responses` and `labels`), read once per process.

The reply renderer (bot.nlg) and the NLU's catalogue-name recognition (bot.entities) both read
them; parsing all of them takes about half a second, so it happens once. Treat the result as
read-only: Rasa's templated generator deep-copies a response before filling it.
"""
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

LOCALES_DIR = Path(os.environ.get("LOCALES_DIR", Path(__file__).resolve().parent.parent / "locales"))


def load_locale(path: Path) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {"responses": data.get("responses") or {}, "labels": data.get("labels") or {}}


@lru_cache(maxsize=None)
def load_locales(directory: Path = LOCALES_DIR) -> Dict[str, Dict[str, Any]]:
    return {path.stem: load_locale(path) for path in sorted(Path(directory).glob("*.yml"))}
