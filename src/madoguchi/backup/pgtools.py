"""Finding `pg_dump` and `pg_restore` no older than the server.

A `pg_dump` older than the server refuses to dump it, and a `pg_restore`
older than the `pg_dump` that wrote an archive cannot read it; so the newest
one on PATH or in Debian's /usr/lib/postgresql/<major>/bin is taken, and its
major version is checked before it runs (with a message naming the client
package to install), rather than failing half way.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import BackupError

DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int
    version: str  # e.g. "15.20"


def version_of(path: Path) -> tuple[int, str] | None:
    """`pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` -> (15, "15.20")."""
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?", out)
    if not found:
        return None
    return int(found.group(1)), found.group(0).split()[-1]


def candidates(name: str) -> list[Path]:
    paths = []
    on_path = shutil.which(name)
    if on_path:
        paths.append(Path(on_path))
    paths += [Path(p) for p in sorted(glob.glob(f"{DEBIAN_BINARIES}/{name}"))]
    return paths


def find(name: str, server_major: int) -> Tool:
    """The newest `name` whose major version is at least the server's."""
    found = []
    for path in candidates(name):
        version = version_of(path)
        if version:
            found.append(Tool(path, *version))
    if not found:
        raise BackupError("backup.error.pg_tool_missing", 1, tool=name, server=server_major)
    best = max(found, key=lambda t: t.major)
    if best.major < server_major:
        raise BackupError("backup.error.pg_tool_old", 1, tool=name, found=best.version, server=server_major)
    return best


def server_major(server_version_num: int) -> int:
    """PostgreSQL's server_version_num (150020) -> 15."""
    return server_version_num // 10000


def problem(stderr: str) -> str:
    """The line of a tool's stderr that says what failed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["(no message)"])[0]
