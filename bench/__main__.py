"""`make bench`: start the real stack, measure through its HTTP APIs, write docs/benchmarks.md."""
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

import requests

from bench import handoff_relay, langid, nlu_bitext, nlu_dev, nlu_heldout, report, stack, training
from tests.services import API_TOKEN


def main() -> int:
    sections: List[report.Section] = []

    def exercise(env: Dict[str, str]) -> None:
        session = requests.Session()
        base = f"http://localhost:{env['RASA_PORT']}"

        def parse(text: str) -> dict:
            response = session.post(f"{base}/model/parse", params={"token": API_TOKEN},
                                    json={"text": text}, timeout=30)
            response.raise_for_status()
            return response.json()

        for text in ("hello", "where is my order A1002", "jonas.weber@example.com", "thanks"):
            session.post(f"{base}/webhooks/rest/webhook", json={"sender": "bench", "message": text},
                         timeout=60).raise_for_status()
        sections.append(langid.run(lambda text: parse(text)["language"]["code"],
                                   "Language identification through /model/parse"))
        sections.append(nlu_heldout.run(parse))
        sections.extend(nlu_dev.run_all(parse))
        sections.append(nlu_bitext.run(parse))
        sections.append(handoff_relay.run(env))

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    sections.insert(0, stack.run(workdir, exercise))
    sections.insert(1, training.run())
    path = report.write(sections)
    print(path.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
