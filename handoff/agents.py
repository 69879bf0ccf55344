"""The agents who may log in: a YAML file with PBKDF2 password hashes, never passwords.

    agents:
      - id: li
        display_name: Li Na
        languages: [zh, en]
        skills: [general, returns]
        capacity: 3
        password_hash: pbkdf2_sha256$200000$<salt hex>$<hash hex>

    python -m handoff.agents hash                   # prompts, prints a password_hash
    python -m handoff.agents init-demo var/agents.yml   # demo agents with random passwords

`make run` runs init-demo when $HANDOFF_AGENTS_FILE does not exist, and prints where the
generated passwords are (a file readable only by you). The file path comes from the env.
"""
import argparse
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000


def hash_password(password: str, iterations: int = ITERATIONS, salt: Optional[bytes] = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


# Checked against when the agent id is unknown, so a wrong id costs as long as a wrong password.
_DUMMY_HASH = hash_password("unused", salt=b"0" * 16)


@dataclass(frozen=True)
class AgentAccount:
    id: str
    display_name: str
    languages: List[str]
    skills: List[str]
    capacity: int
    password_hash: str = field(repr=False)


class AgentConfigError(ValueError):
    """The agents file is missing or malformed; the message says where."""


class AgentDirectory:
    def __init__(self, accounts: Dict[str, AgentAccount]):
        self.accounts = accounts

    @classmethod
    def load(cls, path: Path) -> "AgentDirectory":
        if not path.exists():
            raise AgentConfigError(f"agents file {path} does not exist (HANDOFF_AGENTS_FILE); "
                                   "create one with `python -m handoff.agents init-demo PATH`")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        accounts = {}
        for index, entry in enumerate(data.get("agents") or []):
            try:
                account = AgentAccount(
                    id=str(entry["id"]), display_name=str(entry.get("display_name") or entry["id"]),
                    languages=[str(x) for x in entry.get("languages") or []],
                    skills=[str(x) for x in entry.get("skills") or ["general"]],
                    capacity=int(entry.get("capacity", 3)), password_hash=str(entry["password_hash"]))
            except (KeyError, TypeError, ValueError) as error:
                raise AgentConfigError(f"{path}: agent #{index + 1} is missing or has a bad {error}")
            if not account.password_hash.startswith(ALGORITHM + "$"):
                raise AgentConfigError(f"{path}: agent {account.id}: password_hash must be a "
                                       f"{ALGORITHM} hash (python -m handoff.agents hash)")
            accounts[account.id] = account
        return cls(accounts)

    def authenticate(self, agent_id: str, password: str) -> Optional[AgentAccount]:
        account = self.accounts.get(agent_id)
        ok = verify_password(password, account.password_hash if account else _DUMMY_HASH)
        return account if ok and account else None


DEMO_AGENTS: Tuple[dict, ...] = (
    {"id": "li", "display_name": "Li Na", "languages": ["zh", "en"], "skills": ["general"], "capacity": 3},
    {"id": "sofia", "display_name": "Sofía", "languages": ["es", "pt", "en"], "skills": ["general"],
     "capacity": 3},
    {"id": "max", "display_name": "Max", "languages": ["de", "en", "nl"],
     "skills": ["returns", "file_complaint", "request_return"], "capacity": 2},
)


def init_demo(path: Path) -> Dict[str, str]:
    """Write demo agents with fresh random passwords; returns {agent id: password}."""
    passwords = {agent["id"]: secrets.token_urlsafe(9) for agent in DEMO_AGENTS}
    agents = [{**agent, "password_hash": hash_password(passwords[agent["id"]])} for agent in DEMO_AGENTS]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"agents": agents}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    secret_file = path.with_name(path.stem + "-passwords.txt")
    secret_file.write_text("".join(f"{k} {v}\n" for k, v in passwords.items()), encoding="utf-8")
    os.chmod(secret_file, 0o600)
    return passwords


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handoff.agents")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("hash", help="prompt for a password and print its hash")
    demo = sub.add_parser("init-demo", help="write demo agents with random passwords")
    demo.add_argument("path", type=Path)
    demo.add_argument("--if-missing", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "hash":
        password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        if len(password) < 8:
            print("use at least 8 characters", file=sys.stderr)
            return 2
        print(hash_password(password))
        return 0
    if args.if_missing and args.path.exists():
        return 0
    init_demo(args.path)
    print(f"demo agents written to {args.path}; passwords in "
          f"{args.path.with_name(args.path.stem + '-passwords.txt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
