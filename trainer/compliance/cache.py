"""On-disk cache of compiled rule packs, so that a new process loads a pack in milliseconds.

Compiling the bundled pack takes 0.7–1 s: pypinyin and the homophone table, thousands of
evasion spellings, two automata, 89 large regexes, and the folding tables of
:mod:`trainer.zh.text`.  The result is pickled to the user's cache directory
(``$TRAINER_CACHE_DIR``, else ``$XDG_CACHE_HOME/trainer``, ``~/.cache/trainer``,
``~/Library/Caches/trainer`` or ``%LOCALAPPDATA%\\trainer\\cache``), keyed by a hash of:

* the bytes and paths of every pack file (bundled and local, in order);
* the source of the modules that compile and read packs, and ``trainer.__version__``;
* the Python version, the Unicode version, and the installed opencc, pypinyin and
  ahocorasick_rs (path, size and time of their modules).

So any change to a pack, to the code or to the environment makes a new key.  Regexes
are stored with their compiled ``re`` program and rebuilt without parsing (parsing
the homophone alternations is most of the compile time); if that fails, they are
compiled again.  ``TRAINER_CACHE_DIR=off`` disables the cache.

Anything wrong with the cache (missing, unreadable, corrupt, foreign, unwritable
directory) is ignored silently: the pack is then compiled as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ENV = "TRAINER_CACHE_DIR"
FORMAT = 1
KEEP = 8  # cached packs kept (different combinations of local packs)

_HERE = Path(__file__).resolve().parent
_TRAINER = _HERE.parent
# modules whose code decides what a compiled pack contains
_SOURCES = sorted(_HERE.rglob("*.py")) + [_TRAINER / name for name in
                                        ("zh/text.py", "base/yamlio.py", "base/schema.py", "base/vocab.py",
                                         "base/errors.py")]


def cache_dir() -> Path | None:
    """Where compiled packs are cached, or None when caching is switched off."""
    env = os.environ.get(ENV)
    if env is not None:
        env = env.strip()
        if not env or env.lower() in ("0", "off", "no", "none", "false"):
            return None
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "trainer" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "trainer"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "trainer"


def _module_stamp(name: str) -> str:
    try:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        if not origin:
            return f"{name}:none"
        st = os.stat(origin)
        return f"{name}:{origin}:{st.st_size}:{st.st_mtime_ns}"
    except (ImportError, ValueError, OSError):
        return f"{name}:none"


def key(paths: list[Path]) -> str:
    """The cache key of a pack made of ``paths`` (raises OSError if one cannot be read)."""
    import trainer

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{trainer.__version__}|{sys.version}|{sys.implementation.cache_tag}|"
                  f"{unicodedata.unidata_version}".encode())
    for name in ("opencc", "pypinyin", "ahocorasick_rs"):
        digest.update(_module_stamp(name).encode())
    for source in _SOURCES:
        digest.update(source.name.encode())
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    for path in paths:
        digest.update(b"\x00pack\x00" + str(path).encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# --- regexes: stored with their compiled program ----------------------------------------------


def _regex_state(rx: re.Pattern[str]) -> tuple[Any, ...]:
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(rx.pattern, rx.flags)
        code = [int(op) for op in _compiler._code(parsed, rx.flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (rx.pattern, rx.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python's internals: store the source only
        return (rx.pattern, rx.flags, None, 0, {}, ())


def _rebuild_regex(pattern: str, flags: int, code: list[int] | None, groups: int,
                   groupindex: dict[str, int], indexgroup: tuple[Any, ...]) -> re.Pattern[str]:
    if code is not None:
        try:
            import _sre

            rx = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
            if rx.pattern == pattern and rx.flags == flags:
                return rx
        except Exception:  # noqa: BLE001 - fall back to compiling
            pass
    return re.compile(pattern, flags & ~re.UNICODE if isinstance(pattern, bytes) else flags)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str):
            return _rebuild_regex, _regex_state(obj)
        return NotImplemented


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()




# --- load / store ---------------------------------------------------------------------------


def load(paths: list[Path]) -> Any | None:
    """The cached pack for ``paths``, with the folding tables primed; None if there is none
    or it cannot be used."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        name = f"pack-{key(paths)[:40]}.pickle"
        path = folder / name
        if os.name == "posix" and path.stat().st_uid != os.getuid():
            return None  # never unpickle someone else's file
        data = path.read_bytes()
        payload = pickle.loads(data)
        if not (isinstance(payload, dict) and payload.get("format") == FORMAT and payload.get("name") == name):
            return None
        from trainer.zh.text import prime_fold_tables

        tables = payload.get("fold_tables")
        if tables is not None:
            prime_fold_tables(tables)
        return payload["pack"]
    except Exception:  # noqa: BLE001 - a cache must never break loading
        return None


def store(paths: list[Path], pack: Any) -> None:
    """Cache ``pack`` for ``paths``; silently does nothing if that fails."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        from trainer.zh.text import fold_tables

        name = f"pack-{key(paths)[:40]}.pickle"
        data = dumps({"format": FORMAT, "name": name, "pack": pack, "fold_tables": fold_tables()})
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        old = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            with contextlib.suppress(OSError):
                stale.unlink()
    except Exception:  # noqa: BLE001 - unwritable or full disk: just do not cache
        return
