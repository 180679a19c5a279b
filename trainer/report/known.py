"""The scenarios a report recommends from, without loading and checking every scenario each time.

``trainer report`` needs, of every scenario :func:`trainer.content.scenario.list_scenarios` lists
(bundled, then ``./scenarios``), only the id, title and difficulty — for the titles of the five it
recommends and the easiest ones never tried.  Importing the content layer and loading every
scenario cost about 0.06 s of each report, so the three fields are remembered in the JSON cache
(:mod:`trainer.base.cache`: plain JSON, never executed) under a key made of the files' bytes and
the source of the code that loads and checks them: any edit to a scenario, a script it uses or
that code makes a new key, and the scenarios are loaded again.  When a scenario cannot be loaded
the report recommends from the records alone, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.base import cache
from trainer.content.bundled import bundled_paths, is_bundled_dir

_SUFFIXES = (".yaml", ".yml")
_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Known:
    """What a recommendation shows of a scenario."""

    id: str
    title: str
    difficulty: Any


def _paths() -> list[Path]:
    """The files ``list_scenarios()`` reads, in its order, and the scripts beside them."""
    found = bundled_paths("scenarios") + bundled_paths("scripts")
    for kind in ("scenarios", "scripts"):
        folder = Path(kind)
        if folder.is_dir() and not is_bundled_dir(folder, kind):
            found += sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES)
    return found


def _key(paths: list[Path]) -> str:
    parts: list[bytes | str] = [b"known-scenarios"]
    for path in paths:
        parts.append(str(path))
        parts.append(cache.file_digest(path) or "unreadable")
    code = sorted(str(p) for folder in ("content", "base", "zh") for p in (_ROOT / folder).glob("*.py"))
    return cache.key(parts, code=[*code, __file__])


def _load() -> list[Known]:
    try:
        from trainer.content.scenario import list_scenarios

        return [Known(s.id, s.title, s.difficulty) for s in list_scenarios()]
    except Exception:  # no scenarios installed/readable: recommend from the records alone
        return []


def known_scenarios() -> list[Known]:
    """Id, title and difficulty of every scenario ``list_scenarios()`` gives (none if one is bad)."""
    try:
        key = _key(_paths())
    except OSError:
        return _load()
    entry = cache.load("known-scenarios", key)
    if isinstance(entry, list) and all(isinstance(e, list) and len(e) == 3 for e in entry):
        return [Known(*e) for e in entry]
    known = _load()
    rows = [[k.id, k.title, k.difficulty] for k in known]
    if cache.round_trips(rows):
        cache.store("known-scenarios", key, rows)
    return known
