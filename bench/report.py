"""Collects benchmark sections and writes docs/benchmarks.md."""
import datetime
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


@dataclass
class Section:
    title: str
    body: str
    figures: Dict[str, float] = field(default_factory=dict)


def write(sections: List[Section]) -> Path:
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` on {datetime.date.today().isoformat()}, "
        f"Python {platform.python_version()}, {platform.machine()}. Numbers are from this run; "
        "re-run `make bench` to refresh them.\n"
    )
    DOC.write_text(header + "".join(f"\n## {s.title}\n\n{s.body}\n" for s in sections))
    return DOC
