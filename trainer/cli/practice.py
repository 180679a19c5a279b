"""Commands ``practice`` (a call at the prompt) and ``recite`` (the standard opening from memory).

Both are for new hires.  The screens live in :mod:`trainer.console`, the
judging of a recital in :mod:`trainer.sim.recite`; here only arguments, files and
exit codes.  Heavy modules (prompt_toolkit, the engine, the rule pack) are
imported inside the handlers, never at registration, so ``trainer --help``
stays fast.

Exit codes: ``practice`` 0 (the scorecard says pass or fail), 2 unusable input;
``recite`` 0 passed, 1 not passed, 2 unusable input (unknown script/line,
empty attempt, unreadable file).

Recording: every practice call and recital is kept in the training records
(``trainer.records``; ``--db`` or ``$TRAINER_DB`` chooses the file), under
``--trainee`` or the login name.  Practice turns are committed as they are
said, so a closed terminal loses at most the line in flight.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from trainer.base.errors import InputError, UsageError
from trainer.base.textfile import TextFileKind, read_text
from trainer.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, command
from trainer.report.writers import json_text

MAX_ATTEMPT_BYTES = 1024 * 1024
ATTEMPT_FILE = TextFileKind(limit=MAX_ATTEMPT_BYTES, unreadable="无法读取背诵文件 {path}",
                            too_large=("RC001", "背诵内容过长（上限 1 MB）"),
                            not_text=("RC002", "背诵文件既不是 UTF-8 也不是 GB18030 编码"))
DB_HELP = "记录库文件（默认：环境变量 TRAINER_DB，或用户数据目录下的 trainer/records.db）"


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "practice",
                "在提示符下练一通模拟催收电话：案件卡、实时合规提醒、Tab 补全推荐话术、结束后看成绩单",
                "trainer practice first-contact-honest --trainee 李明\n"
                "  trainer practice first-contact-honest --from negotiate   # 只练谈还款这一段", practice)
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="场景 id 或场景 YAML 文件；不写则列出全部场景供选择")
    p.add_argument("--trainee", metavar="NAME", help="学员姓名（用于培训记录，默认为登录名；中文姓名的姓会填进案件卡、推荐话术和 Tab 补全，如「我姓李」）")
    p.add_argument("--db", metavar="PATH", help=DB_HELP)
    p.add_argument("--exam", action="store_true", help="考试模式：没有提示和补全，随机种子固定")
    p.add_argument("--seed", type=int, metavar="N", help="随机种子（默认：练习随机，考试固定为 0）")
    p.add_argument("--save-transcript", metavar="PATH", help="结束后把通话记录存为 JSON（不再询问）")
    p.add_argument("--save-scorecard", metavar="PATH", help="结束后把成绩单存为 HTML（不再询问）")
    p.add_argument("--plain", action="store_true",
                   help="逐行读写、不用全屏终端功能（标准输入或输出不是终端时自动启用）")
    p.add_argument("--from", dest="from_stage", metavar="STAGE",
                   help="从这个阶段开始练（阶段 id，见 trainer graph），当作之前的阶段都按脚本顺利完成；"
                        "成绩单只评这一阶段起的要点。例：--from negotiate")

    r = command(sub, "recite",
                "凭记忆背诵标准开场白（或指定话术），逐字对照、计算准确率、检查必备要素",
                "trainer recite first_contact --input my_opening.txt", recite)
    r.add_argument("script", nargs="?", default="first_contact", metavar="SCRIPT",
                   help="脚本 id 或脚本 YAML 文件（默认 first_contact）")
    r.add_argument("--input", metavar="FILE", help="从文件读取背诵内容（- 表示标准输入），便于脚本化使用")
    r.add_argument("--line", metavar="ID", help="背诵这句话术（默认：脚本里标为 standard 的那句）")
    r.add_argument("--scenario", metavar="ID", help="用这个场景的案件信息填入话术（默认：第一个使用该脚本的场景）")
    r.add_argument("--show", action="store_true", help="先显示原文（默认只显示案件信息，不显示原文）")
    r.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    r.add_argument("--trainee", metavar="NAME", help="学员姓名（用于培训记录；默认为登录名）")
    r.add_argument("--db", metavar="PATH", help=DB_HELP)
    r.add_argument("--plain", action="store_true", help="逐行读写、不用全屏终端功能")


def _interactive(args: argparse.Namespace) -> bool:
    """prompt_toolkit only on a real terminal, both ways."""
    if getattr(args, "plain", False) or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


# -- recording: the lead wires trainer.records in here -------------------------------------

def _observer_factory(args: argparse.Namespace) -> Any:
    """A ``(scenario, mode, seed) -> Recorder`` that keeps each dialled call in the records.

    The store is opened when the first call is dialled, not before the first prompt."""
    opened: list[Any] = []

    def make(scenario: Any, mode: str, seed: int) -> Any:
        from trainer.records import Recorder, default_trainee, open_store

        if not opened:
            opened.append(open_store(args.db))
        return Recorder(opened[0], args.trainee or default_trainee(), mode, scenario, seed=seed)

    return make


def _record_recital(args: argparse.Namespace, recital: Any, result: Any, script_digest: str) -> None:
    """Keep a recital attempt in the training records."""
    from trainer.records import default_trainee, open_store, record_recital

    store = open_store(args.db)
    assert store is not None
    with store:
        record_recital(store, trainee=args.trainee or default_trainee(), recital=recital, result=result,
                       versions={"script": script_digest})


# -- practice ---------------------------------------------------------------------------

def practice(args: argparse.Namespace) -> int:
    from trainer import console

    scenario: Any = args.scenario
    if args.from_stage:
        from trainer.content.scenario import load_scenario
        from trainer.sim.session import check_start_stage

        if scenario is None:
            raise UsageError("用 --from 时要写上场景，如 trainer practice first-contact-honest --from negotiate")
        scenario = load_scenario(scenario)
        check_start_stage(scenario.script(), args.from_stage)
    console.practice(scenario, mode="exam" if args.exam else "practice", seed=args.seed,
                     interactive=_interactive(args), observer_factory=_observer_factory(args),
                     save_transcript=args.save_transcript, save_scorecard=args.save_scorecard,
                     trainee=args.trainee, start_stage=args.from_stage)
    return EXIT_OK


# -- recite -----------------------------------------------------------------------------

class _FactsOnly:
    """Stands in for a scenario when no scenario uses the script: the sample facts."""

    id = None
    account: dict[str, Any] = {}

    def facts(self) -> dict[str, Any]:
        from trainer.content.script import SAMPLE_FACTS

        return dict(SAMPLE_FACTS)


def _scenario_for(script: Any, name: str | None) -> Any:
    from trainer.content.scenario import list_scenarios, load_scenario

    if name:
        return load_scenario(name)
    try:
        scenarios = list_scenarios()
    except (InputError, UsageError):  # a broken local scenario must not stop a recital
        scenarios = []
    for scenario in scenarios:
        if scenario.script_id == script.id:
            return scenario
    return _FactsOnly()


def _read_attempt(source: str) -> str:
    return read_text(source, ATTEMPT_FILE)


def recite(args: argparse.Namespace) -> int:
    from trainer import console
    from trainer.content.script import load_script
    from trainer.sim.recite import prepare

    script = load_script(args.script)
    recital = prepare(script, _scenario_for(script, args.scenario), args.line)
    interactive = args.input is None and _interactive(args)
    screen = console.make_screen(interactive, exam=True)
    if args.input is not None:
        attempt: str | None = _read_attempt(args.input)
    elif interactive:
        screen.show(console.recital_card(recital, args.show))
        attempt = console.ask_recital(screen)
        if attempt is None:
            print("已取消，没有背诵。", file=sys.stderr)
            return EXIT_INPUT
    elif hasattr(sys.stdin, "buffer"):  # a pipe: its bytes decoded like a file's (RC002 if neither encoding)
        attempt = _read_attempt("-")
    else:
        attempt = sys.stdin.read(MAX_ATTEMPT_BYTES)
    attempt = " ".join(line.strip() for line in attempt.splitlines() if line.strip())
    if not attempt:
        raise UsageError("没有读到背诵内容" + (f"（{args.input} 是空的）" if args.input else ""))
    result = recital.check(attempt)
    _record_recital(args, recital, result, script.digest)
    if args.format == "json":
        data = {"script": recital.script_id, "line": recital.line_id, "scenario": recital.scenario_id,
                **result.to_dict()}
        print(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        if not interactive and args.show:
            screen.show([[("", f"原文：{recital.target}")]])
        screen.show(console.recital_lines(result))
    return EXIT_OK if result.passed else EXIT_PROBLEMS
