"""The practice console's entry points: a whole practice session (picker, case card, the
call, the scorecard, saving) and the recite prompt.

Decisions (see docs/practice.md)
--------------------------------
* Exam mode: no completion and no ``/hint`` ``/script`` ``/why``; the seed is
  :data:`trainer.console.loop.EXAM_SEED` unless ``--seed`` is given, so every trainee gets
  the same call (and ``trainer play SCENARIO --seed 0`` replays it).
* Ctrl-C, Ctrl-D (on an empty line) and ``/quit`` end the call as
  ``incomplete``; the scorecard is still shown and can be saved.  A line typed
  but not sent when Ctrl-C arrives is kept in the history.
* A pasted multi-line text is one turn: its lines are joined.
* The case card is on screen while the engine loads in a background thread.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from trainer.console.loop import CallLoop, Loader
from trainer.console.plain import PlainScreen
from trainer.console.prompt import PromptScreen
from trainer.console.views import Card, _bundled_dir, case_card, peek_card, scenario_menu, scorecard_lines


def make_screen(interactive: bool, *, exam: bool = False, stdin: TextIO | None = None,
                stdout: TextIO | None = None) -> Any:
    if interactive:
        return PromptScreen(completion=not exam)
    return PlainScreen(stdin, stdout)


def pick_scenario(screen: Any, scenarios: Sequence[Any]) -> Any | None:
    """The picker: a numbered list; answer with the number or the id.  None on Ctrl-C/Ctrl-D."""
    if not scenarios:
        screen.show([[("class:warn", "没有可用的场景。")]])
        return None
    screen.show(scenario_menu(scenarios))
    ids = [s.id for s in scenarios]
    while True:
        try:
            answer = screen.ask("场景编号或 id（Ctrl-D 退出）：", choices=ids).strip()
        except (EOFError, KeyboardInterrupt):
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(scenarios):
            return scenarios[int(answer) - 1]
        if answer in ids:
            return scenarios[ids.index(answer)]
        if answer:
            screen.show([[("class:warn", f"没有场景「{answer}」，"), ("", f"请输入 1–{len(scenarios)} 或场景 id。")]])


def available_cards(screen: Any) -> list[Card]:
    """Cards of the bundled then the local (``./scenarios``) scenarios, peeked from their files.

    A file that cannot even be read is skipped with a note; other problems show when the
    chosen scenario is loaded.
    """
    paths = [(p, True) for p in sorted(_bundled_dir().glob("*.y*ml"))]
    local = Path("scenarios")
    if local.is_dir() and local.resolve() != _bundled_dir().resolve():
        paths += [(p, False) for p in sorted(local.iterdir()) if p.suffix in (".yaml", ".yml")]
    cards, broken = [], 0
    for path, bundled in paths:
        card = peek_card(path, bundled)
        if card is None:
            broken += 1
        else:
            cards.append(card)
    if broken:
        screen.show([[("class:warn", f"有 {broken} 个场景文件读不出来，已跳过"),
                      ("class:system", "（trainer validate 可查看详情）")]])
    return cards


def save_files(result: Mapping[str, Any], scenario: Any, *, transcript: str | None,
               scorecard: str | None) -> list[tuple[str, str]]:
    """Write the transcript JSON and/or the scorecard HTML; returns ``(kind, path)`` written.

    Raises :class:`trainer.base.errors.UsageError` when a file cannot be written.
    """
    from trainer.base.errors import UsageError

    written = []
    for kind, path in (("transcript", transcript), ("scorecard", scorecard)):
        if not path:
            continue
        if kind == "transcript":
            data = json.dumps(result["transcript"], ensure_ascii=False, indent=2) + "\n"
        else:
            from trainer.report.scorecard import render_html

            data = render_html(result, scenario)
        try:
            Path(path).expanduser().write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None
        written.append((kind, str(path)))
    return written


def offer_save(screen: Any, result: Mapping[str, Any], scenario: Any) -> None:
    """Ask whether to save the transcript and the scorecard (interactive screens only)."""
    from trainer.base.errors import UsageError

    stem = f"practice-{scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        answer = screen.ask("保存通话记录（JSON）和成绩单（HTML）？[y/N] ").strip().lower()
        if answer not in ("y", "yes", "是", "好"):
            return
        transcript = screen.ask("通话记录保存到（留空不保存）：", default=f"{stem}.json").strip()
        scorecard = screen.ask("成绩单保存到（留空不保存）：", default=f"{stem}.html").strip()
    except (EOFError, KeyboardInterrupt):
        return
    try:
        written = save_files(result, scenario, transcript=transcript or None, scorecard=scorecard or None)
    except UsageError as exc:
        screen.show([[("class:warn", str(exc))]])
        return
    for kind, path in written:
        screen.show([[("class:ok", f"已保存{'通话记录' if kind == 'transcript' else '成绩单'}："), ("", path)]])


def practice(scenario: Any | str | None, *, mode: str = "practice", seed: int | None = None,
             interactive: bool = True, scenarios: Callable[[], Sequence[Any]] | None = None,
             observer_factory: Callable[[Any, str, int], Any] | None = None,
             save_transcript: str | None = None, save_scorecard: str | None = None,
             screen: Any = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
             dial_prompt: bool | None = None, trainee: str | None = None,
             start_stage: str | None = None) -> dict[str, Any] | None:
    """A whole practice session: (picker,) case card, the call, the scorecard, saving.

    ``scenario``: a loaded scenario, a scenario id or file (on an interactive screen its card
    shows before the file is fully loaded), or None for the picker.  Returns the call's
    result, or None when the trainee left before dialling.  ``trainee``: the trainee's name; a
    Chinese one puts their own surname in the case card, the lines and Tab completion.
    ``start_stage``: rehearse from this stage (``--from``; check it first with
    :func:`trainer.sim.session.check_start_stage`).
    """
    exam = mode == "exam"
    screen = screen or make_screen(interactive, exam=exam, stdin=stdin, stdout=stdout)
    if dial_prompt is None:
        dial_prompt = bool(screen.interactive)
    card = None
    if scenario is None:
        picked = pick_scenario(screen, scenarios() if scenarios is not None else available_cards(screen))
        if picked is None:
            return None
        card, scenario = (picked, picked.path) if isinstance(picked, Card) else (None, picked)
    if isinstance(scenario, str) and card is None:
        # a name: show the card from the file at once, load it fully behind the dial prompt
        card = peek_card(scenario) if dial_prompt else None
        if card is None:
            from trainer.content.scenario import load_scenario

            scenario = load_scenario(scenario)
    loader = Loader(scenario if isinstance(scenario, str) else None)
    if card is not None:
        card = card.for_trainee(trainee)
    elif not isinstance(scenario, str):
        scenario = scenario.for_trainee(trainee)
    screen.show(case_card(card or scenario, mode))
    if dial_prompt:
        screen.after_first_render = loader.start
        try:
            screen.ask("按回车拨号（Ctrl-D 退出）")
        except (EOFError, KeyboardInterrupt):
            return None
    else:
        loader.start()
    loader.wait()
    if loader.scenario is not None:
        scenario = loader.scenario.for_trainee(trainee)
    loop = CallLoop(screen, scenario, mode=mode, seed=seed, observer_factory=observer_factory,
                    start_stage=start_stage, trainee=trainee)
    result = loop.run()
    scenario = loop.scenario  # /reload may have read it again
    screen.status = list
    screen.show(scorecard_lines(result, scenario))
    rehearsed = (result.get("score") or {}).get("from_stage")
    if rehearsed:
        screen.show([[("class:label", "说明："), ("", rehearsed["note"])]])
    if save_transcript or save_scorecard:
        for kind, path in save_files(result, scenario, transcript=save_transcript, scorecard=save_scorecard):
            screen.show([[("class:ok", f"已保存{'通话记录' if kind == 'transcript' else '成绩单'}："), ("", path)]])
    elif screen.interactive:
        offer_save(screen, result, scenario)
    return result


def ask_recital(screen: Any) -> str | None:
    """Read one attempt at the prompt (None on Ctrl-C/Ctrl-D)."""
    try:
        return screen.ask_line("背诵> ") if screen.interactive else screen.ask("背诵> ")
    except (EOFError, KeyboardInterrupt):
        return None
