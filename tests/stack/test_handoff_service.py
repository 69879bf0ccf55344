"""The handoff service is up, serves the console and the demo page, and reports Redis health."""
import requests


def test_health_reports_redis(handoff_server, ports):
    response = requests.get(f"http://localhost:{ports['handoff']}/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "redis": "ok"}


def test_serves_agent_console_and_demo_page(handoff_server, ports):
    base = f"http://localhost:{ports['handoff']}"
    agent = requests.get(f"{base}/agent/", timeout=10)
    demo = requests.get(f"{base}/demo/", timeout=10)
    assert agent.status_code == 200 and "Agent console" in agent.text
    assert demo.status_code == 200 and "Demo shop" in demo.text


def test_demo_page_learns_where_rasa_is(handoff_server, ports, env):
    config = requests.get(f"http://localhost:{ports['handoff']}/demo/config.json", timeout=10).json()
    assert config["rasa_url"] == env["RASA_URL"]
