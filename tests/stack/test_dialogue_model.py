"""The trained model against the test stories: every flow predicts the expected actions."""
import subprocess

from tests.services import ROOT, VENV_BIN, base_env, newest_model


def test_story_tests_pass(tmp_path):
    result = subprocess.run(
        [str(VENV_BIN / "rasa"), "test", "core", "--stories", "tests/stories",
         "--model", str(newest_model()), "--out", str(tmp_path), "--fail-on-prediction-errors"],
        cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=900,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}\n{details[:5000]}"
