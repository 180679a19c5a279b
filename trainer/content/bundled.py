"""Where the bundled content lives.

Instructors find the course's script trees and scenarios at the repository's top level,
``scripts/*.yaml`` and ``scenarios/*.yaml``, and the scenario tests in ``tests/scenarios/``.  A wheel (and so a non-editable install) carries
them inside the package as ``trainer/bundled/scripts`` and ``trainer/bundled/scenarios``
(``pyproject.toml`` maps the folders at build time); a source checkout or an editable install
reads them where they are.  This module is the one place that knows both.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# kind -> where it lives in a source checkout (a wheel carries each as trainer/bundled/<kind>)
KINDS = {"scripts": "scripts", "scenarios": "scenarios", "tests": "tests/scenarios"}
_SOURCE_ROOT = Path(__file__).resolve().parents[2]
_SUFFIXES = (".yaml", ".yml")


def bundled_dir(kind: str) -> Path:
    """The folder of bundled ``scripts``, ``scenarios`` or scenario ``tests``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of bundled content: {kind}")
    packaged = Path(str(resources.files("trainer"))) / "bundled" / kind
    return packaged if packaged.is_dir() else _SOURCE_ROOT / KINDS[kind]


def bundled_paths(kind: str) -> list[Path]:
    """The bundled files of one kind, sorted by name."""
    folder = bundled_dir(kind)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES)


def is_bundled_dir(folder: Path, kind: str) -> bool:
    """Whether ``folder`` is the bundled folder itself (``./scenarios`` at the repository root)."""
    try:
        return folder.resolve() == bundled_dir(kind).resolve()
    except OSError:
        return False


def local_paths(kind: str) -> list[Path]:
    """``./scripts/*.yaml`` (or ``./scenarios``) of the working directory, sorted; none when that
    folder is the bundled one (at the repository root)."""
    folder = Path(KINDS[kind])
    if not folder.is_dir() or is_bundled_dir(folder, kind):
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())
