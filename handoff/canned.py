"""Canned replies per language for the console (handoff/canned.yml, editable by translators)."""
from pathlib import Path
from typing import Dict, List

import yaml

CANNED_FILE = Path(__file__).parent / "canned.yml"


def load_canned(path: Path = CANNED_FILE) -> Dict[str, List[dict]]:
    """{language: [{"id", "title", "text"}]}; every language has the ids English has."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {language: [{"id": key, "title": value["title"], "text": value["text"]}
                       for key, value in (replies or {}).items()]
            for language, replies in (data.get("replies") or {}).items()}
