"""What machine a benchmark ran on, printed at the top of every run."""

from __future__ import annotations

import os
import platform
import sys


def describe() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"machine: {platform.node()} {platform.system()} {platform.release()}; "
        f"{os.cpu_count()} CPUs ({cpu}){mem}; Python {sys.version.split()[0]}"
    )


def print_header(title: str) -> None:
    print(f"== {title} ==")
    print(describe())


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used (Linux /proc; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone, or not Linux
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def processes(*, parent_of: int | None = None, named: str | None = None) -> list[int]:
    """The process `parent_of` and all its descendants, or every process called `named`."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        parents[int(entry)] = int(rest.split()[1])
        names[int(entry)] = head.split("(", 1)[1]
    if named is not None:
        return [pid for pid, name in names.items() if name == named]
    found = {parent_of}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in found and pid not in found:
                found.add(pid)
                grew = True
    return sorted(p for p in found if p is not None)
