"""Commands ``play`` (a whole call from a file of trainee lines) and ``scenarios`` (the list).

``play`` writes nothing: no records, no files.  Exit codes: 0 passed, 1 failed, 2 unusable input.
A trainee line over 2,000 characters is unusable input: ``path:line:col: PL003`` and exit 2 (it is
refused rather than cut, so that a run never scores words the trainee did not see judged).
"""

from __future__ import annotations

import argparse
import sys

from trainer.base.errors import InputError, Location, Problem, UsageError
from trainer.base.textfile import STDIN_NAME, TextFileKind, read_text
from trainer.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, command
from trainer.report.writers import PLAY, SCENARIOS
from trainer.zh.display import clip, visible

LINES_FILE = TextFileKind(limit=5 * 1024 * 1024, unreadable="无法读取输入文件 {path}",
                          too_large=("PL001", "输入文件过大（上限 5 MB）"),
                          not_text=("PL002", "输入文件既不是 UTF-8 也不是 GB18030 编码"),
                          not_text_at_start=True, bound_stdin=False)


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "play", "用文件里的坐席话术（每行一句）打完一通模拟电话，输出通话记录和成绩单",
                "trainer play first-contact-honest --input my_lines.txt --seed 7\n"
                "  trainer play first-contact-honest --input negotiate_lines.txt --from negotiate", play)
    p.add_argument("scenario", metavar="SCENARIO", help="场景 id（见 trainer scenarios）或场景 YAML 文件")
    p.add_argument("--input", required=True, metavar="FILE", help="坐席每轮说的话，一行一句；- 表示标准输入")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="随机种子（相同种子和输入，结果完全相同；默认 0）")
    p.add_argument("--from", dest="from_stage", metavar="STAGE",
                   help="从这个阶段开始（阶段 id），当作之前的阶段都按脚本顺利完成；只评这一阶段起的要点。"
                        "例：--from negotiate")
    p.add_argument("--format", choices=PLAY.choices, default=PLAY.default, help="输出格式（默认 text）")
    p.add_argument("--trainee", metavar="姓名", help="记入这名学员的练习记录（不给则不记录）")
    p.add_argument("--record", action="store_true", help="记入练习记录（没给 --trainee 时记在登录名下）")
    p.add_argument("--db", metavar="PATH",
                   help="记录库文件（默认：环境变量 TRAINER_DB，或用户数据目录下的 trainer/records.db）")

    p = command(sub, "scenarios", "列出内置场景和当前目录 scenarios/ 下的本地场景",
                "trainer scenarios --format json", scenarios)
    p.add_argument("--format", choices=SCENARIOS.choices, default=SCENARIOS.default, help="输出格式（默认 text）")


MAX_LINE = 2000  # characters of one trainee line; a longer line is refused (PL003), never cut


def _read_lines(source: str) -> list[str]:
    """The trainee's lines; every line over :data:`MAX_LINE` characters is a located problem."""
    text = read_text(source, LINES_FILE)
    name = STDIN_NAME if source == "-" else source
    too_long = [Problem(Location(clip(name, 200), number, MAX_LINE + 1), "PL003",
                        f"这一行太长（{len(line.strip())} 字，上限 {MAX_LINE} 字）",
                        "一行写坐席的一句话；通话里一句话不会这么长")
                for number, line in enumerate(text.splitlines(), 1) if len(line.strip()) > MAX_LINE]
    if too_long:
        raise InputError(too_long[:20])
    return [line.strip() for line in text.splitlines() if line.strip()]


def play(args: argparse.Namespace) -> int:
    from trainer.content.scenario import load_scenario
    from trainer.sim.session import play_lines

    scenario = load_scenario(args.scenario)
    if args.from_stage:
        from trainer.sim.session import check_start_stage

        check_start_stage(scenario.script(), args.from_stage)
    lines = _read_lines(args.input)
    if not lines:
        raise UsageError(f"输入 {args.input} 里没有任何话术（每行写一句坐席说的话）")
    store = recorder = None
    if args.trainee or args.record:  # scripted runs stay side-effect free unless asked
        from trainer.records import Recorder, default_trainee, open_store

        store = open_store(args.db)
        recorder = Recorder(store, args.trainee or default_trainee(), "play", scenario, seed=args.seed)
    try:
        result = play_lines(scenario, lines, seed=args.seed, mode="play", observer=recorder,
                            start_stage=args.from_stage)
    finally:
        if store is not None:
            store.close()
    used = sum(1 for turn in result["transcript"]["turns"] if turn["speaker"] == "agent")
    rehearsed = result["score"].get("from_stage")
    if rehearsed and args.format == "text":
        sys.stdout.write(visible(rehearsed["note"], one_line=True) + "\n")
    sys.stdout.write(PLAY.writer(args.format)(result, scenario, len(lines) - used))
    return EXIT_OK if result["passed"] else EXIT_PROBLEMS


def scenarios(args: argparse.Namespace) -> int:
    from trainer.content.scenario import bundled_scenario_paths, load_scenario, local_scenario_paths

    found = []
    broken: list[str] = []
    for path, bundled in [(p, True) for p in bundled_scenario_paths()] + \
                         [(p, False) for p in local_scenario_paths()]:
        try:
            found.append((load_scenario(path), bundled, str(path)))
        except InputError as exc:
            broken += [str(p) for p in exc.problems]
        except UsageError as exc:
            broken.append(f"{path}: {exc}")
    page = SCENARIOS.writer(args.format)(found)
    sys.stdout.write(page.out)
    sys.stderr.write(page.err)
    for line in broken:
        print(visible(line, one_line=True), file=sys.stderr)
    return EXIT_INPUT if broken and not found else EXIT_OK
