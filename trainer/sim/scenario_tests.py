"""Scenario tests: a trainee's lines → the call's expected outcome, verdict and findings — UI-free.

A scenario test file (YAML, the way Rasa has test stories) is a list of cases::

    - name: 标准话术（范本学员）
      scenario: first-contact-honest        # bundled/local id, or a path relative to this file
      seeds: [0, 1, 2]                      # default [0]
      lines:                                # the trainee's lines, one per turn
        - 您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生本人吗？
        - ...
      outcome: ptp                          # one code or a list of acceptable codes
      passed: true
      findings: {required: [], forbidden: [threat]}
      stages: [opening, verify_identity, purpose]   # passed through in this order (gaps allowed)
      score: {min: 80}
      xfail: 模拟客户改版中，暂不稳定       # expected to fail; passing is 意外通过 and fails the run

:func:`load_file` checks a file (shape through :mod:`trainer.base.schema`, then the references:
scenario ids, stage ids, categories) and raises :class:`InputError` with every located problem.
:func:`run_case` plays a case on each seed with :func:`trainer.sim.session.play_lines` and returns
one :class:`CaseRun` per seed.  Problem codes (documented in docs/authoring.md):

TS001  the file is not a list of cases
TS002  the scenario named by ``scenario`` cannot be found
TS003  the scenario exists but has problems of its own
TS004  two cases share a name
TS005  a stage in ``stages`` that the scenario's script does not have
TS006  a category both required and forbidden
TS007  ``score.min`` greater than ``score.max``
TS008  a folder or path given on the command line holds no test file
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.base import schema as schema_mod
from trainer.base.errors import InputError, Location, Problem, TrainerError, UsageError
from trainer.base.vocab import CATEGORIES, CATEGORY_LABELS, OUTCOMES
from trainer.base.yamlio import Document, load_document
from trainer.content.bundled import bundled_dir
from trainer.content.scenario import Scenario, load_scenario
from trainer.sim.coverage import stage_path

NOT_A_LIST, NO_SCENARIO, BAD_SCENARIO, DUPLICATE_NAME, UNKNOWN_STAGE, BOTH_WAYS, BAD_RANGE, NO_TESTS = (
    "TS001", "TS002", "TS003", "TS004", "TS005", "TS006", "TS007", "TS008")
SUFFIXES = (".yaml", ".yml")
_TEXT = {"type": "string", "minLength": 1}
_CATEGORY_LIST = {"type": "array", "items": {"enum": list(CATEGORIES)}}

CASE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "trainer/scenario-test.schema.json",
    "title": "场景测试用例",
    "description": "一组场景测试：学员每轮说的话 → 通话结果、是否通过、合规问题类别。",
    "type": "array",
    "items": {"$ref": "#/$defs/case"},
    "$defs": {
        "case": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "scenario", "lines"],
            "properties": {
                "name": {**_TEXT, "description": "用例名称（文件内唯一）"},
                "scenario": {**_TEXT, "description": "场景 id，或相对本文件的场景 YAML 路径"},
                "lines": {"type": "array", "minItems": 1, "items": _TEXT, "description": "学员每轮说的话"},
                "seeds": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0},
                          "description": "随机种子（默认 [0]）"},
                "outcome": {"type": ["string", "array"], "minItems": 1, "items": {"enum": list(OUTCOMES)},
                            "description": "期望的通话结果：一个代码，或几个都可以接受的代码的列表"},
                "passed": {"type": "boolean", "description": "期望是否通过"},
                "findings": {
                    "type": "object", "additionalProperties": False,
                    "properties": {"required": {**_CATEGORY_LIST, "description": "必须出现的问题类别"},
                                   "forbidden": {**_CATEGORY_LIST, "description": "不得出现的问题类别"}},
                },
                "stages": {"type": "array", "minItems": 1, "items": _TEXT,
                           "description": "通话必须依次经过的阶段 id（中间可以有别的阶段）"},
                "score": {"type": "object", "additionalProperties": False,
                          "properties": {"min": {"type": "number", "minimum": 0, "maximum": 100},
                                         "max": {"type": "number", "minimum": 0, "maximum": 100}}},
                "xfail": {**_TEXT, "description": "已知会失败的原因；通过了反而算失败（意外通过）"},
            },
        },
    },
}
schema_mod.register("scenario-test", CASE_SCHEMA)


@dataclass(frozen=True)
class Case:
    """One test case, checked."""

    path: str
    line: int
    name: str
    scenario: Scenario
    lines: tuple[str, ...]
    seeds: tuple[int, ...] = (0,)
    outcome: tuple[str, ...] = ()
    passed: bool | None = None
    required: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    score_min: float | None = None
    score_max: float | None = None
    xfail: str | None = None


@dataclass(frozen=True)
class CaseRun:
    """One case played on one seed.  ``status``: pass, fail, xfail, xpass or error."""

    case: Case
    seed: int
    status: str
    failures: tuple[str, ...] = ()
    result: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.status in ("pass", "xfail")


# ---------------------------------------------------------------------------
# Finding and loading files
# ---------------------------------------------------------------------------

def bundled_tests_dir() -> Path:
    """The tests shipped for the bundled scenarios (``tests/scenarios`` of the source tree)."""
    return bundled_dir("tests")


def default_paths() -> list[Path]:
    """``./tests/scenarios/`` when the working directory has one, else the bundled tests."""
    local = Path("tests") / "scenarios"
    return [local if local.is_dir() else bundled_tests_dir()]


def test_files(paths: Iterable[str | Path]) -> list[Path]:
    """The test files named (folders give their ``*.yaml``, sorted); raises on a missing path."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not inside:
                raise InputError(Problem(Location(str(path)), NO_TESTS, "这个目录里没有测试文件（*.yaml）",
                                         "场景测试文件放在 tests/scenarios/ 下，每个场景一个 YAML 文件"))
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"找不到测试文件或目录 {path}")
    return found


def load_file(path: str | Path, *, text: str | None = None) -> list[Case]:
    """Every case of one test file; raises :class:`InputError` with every located problem."""
    doc = load_document(path, text=text)
    if not isinstance(doc.data, list):
        raise InputError(Problem(doc.where(), NOT_A_LIST, "测试文件应该是用例列表",
                                 "每个用例以「- name: 」开头，见 docs/authoring.md 的「测试场景」"))
    problems = schema_mod.check(doc, CASE_SCHEMA)
    if problems:
        raise InputError(problems)
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data):
        where = doc.where((i,))
        if item["name"] in seen:
            problems.append(Problem(doc.where((i, "name")), DUPLICATE_NAME,
                                    f"用例名 '{item['name']}' 重复（第一次出现在第 {seen[item['name']]} 行）",
                                    "给每个用例起一个不同的名字，报告里才分得清"))
        seen.setdefault(item["name"], where.line)
        case = _case(doc, i, item, Path(path), problems)
        if case is not None:
            cases.append(case)
    if problems:
        raise InputError(problems)
    return cases


def _scenario(doc: Document, i: int, ref: str, base: Path, problems: list[Problem]) -> Scenario | None:
    where = doc.where((i, "scenario"))
    as_path = base.parent / ref
    target: str | Path = as_path if (ref.endswith(SUFFIXES) or "/" in ref) else ref
    try:
        return load_scenario(target)
    except InputError as exc:
        problems.append(Problem(where, BAD_SCENARIO, f"场景 '{ref}' 本身有问题（共 {len(exc.problems)} 处）",
                                "先用 trainer validate 修好场景文件"))
        problems.extend(exc.problems)
    except TrainerError:
        problems.append(Problem(where, NO_SCENARIO, f"找不到场景 '{ref}'",
                                "写内置场景 id（trainer scenarios 可列出），或相对本测试文件的场景 YAML 路径"))
    return None


def _case(doc: Document, i: int, item: dict[str, Any], path: Path, problems: list[Problem]) -> Case | None:
    scenario = _scenario(doc, i, item["scenario"], path, problems)
    findings = item.get("findings") or {}
    required, forbidden = tuple(findings.get("required") or ()), tuple(findings.get("forbidden") or ())
    for j, category in enumerate(forbidden):
        if category in required:
            problems.append(Problem(doc.where((i, "findings", "forbidden", j)), BOTH_WAYS,
                                    f"问题类别 '{category}' 既写在 required 又写在 forbidden 里",
                                    "只保留其中一处"))
    score = item.get("score") or {}
    if "min" in score and "max" in score and score["min"] > score["max"]:
        problems.append(Problem(doc.where((i, "score")), BAD_RANGE,
                                f"score.min（{score['min']}）大于 score.max（{score['max']}）", "把两个数对调"))
    outcome = item.get("outcome")
    if isinstance(outcome, str) and outcome not in OUTCOMES:
        guess = difflib.get_close_matches(outcome, list(OUTCOMES), n=1, cutoff=0.5)
        problems.append(Problem(doc.where((i, "outcome")), schema_mod.BAD_OUTCOME,
                                f"outcome 的取值 '{outcome}' 无效",
                                f"是不是想写 '{guess[0]}'？" if guess else "可选：" + "、".join(OUTCOMES)))
    stages = tuple(item.get("stages") or ())
    if scenario is not None:
        known = list(scenario.script().stages)
        for j, stage in enumerate(stages):
            if stage not in known:
                guess = difflib.get_close_matches(stage, known, n=1, cutoff=0.5)
                hint = f"是不是想写 '{guess[0]}'？" if guess else "可用的阶段：" + "、".join(known)
                problems.append(Problem(doc.where((i, "stages", j)), UNKNOWN_STAGE,
                                        f"脚本 {scenario.script().id} 里没有阶段 '{stage}'", hint))
    if scenario is None:
        return None
    return Case(
        path=str(path), line=doc.where((i,)).line, name=item["name"], scenario=scenario,
        lines=tuple(item["lines"]), seeds=tuple(item.get("seeds") or (0,)),
        outcome=(outcome,) if isinstance(outcome, str) else tuple(outcome or ()),
        passed=item.get("passed"), required=required, forbidden=forbidden, stages=stages,
        score_min=score.get("min"), score_max=score.get("max"), xfail=item.get("xfail"),
    )


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

def _category(code: str) -> str:
    return f"{code}（{CATEGORY_LABELS.get(code, code)}）"


def _in_order(wanted: tuple[str, ...], path: list[str]) -> bool:
    rest = iter(path)
    return all(stage in rest for stage in wanted)


def check_result(case: Case, result: dict[str, Any]) -> list[str]:
    """Each expectation of ``case`` that ``result`` (a ``play --format json`` dict) misses, in Chinese."""
    out: list[str] = []
    if case.outcome and result["outcome"] not in case.outcome:
        out.append(f"期望 结果={'/'.join(case.outcome)}，实际 {result['outcome']}")
    if case.passed is not None and bool(result["passed"]) != case.passed:
        out.append(f"期望 {'通过' if case.passed else '不通过'}，实际{'通过' if result['passed'] else '不通过'}"
                   f"（得分 {result['score']['total']}，及格线 {case.scenario.pass_mark}）")
    found: dict[str, dict[str, Any]] = {}
    for finding in result["findings"]:
        found.setdefault(finding["category"], finding)
    for finding in result["findings"]:  # one finding per breach: the categories it also names count too
        for also in finding.get("also", ()):
            found.setdefault(also["category"], finding)
    for category in case.required:
        if category not in found:
            out.append(f"期望 出现问题类别 {_category(category)}，实际没有")
    for category in case.forbidden:
        if category in found:
            f = found[category]
            turn = f"第 {f['turn'] + 1} 轮" if isinstance(f.get("turn"), int) else "整通电话"
            out.append(f"期望 不出现问题类别 {_category(category)}，实际{turn}出现（{f.get('rule')}：{f.get('excerpt') or ''}）")
    if case.stages:
        path = stage_path(case.scenario.script(), result["transcript"])
        if not _in_order(case.stages, path):
            out.append(f"期望 依次经过阶段 {' → '.join(case.stages)}，实际 {' → '.join(path)}")
    total = result["score"]["total"]
    if case.score_min is not None and total < case.score_min:
        out.append(f"期望 得分≥{case.score_min:g}，实际 {total}")
    if case.score_max is not None and total > case.score_max:
        out.append(f"期望 得分≤{case.score_max:g}，实际 {total}")
    return out


def run_case(case: Case, seeds: Iterable[int] | None = None, rules: Any = None) -> list[CaseRun]:
    """Play ``case`` on each seed (its own, or ``seeds`` when given); one :class:`CaseRun` per seed."""
    from trainer.sim.session import play_lines

    runs: list[CaseRun] = []
    for seed in (tuple(seeds) if seeds is not None else case.seeds):
        try:
            result = play_lines(case.scenario, case.lines, seed=seed, mode="play", rules=rules)
        except TrainerError as exc:
            runs.append(CaseRun(case, seed, "error", (f"无法运行：{exc}",)))
            continue
        failures = tuple(check_result(case, result))
        if case.xfail is not None:
            status = "xfail" if failures else "xpass"
        else:
            status = "fail" if failures else "pass"
        runs.append(CaseRun(case, seed, status, failures, result))
    return runs


@dataclass
class TestRun:
    """Everything ``trainer test`` did: the runs in file order and the unusable files' problems."""

    runs: list[CaseRun] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    __test__ = False  # not a pytest class

    def count(self, status: str) -> int:
        return sum(1 for r in self.runs if r.status == status)

    @property
    def exit_code(self) -> int:
        if self.problems or self.count("error"):
            return 2
        return 0 if all(r.ok for r in self.runs) else 1


def run_paths(paths: Iterable[str | Path], seeds: Iterable[int] | None = None) -> TestRun:
    """Load every test file under ``paths`` and run every case; a bad file is reported, the rest run."""
    out = TestRun()
    files = test_files(paths)
    rules = None
    for path in files:
        out.files.append(str(path))
        try:
            cases = load_file(path)
        except InputError as exc:
            out.problems.extend(exc.problems)
            continue
        if rules is None and cases:
            from trainer.compliance import load_pack

            rules = load_pack()
        for case in cases:
            out.runs.extend(run_case(case, seeds, rules))
    return out
