"""``trainer validate``: check script, scenario and rule-pack files, all problems at once.

Each file's kind is told by its top-level keys (``stages`` → script,
``pack``/``rules`` → rule pack, ``script``/``persona`` → scenario) or, failing
that, by its folder (``scenarios/``, ``rules/``; anything else is taken for a
script).  Folders are
searched for ``*.yaml``/``*.yml``.  With no path, everything bundled is
checked, and so are ``./scripts`` and ``./scenarios`` of the working directory when they
are there (and are not the bundled folders themselves, as at the repository root).
Every problem is a :class:`~trainer.base.errors.Problem`; the CLI prints them as
``path:line:col: CODE message``.  Warnings (codes ``SW…``/``CW…``, see
:mod:`trainer.content.lint`) are kept apart in :attr:`ValidationReport.warnings`.

Exit codes (DESIGN.md): 0 clean (warnings alone too, unless ``--strict``), 1 problems found
in files, 2 unusable input —
a path that does not exist or is not a YAML file.  A file that is not valid
YAML is a problem *in* that file (1), reported at its line like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.base.errors import InputError, Location, Problem, UsageError
from trainer.base.yamlio import Document, load_document
from trainer.content.bundled import is_bundled_dir
from trainer.content.lint import duplicate_tree_ids, is_warning, scenario_warnings, script_warnings
from trainer.content.scenario import bundled_scenario_paths
from trainer.content.script import bundled_script_paths, check_script

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class ValidationReport:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def bundled_paths() -> list[Path]:
    from trainer.compliance.pack import bundled_pack_paths

    return [*bundled_script_paths(), *bundled_scenario_paths(), *bundled_pack_paths()]


def default_paths() -> list[Path]:
    """What ``trainer validate`` checks with no path: the bundled files, then ``./scripts``
    and ``./scenarios`` when present (not twice when they are the bundled folders)."""
    files = bundled_paths()
    for kind in ("scripts", "scenarios"):
        folder = Path(kind)
        if folder.is_dir() and not is_bundled_dir(folder, kind):
            files += sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES)
    return files


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
    """Every problem of one file, warnings included (tell them apart with ``is_warning``)."""
    return _check_file(path)[0]


def _check_file(path: Path) -> tuple[list[Problem], Document | None]:
    """(problems and warnings, the document when it is a script tree)."""
    try:
        doc = load_document(path)
    except InputError as exc:
        return exc.problems, None
    kind = kind_of(path, doc.data)
    if kind == "scenario":
        from trainer.content.scenario import check_scenario
        problems = check_scenario(doc)
        return problems or scenario_warnings(doc), None
    if kind == "rules":
        from trainer.compliance import validate_pack_file
        return validate_pack_file(path), None
    problems = check_script(doc)
    return problems or script_warnings(doc), doc


def validate_paths(paths: Iterable[str | Path] = ()) -> ValidationReport:
    paths = list(paths)
    files = expand(paths) if paths else default_paths()
    report = ValidationReport()
    scripts: list[tuple[Path, Document]] = []
    for path in files:
        if path.suffix not in YAML_SUFFIXES:
            report.problems.append(Problem(Location(str(path)), "SV009",
                                           "不是 YAML 文件（扩展名应为 .yaml 或 .yml）",
                                           "只检查 .yaml/.yml 文件；把目录或正确的文件传给 trainer validate"))
            continue
        report.files.append(str(path))
        found, doc = _check_file(path)
        for problem in found:
            (report.warnings if is_warning(problem) else report.problems).append(problem)
        if doc is not None:
            scripts.append((path, doc))
    report.warnings.extend(duplicate_tree_ids(scripts))
    return report


__all__ = ["ValidationReport", "validate_paths", "validate_file", "default_paths"]
