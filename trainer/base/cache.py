"""A small on-disk cache of plain JSON, for work every process would otherwise redo.

What is cached (each by the callers, under a name of their own):

* ``fold-tables`` — the character tables of :mod:`trainer.zh.text` (NFKC + OpenCC over the
  whole BMP: about 70 ms to build);
* ``script-…`` / ``scenario-…`` — that a file with exactly these bytes passed every check,
  and (scenarios) its data, so a new process skips re-validating the bundled content;
* ``rulepack-…`` — a rule pack's checked data and the strings compiling derives from it
  (:mod:`trainer.compliance.packcache`): never a compiled object.

Safety (a pickle cache of compiled rule packs, under a predictable name, once let a planted
file run code in the next process; it was removed — docs/compliance.md, "No cache of compiled
packs" — and only plain JSON is kept):

* JSON only, read with :func:`json.loads` — nothing in a cache file is ever executed; a file
  over :data:`MAX_BYTES`, not JSON, of the wrong shape or with another key is ignored (and
  replaced by the next write);
* every entry carries its key: a sha256 of the inputs' content, the trainer version and the
  source of the code that computed it (:func:`key`), so an entry for other inputs is never used;
* the directory is opened with ``O_NOFOLLOW`` and must be a directory owned by the current
  user; each file is opened relative to it with ``O_NOFOLLOW | O_NONBLOCK`` and must be a
  regular file owned by the current user (a symlink, FIFO or device is never followed or read);
* writes go to a fresh private file (``0600``, ``O_EXCL``) renamed into place, so a reader never
  sees half a file and a planted symlink is replaced, not written through;
* any ``OSError`` (read-only disk, no home, full disk) means "no cache": the caller recomputes.

Where: ``$TRAINER_CACHE_DIR``, else ``$XDG_CACHE_HOME/trainer``, else ``~/.cache/trainer``;
``TRAINER_CACHE_DIR=off`` turns the cache off (nothing read, nothing written).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ENV = "TRAINER_CACHE_DIR"
OFF = "off"
MAX_BYTES = 4 * 1024 * 1024
FORMAT = 1
_FLAGS_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FLAGS_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def cache_dir() -> Path | None:
    """Where the cache lives, or None when ``TRAINER_CACHE_DIR=off``."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == OFF:
        return None
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "trainer"


def _version() -> str:
    from trainer import __version__

    return __version__


def key(parts: Iterable[bytes | str], code: Iterable[str] = ()) -> str:
    """sha256 over the trainer version, Python's version, the source files ``code`` and ``parts``."""
    digest = hashlib.sha256(f"trainer {_version()} python {sys.version}".encode())
    for path in code:
        try:
            digest.update(b"\0code\0" + Path(path).read_bytes())
        except OSError:
            digest.update(b"\0missing\0" + str(path).encode())
    for part in parts:
        digest.update(b"\0" + (part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part))
    return digest.hexdigest()


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def _open_dir(create: bool) -> int | None:
    """A descriptor of the cache directory (owned by us, not a symlink), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(folder, _FLAGS_DIR)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) and (_uid() is None or info.st_uid == _uid()):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _safe_name(name: str) -> bool:
    return bool(name) and len(name) <= 120 and all(c.isalnum() or c in "-_." for c in name) \
        and not name.startswith(".")


def load(name: str, entry_key: str) -> Any | None:
    """The data stored under ``name`` with this key, or None (missing, unsafe, corrupt, stale)."""
    if not _safe_name(name):
        return None
    dir_fd = _open_dir(create=False)
    if dir_fd is None:
        return None
    try:
        fd = os.open(name + ".json", _FLAGS_READ, dir_fd=dir_fd)
    except OSError:
        os.close(dir_fd)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES \
                or (_uid() is not None and info.st_uid != _uid()):
            return None
        raw = os.read(fd, MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        entry = json.loads(raw.decode("ascii"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        os.close(fd)
        os.close(dir_fd)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != entry_key:
        return None
    return entry.get("data")


def store(name: str, entry_key: str, data: Any) -> bool:
    """Write ``data`` (plain JSON values) under ``name``; False when it could not be written."""
    if not _safe_name(name):
        return False
    try:
        # ASCII: a lone surrogate in a string survives as an escape
        raw = json.dumps({"format": FORMAT, "key": entry_key, "data": data},
                         separators=(",", ":"), allow_nan=False).encode("ascii")
    except (TypeError, ValueError, RecursionError):
        return False
    if len(raw) > MAX_BYTES:
        return False
    dir_fd = _open_dir(create=True)
    if dir_fd is None:
        return False
    tmp = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, _FLAGS_NEW, 0o600, dir_fd=dir_fd)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, name + ".json", src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return True
    except OSError:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
        return False
    finally:
        os.close(dir_fd)


def round_trips(value: Any) -> bool:
    """Whether JSON gives back exactly ``value``, types included (a YAML date, a number as a key,
    a tuple or a ``1.0`` read back as ``1`` do not): only then may a cache keep it in its place."""
    try:
        again = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return False
    return _same(again, value)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(type(k) is type(j) and k == j and _same(a[k], b[j])
                                        for k, j in zip(a, b, strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def file_digest(path: str | Path) -> str | None:
    """sha256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


_FOLD_KEY: list[str] = []


def enable_fold_table_cache() -> None:
    """Let :mod:`trainer.zh.text` keep its folding tables here (``fold-tables.json``)."""
    from trainer.zh import text

    def entry_key() -> str:
        if not _FOLD_KEY:
            _FOLD_KEY.append(key(text.fold_table_inputs(), code=[text.__file__]))
        return _FOLD_KEY[0]

    text.set_table_store(lambda: load("fold-tables", entry_key()),
                         lambda plain: store("fold-tables", entry_key(), plain))


__all__ = ["ENV", "OFF", "cache_dir", "key", "load", "store", "round_trips", "file_digest",
           "enable_fold_table_cache"]
