"""``trainer validate``: check script, scenario and rule-pack files, all problems at once.

Each file's kind is told by its top-level keys (``stages`` → script,
``pack``/``rules`` → rule pack, ``script``/``persona`` → scenario) or, failing
that, by its folder (``scenarios/``, ``rules/``; anything else is taken for a
script).  Folders are
searched for ``*.yaml``/``*.yml``.  With no path, everything bundled is
checked.  Every problem is a :class:`~trainer.base.errors.Problem`; the CLI prints
them as ``path:line:col: CODE message``.

Exit codes (DESIGN.md): 0 clean, 1 problems found in files, 2 unusable input —
a path that does not exist or is not a YAML file.  A file that is not valid
YAML is a problem *in* that file (1), reported at its line like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.base.errors import InputError, Location, Problem, UsageError
from trainer.base.yamlio import load_document
from trainer.content.scenario import bundled_scenario_paths
from trainer.content.script import bundled_script_paths, check_script

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class ValidationReport:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def bundled_paths() -> list[Path]:
    from trainer.compliance.pack import bundled_pack_paths

    return [*bundled_script_paths(), *bundled_scenario_paths(), *bundled_pack_paths()]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files to check; raises :class:`UsageError` for a path that is not there."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES))
        elif path.exists():  # a device or a FIFO is reported where it is read, with its path
            files.append(path)
        else:
            raise UsageError(f"找不到文件或目录：{raw}")
    return files


def kind_of(path: Path, data: object) -> str:
    """What a file is: told by its top-level keys, or else by the folder it sits in."""
    if isinstance(data, dict):
        if "stages" in data:
            return "script"
        if "pack" in data or "rules" in data:
            return "rules"
        if "persona" in data or "script" in data:
            return "scenario"
    return {"scenarios": "scenario", "rules": "rules"}.get(path.parent.name, "script")


def validate_file(path: Path) -> list[Problem]:
    try:
        doc = load_document(path)
    except InputError as exc:
        return exc.problems
    kind = kind_of(path, doc.data)
    if kind == "scenario":
        from trainer.content.scenario import validate_scenario_file
        return validate_scenario_file(path)
    if kind == "rules":
        from trainer.compliance import validate_pack_file
        return validate_pack_file(path)
    return check_script(doc)


def validate_paths(paths: Iterable[str | Path] = ()) -> ValidationReport:
    paths = list(paths)
    files = expand(paths) if paths else bundled_paths()
    report = ValidationReport()
    for path in files:
        if path.suffix not in YAML_SUFFIXES:
            report.problems.append(Problem(Location(str(path)), "SV009",
                                           "不是 YAML 文件（扩展名应为 .yaml 或 .yml）"))
            continue
        report.files.append(str(path))
        report.problems.extend(validate_file(path))
    return report


__all__ = ["ValidationReport", "validate_paths", "validate_file"]
