"""Start-up time and memory (RSS) of each process of the stack, measured on real processes."""
import time
from pathlib import Path
from typing import Callable, Dict, List

from bench.report import Section
from tests.services import (
    Service, action_service, free_port, handoff_service, newest_model, rasa_service,
    handoff_env, redis_service, stack_env, write_agents_file,
)


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total_kib, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except OSError:
            pass
    return total_kib / 1024


def run(workdir: Path, exercise: Callable[[Dict[str, str]], None]) -> Section:
    """Starts the stack service by service, lets `exercise(env)` talk to it, then measures RSS."""
    redis = redis_service(workdir)
    started: List[Service] = []
    timings: Dict[str, float] = {}
    try:
        t0 = time.monotonic()
        started.append(redis.start(timeout=30))
        timings["redis"] = time.monotonic() - t0
        env = stack_env(workdir, redis.port, free_port(), free_port(), free_port())
        env.update(handoff_env(workdir, None))
        write_agents_file(workdir / "agents.yml")
        for service in (action_service(workdir, env), handoff_service(workdir, env),
                        rasa_service(workdir, env, newest_model())):
            t0 = time.monotonic()
            started.append(service.start(timeout=300))
            timings[service.name] = time.monotonic() - t0
        exercise(env)
        rows = [f"| {s.name} | {timings[s.name]:.1f} s | {rss_mib(s.proc.pid):.0f} MiB |" for s in started]
    finally:
        for service in reversed(started):
            service.stop()
    body = "\n".join([
        "Each process started alone and waited on until its health check answered; RSS read from",
        "/proc after the exercise (a short conversation), the process and its children.", "",
        "| process | start-up | RSS |", "|---|---:|---:|", *rows,
    ])
    return Section("Stack: start-up time and memory per process", body,
                   {f"startup_{k}": v for k, v in timings.items()})
