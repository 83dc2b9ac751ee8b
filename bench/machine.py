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
