"""Wall-clock time of training the full multilingual model from scratch (empty cache)."""
import subprocess
import tempfile
import time
from pathlib import Path

from bench.report import Section
from tests.services import ROOT, VENV_BIN, base_env

TARGET_S = 600


def run() -> Section:
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        env = base_env(RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache"))
        started = time.monotonic()
        subprocess.run(
            [str(VENV_BIN / "rasa"), "train", "--force", "--config", "config.yml", "--domain", "domain.yml",
             "--data", "data", "--out", str(Path(tmp) / "models")],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        seconds = time.monotonic() - started
    examples = sum(1 for path in (ROOT / "data" / "nlu").rglob("*.yml")
                   for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("    - "))
    body = (f"Full model (NLU for 14 languages + dialogue policies), empty cache: **{seconds:.0f} s** "
            f"(target ≤ {TARGET_S // 60} minutes) on this 2-core machine; {examples} NLU example lines.")
    return Section("Training time", body, {"train_s": seconds})
