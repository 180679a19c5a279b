"""Commands for instructors checking their scenarios: ``test`` (scenario test files) and ``coverage``
(which stages, responses, moves and events of a tree the tests or the recorded calls exercised).

``test`` exits 0 when every case behaves as expected, 1 when one does not (an ``xfail`` case that
passes counts as a failure), 2 when a test file is unusable or a case cannot run.  ``coverage``
exits 0, or 1 when ``--fail-under`` is given and response coverage is below it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trainer.base.errors import UsageError
from trainer.cli import EXIT_OK, EXIT_PROBLEMS, command
from trainer.report.writers import COVERAGE, TESTS


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "test", "运行场景测试：按测试文件里学员的话术打完电话，核对结果、是否通过和合规问题",
                "trainer test tests/scenarios/first-contact-honest.yaml --format junit > report.xml", test)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="测试文件或目录（默认：当前目录的 tests/scenarios/，没有则用内置场景的测试）")
    p.add_argument("--format", choices=TESTS.choices, default=TESTS.default, help="输出格式（默认 text）")
    p.add_argument("--seed", type=int, metavar="N", help="只用这个随机种子运行每个用例（代替文件里的 seeds）")

    p = command(sub, "coverage", "统计脚本树被练到的程度：经过的阶段、客户回应、坐席推进和事件，列出从未练到的部分",
                "trainer coverage first_contact --fail-under 30 --format mermaid", coverage)
    p.add_argument("targets", nargs="*", metavar="SCRIPT|SCENARIO",
                   help="脚本 id、场景 id 或它们的 YAML 文件（默认：全部内置脚本）")
    p.add_argument("--from", dest="source", choices=("tests", "records"), default="tests",
                   help="统计来源：tests 场景测试（默认）/ records 练习记录")
    p.add_argument("--tests", action="append", metavar="PATH",
                   help="场景测试文件或目录（默认同 trainer test；可重复）")
    p.add_argument("--db", metavar="PATH",
                   help="记录库文件（--from records 时用；默认：环境变量 TRAINER_DB，或用户数据目录下的 trainer/records.db）")
    p.add_argument("--fail-under", type=float, metavar="PCT", help="回应覆盖率低于这个百分比时退出码为 1")
    p.add_argument("--format", choices=COVERAGE.choices, default=COVERAGE.default, help="输出格式（默认 text）")


def test(args: argparse.Namespace) -> int:
    from trainer.sim.scenario_tests import default_paths, run_paths

    paths = args.paths or default_paths()
    run = run_paths(paths, seeds=None if args.seed is None else [args.seed])
    page = TESTS.writer(args.format)(run)
    sys.stdout.write(page.out)
    sys.stderr.write(page.err)
    return run.exit_code


def _script_of(target: str) -> Any:
    from trainer.base.yamlio import load_document
    from trainer.content.scenario import load_scenario
    from trainer.content.script import bundled_script_paths, load_script

    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.exists():
        data = load_document(path).data
        if isinstance(data, dict) and "stages" in data:
            return load_script(path)
        return load_scenario(path).script()
    if any(p.stem == target for p in bundled_script_paths()):
        return load_script(target)
    try:
        return load_scenario(target).script()
    except UsageError:
        raise UsageError(f"找不到脚本或场景 '{target}'（trainer scenarios 列出场景；内置脚本："
                         + "、".join(p.stem for p in bundled_script_paths()) + "）") from None


def _transcripts_from_tests(paths: list[str] | None) -> tuple[list[dict[str, Any]], list[Any], int]:
    from trainer.sim.scenario_tests import default_paths, run_paths

    run = run_paths(paths or default_paths())
    for problem in run.problems:
        print(problem, file=sys.stderr)
    transcripts = [r.result["transcript"] for r in run.runs if r.result is not None]
    scripts = {id(r.case.scenario): r.case.scenario.script() for r in run.runs}
    return transcripts, list(scripts.values()), len(run.files)


def _transcripts_from_records(db: str | None) -> list[dict[str, Any]]:
    from trainer.records import open_store

    store = open_store(db, create=False)
    if store is None:
        print("trainer: 还没有练习记录（记录库不存在），覆盖率为 0", file=sys.stderr)
        return []
    with store:
        return [store.transcript(row) for row in store.calls(include_recitals=False, oldest_first=True)]


def coverage(args: argparse.Namespace) -> int:
    from trainer.content.script import bundled_script_paths, load_script
    from trainer.sim.coverage import measure, response_percent

    chosen = [_script_of(t) for t in args.targets]
    if args.source == "records":
        transcripts, used = _transcripts_from_records(args.db), []
        source = "练习记录"
    else:
        transcripts, used, files = _transcripts_from_tests(args.tests)
        source = f"场景测试（{files} 个文件）"
    if not chosen:
        chosen = [load_script(p) for p in bundled_script_paths()] + used
    scripts: dict[str, Any] = {}
    for script in chosen:
        scripts.setdefault(script.id, script)
    covs = measure(scripts.values(), transcripts)
    page = COVERAGE.writer(args.format)(covs, source)
    sys.stdout.write(page.out)
    sys.stderr.write(page.err)
    if args.fail_under is not None:
        pct = response_percent(covs)
        if pct < args.fail_under:
            print(f"trainer: 回应覆盖率 {pct:.1f}% 低于 --fail-under {args.fail_under:g}%", file=sys.stderr)
            return EXIT_PROBLEMS
    return EXIT_OK
