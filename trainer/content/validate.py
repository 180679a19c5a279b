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
from trainer.content.includes import INCLUDE_SCHEMA, gather, is_include_file
from trainer.content.lint import (
    DUPLICATE_TREE,
    duplicate_tree_ids,
    is_warning,
    scenario_warnings,
    script_warnings,
    warning,
)
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
        if is_include_file(data):
            return "include"
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
    if kind == "include":
        from trainer.base.schema import check

        return check(doc, INCLUDE_SCHEMA) or gather(doc).problems, None
    included = gather(doc) if isinstance(doc.data, dict) and "include" in doc.data else None
    problems = check_script(doc, included)
    if problems:
        return problems, doc
    if included is not None:  # warnings see the included lexicons too
        lexicons = {**included.lexicons, **doc.data.get("lexicons", {})}
        doc = Document(doc.name, {**doc.data, "lexicons": lexicons}, doc.marks, doc.key_marks)
    return script_warnings(doc), doc


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
    report.warnings.extend(shadowed_by_bundled(scripts))
    return report


def shadowed_by_bundled(docs: list[tuple[Path, Document]]) -> list[Problem]:
    """SW003 for a file outside the bundled folder named like a bundled tree (``scripts/first_contact.yaml``):
    ``script: first_contact`` finds the bundled tree first, so this file would never be used by id."""
    bundled = {p.stem: p for p in bundled_script_paths()}
    checked = {p.resolve() for p, _ in docs}
    out: list[Problem] = []
    for path, doc in docs:
        twin = bundled.get(path.stem)
        if twin is None or path.resolve() == twin.resolve() or twin.resolve() in checked:
            continue  # checked together, duplicate_tree_ids already says it when the ids match
        out.append(warning(doc.where(("id",)), DUPLICATE_TREE,
                           f"文件名 {path.name} 与内置脚本 '{path.stem}' 重复：按 id 引用 {path.stem} 时用的是内置脚本，不是这个文件",
                           "给文件换个名字（如 my_" + path.stem + ".yaml），场景的 script 也跟着改；或用相对路径引用它"))
    return out


__all__ = ["ValidationReport", "validate_paths", "validate_file", "default_paths"]
