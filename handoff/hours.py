"""Business hours per team and time zone: when people answer, and when they open next.

Configured in YAML ($HANDOFF_HOURS_FILE); without a file every team is always open.

    teams:
      - name: europe
        timezone: Europe/Madrid
        topics: []                 # empty: the default team, for any topic
        hours:                     # weekday -> list of "HH:MM-HH:MM" (local time)
          mon: ["09:00-18:00"]
          tue: ["09:00-18:00"]
          ...
      - name: returns
        timezone: America/New_York
        topics: [request_return, check_refund_status]
        hours: {mon: ["08:00-20:00"], ...}
"""
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

import yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Interval = Tuple[dt.time, dt.time]


class HoursConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Team:
    name: str
    timezone: ZoneInfo
    topics: Tuple[str, ...]
    hours: Dict[int, List[Interval]]  # weekday number (0 = Monday) -> intervals

    def is_open(self, at: dt.datetime) -> bool:
        local = at.astimezone(self.timezone)
        return any(start <= local.time() < end for start, end in self.hours.get(local.weekday(), []))

    def next_open(self, at: dt.datetime) -> Optional[dt.datetime]:
        """The next opening time after `at` (within two weeks), or None if never open."""
        local = at.astimezone(self.timezone)
        for day in range(15):
            date = local.date() + dt.timedelta(days=day)
            for start, _ in sorted(self.hours.get(date.weekday(), [])):
                candidate = dt.datetime.combine(date, start, tzinfo=self.timezone)
                if candidate > local:
                    return candidate
        return None


@dataclass(frozen=True)
class Availability:
    open: bool
    team: str
    next_open: Optional[dt.datetime]

    def to_dict(self) -> dict:
        return {"open": self.open, "team": self.team,
                "next_open": self.next_open.isoformat() if self.next_open else None}


class BusinessHours:
    def __init__(self, teams: List[Team]):
        self.teams = teams

    @classmethod
    def always_open(cls) -> "BusinessHours":
        return cls([])

    @classmethod
    def load(cls, path: Optional[Path]) -> "BusinessHours":
        if path is None or not str(path):
            return cls.always_open()
        if not path.exists():
            raise HoursConfigError(f"business hours file {path} does not exist (HANDOFF_HOURS_FILE)")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls([_team(entry, path) for entry in data.get("teams") or []])

    def team_for(self, topic: str) -> Optional[Team]:
        for team in self.teams:
            if topic and topic in team.topics:
                return team
        return next((team for team in self.teams if not team.topics), None)

    def availability(self, topic: str, at: Optional[dt.datetime] = None) -> Availability:
        at = at or dt.datetime.now(dt.timezone.utc)
        team = self.team_for(topic)
        if team is None:
            return Availability(True, "all", None)
        is_open = team.is_open(at)
        return Availability(is_open, team.name, None if is_open else team.next_open(at))


def _team(entry: dict, path: Path) -> Team:
    name = str(entry.get("name") or "team")
    try:
        zone = ZoneInfo(str(entry["timezone"]))
        hours: Dict[int, List[Interval]] = {}
        for day, spans in (entry.get("hours") or {}).items():
            weekday = WEEKDAYS.index(str(day).lower()[:3])
            hours[weekday] = [_interval(span) for span in spans or []]
    except (KeyError, ValueError, Exception) as error:
        raise HoursConfigError(f"{path}: team {name}: {error}") from None
    return Team(name, zone, tuple(str(t) for t in entry.get("topics") or []), hours)


def _interval(span: str) -> Interval:
    start, end = (dt.time.fromisoformat(part.strip()) for part in str(span).split("-"))
    if end <= start:
        raise ValueError(f"interval {span!r} must end after it starts")
    return start, end
