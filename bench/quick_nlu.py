"""A fast loop for whoever edits training data: train the NLU part only, then score it.

    python -m bench.quick_nlu                 # train NLU into a temp dir; held-out, dev set, Bitext
    python -m bench.quick_nlu --langs es,fr   # only these held-out sets (Bitext is English)
    python -m bench.quick_nlu --model /tmp/x.tar.gz   # score an NLU model already trained
    python -m bench.quick_nlu --errors                # also list the English development sets' misses

Prints the same tables as `make bench` (which scores the full model through the running
server). Scores only; it never trains on the evaluation data.
"""
import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import nlu_bitext, nlu_dev, nlu_heldout

ROOT = Path(__file__).resolve().parent.parent


def train_nlu(out_dir: Path) -> Path:
    # A fresh Rasa cache: it would serve a component whose code changed but not its config.
    env = dict(os.environ, RASA_CACHE_DIRECTORY=str(out_dir / "cache"))
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", "config.yml", "--nlu", "data",
         "--out", str(out_dir), "--fixed-model-name", "nlu"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return out_dir / "nlu.tar.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--langs", default="")
    parser.add_argument("--no-bitext", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list the development sets' misses")
    args = parser.parse_args()

    # Rasa's parse logging would print the evaluation sentences: scores only, never the data.
    import logging

    logging.disable(logging.INFO)
    import structlog  # Rasa's structured debug lines (parse_data_text=...) bypass logging

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    from rasa.core.agent import Agent

    model = args.model or train_nlu(Path(tempfile.mkdtemp(prefix="quick-nlu-")))
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    langs = [lang for lang in args.langs.split(",") if lang]
    if langs:
        nlu_heldout.HELDOUT = _Filtered(nlu_heldout.HELDOUT, langs)
    print(nlu_heldout.run(parse).body)
    if not langs or "en" in langs:
        for section in nlu_dev.run_all(parse, args.errors):
            print(f"\n{section.title}\n\n{section.body}")
    if not args.no_bitext and (not langs or "en" in langs) and nlu_bitext.DATA.exists():
        print()
        print(nlu_bitext.run(parse).body)
    print(f"\nmodel: {model}")
    return 0


class _Filtered:
    """tests/nlu restricted to some languages (same interface as the Path it wraps)."""

    def __init__(self, path: Path, langs):
        self.path, self.langs = path, langs

    def glob(self, pattern: str):
        return [p for p in self.path.glob(pattern) if p.stem.split("_")[0] in self.langs]

    def __truediv__(self, other):
        return self.path / other


if __name__ == "__main__":
    sys.exit(main())
