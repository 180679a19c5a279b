"""What every records module shares: constants, the store's error, where the file lives, JSON helpers.

Only :mod:`trainer.records.store` imports :mod:`sqlite3`; the other modules are handed an open
connection and see it as a :class:`Connection` (``execute``/``executemany``, and the DB-API
exception classes every sqlite3 connection carries as attributes).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from trainer.base.errors import InputError, Location, Problem

APPLICATION_ID = 0x54524E52  # "TRNR": marks a trainer records file
SCHEMA_VERSION = 4
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's transaction
ENV_DB = "TRAINER_DB"
ENV_TRAINEE = "TRAINER_TRAINEE"
INCOMPLETE = "incomplete"
RECITE_MODE = "recite"


# --------------------------------------------------------------------------- errors and paths


class StoreError(InputError):
    """The records file cannot be used (corrupt, foreign, newer, unwritable)."""

    def __init__(self, path: str | Path, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(Problem(Location(str(path)), code, message, hint))
        self.path = str(path)


def default_db_path() -> Path:
    """Where the records live when no ``--db`` is given."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
                    or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "trainer" / "records.db"


def resolve_db_path(db: str | Path | None) -> Path:
    """``--db`` value (or None) → the path to use."""
    return Path(db).expanduser() if db else default_db_path()


def default_trainee() -> str:
    """The trainee name when none is given: ``$TRAINER_TRAINEE`` or the login name."""
    name = os.environ.get(ENV_TRAINEE, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "学员"
    except Exception:  # no login name (containers, odd platforms)
        return "学员"


def now() -> tuple[str, float]:
    """The local time to the second as ISO-8601 with its offset, and the timestamp."""
    ts = time.time()
    second = int(ts)
    if second != _NOW[0]:  # formatting a time costs more than the insert it stamps: once a second
        _NOW[:] = [second, datetime.fromtimestamp(second).astimezone().isoformat(timespec="seconds")]
    return _NOW[1], ts


_NOW: list[Any] = [None, ""]  # [the second, its ISO text]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def loads(text: str | None, default: Any = None) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def content_hash(text: str | bytes) -> str:
    """sha256 of file content, the version stamp of scripts, scenarios and rule packs."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()



class Connection(Protocol):
    """What the records modules use of an open :class:`sqlite3.Connection`."""

    DatabaseError: type[Exception]

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...
