"""Agents file (hashed passwords) and business hours per team and time zone."""
import datetime as dt
from pathlib import Path

import pytest

from handoff.agents import AgentConfigError, AgentDirectory, hash_password, init_demo, verify_password
from handoff.hours import BusinessHours, HoursConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "handoff" / "hours.example.yml"
UTC = dt.timezone.utc


def test_passwords_are_stored_hashed_and_verified():
    encoded = hash_password("correct horse", iterations=1000)
    assert "correct horse" not in encoded and encoded.startswith("pbkdf2_sha256$1000$")
    assert verify_password("correct horse", encoded)
    assert not verify_password("wrong", encoded)
    assert not verify_password("correct horse", "garbage")


def test_demo_agents_get_random_passwords_that_log_in(tmp_path):
    path = tmp_path / "agents.yml"
    passwords = init_demo(path)
    directory = AgentDirectory.load(path)
    assert set(passwords) == set(directory.accounts) and len(set(passwords.values())) == len(passwords)
    assert all(p not in path.read_text() for p in passwords.values())
    agent_id, password = next(iter(passwords.items()))
    assert directory.authenticate(agent_id, password).id == agent_id
    assert directory.authenticate(agent_id, password + "x") is None
    assert directory.authenticate("nobody", password) is None
    assert oct((tmp_path / "agents-passwords.txt").stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize("content", ["agents: [{display_name: x}]", "agents: [{id: a, password_hash: plain}]"])
def test_a_bad_agents_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "agents.yml"
    path.write_text(content)
    with pytest.raises(AgentConfigError, match="agent"):
        AgentDirectory.load(path)
    with pytest.raises(AgentConfigError, match="does not exist"):
        AgentDirectory.load(tmp_path / "missing.yml")


def test_without_a_file_people_are_always_available():
    assert BusinessHours.load(None).availability("anything").open


def test_hours_follow_each_teams_time_zone():
    hours = BusinessHours.load(EXAMPLE)
    # Thursday 2026-11-26 10:00 in Madrid (09:00 UTC): Europe is open, New York (04:00) is not.
    at = dt.datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert hours.availability("ask_size_fit", at).open
    returns = hours.availability("request_return", at)
    assert not returns.open and returns.team == "returns-americas"
    assert returns.next_open.isoformat() == "2026-11-26T08:00:00-05:00"


def test_after_friday_evening_the_next_opening_is_monday():
    hours = BusinessHours.load(EXAMPLE)
    friday_night = dt.datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # 21:00 in Madrid
    availability = hours.availability("ask_size_fit", friday_night)
    assert not availability.open
    assert availability.next_open.isoformat() == "2026-11-30T09:00:00+01:00"


def test_a_bad_hours_file_is_a_clear_error(tmp_path):
    path = tmp_path / "hours.yml"
    path.write_text("teams: [{name: x, timezone: Mars/Olympus, hours: {mon: ['09:00-18:00']}}]")
    with pytest.raises(HoursConfigError, match="team x"):
        BusinessHours.load(path)
    path.write_text("teams: [{name: y, timezone: UTC, hours: {mon: ['18:00-09:00']}}]")
    with pytest.raises(HoursConfigError, match="team y"):
        BusinessHours.load(path)
