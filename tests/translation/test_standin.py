"""The LibreTranslate stand-in as a program: `python -m tests.standins.libretranslate`."""
import subprocess
import sys
import time

import requests

from tests.services import ROOT, base_env, free_port


def wait_until_listening(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            requests.get(url + "languages", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("stand-in did not start")


def test_standin_runs_as_a_module_with_modes_and_control_endpoint():
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "-m", "tests.standins.libretranslate", "--port", str(port),
                             "--mode", "fail"], cwd=ROOT, env=base_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(url, proc)
        query = {"q": "¿Dónde está mi pedido?", "source": "es", "target": "en", "format": "text"}
        assert requests.post(url + "translate", params=query, timeout=5).status_code == 500

        requests.post(url + "_standin/control", json={"mode": "normal", "reset": True}, timeout=5).raise_for_status()
        as_json = requests.post(url + "translate", json=query, timeout=5).json()
        languages = {language["code"] for language in requests.get(url + "languages", timeout=5).json()}

        assert as_json == {"translatedText": "Where is my order?"}
        assert {"en", "es", "zh", "sv"} <= languages
        assert requests.get(url + "_standin/stats", timeout=5).json() == {"translate_requests": 1, "mode": "normal"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
