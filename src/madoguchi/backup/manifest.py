"""The manifest written beside each backup: `<backup file>.manifest.json`.

    {"format": 1, "created_at": "2026-12-01T03:00:02Z", "engine": "postgresql",
     "file": "madoguchi-postgresql-20261201T030002Z.pgdump", "size": 1234, "sha256": "...",
     "madoguchi": "0.1.0", "tool": "pg_dump 15.20",
     "migrations": {"audit": "0003_append_function", ...},
     "rows": {"counter.resident": 1000, ...},
     "audit": {"id": 5321, "hash": "..."},
     "encryption_keys": {"counter.resident.my_number": {"a1b2c3d4": 1000}, ...},
     "keys_included": false}

Every figure is of the backup's own snapshot, so a restore of it matches
exactly. Key ids are the first 8 hex digits of each key's SHA-256: they say
which key a restore needs and reveal nothing of it. The keys themselves are
never here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import BackupError

FORMAT = 1
SUFFIX = ".manifest.json"


@dataclass
class Manifest:
    created_at: str
    engine: str
    file: str
    size: int
    sha256: str
    madoguchi: str
    tool: str
    migrations: dict[str, str]
    rows: dict[str, int]
    audit: dict[str, Any]
    encryption_keys: dict[str, dict[str, int]]
    keys_included: bool = False
    format: int = FORMAT
    note: str = field(default="The encryption keys are not in this backup; restore needs the same MADOGUCHI_ENCRYPTION_KEY and MADOGUCHI_INDEX_KEY.")

    def write(self, path: Path) -> None:
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.is_file():
            raise BackupError("backup.restore.manifest_missing", path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
            known = set(cls.__dataclass_fields__)
            return cls(**{k: v for k, v in data.items() if k in known})
        except (ValueError, TypeError, AttributeError) as e:
            raise BackupError("backup.restore.manifest_bad", path=path, problem=str(e).splitlines()[0]) from None


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + SUFFIX)


def backup_path_of(manifest_file: Path) -> Path:
    return manifest_file.with_name(manifest_file.name[: -len(SUFFIX)])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
