"""One call on a screen: the background loader and :class:`CallLoop`, which sends the trainee's
lines to :class:`trainer.sim.session.Call`, shows what comes back and runs the slash commands.
It never knows which screen it has."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

from trainer.base.vocab import OUTCOMES
from trainer.console.commands import run_command
from trainer.console.text import Frag, display_width, truncate
from trainer.console.views import agent_line, mood_summary, turn_line

EXAM_SEED = 0


class Loader:
    """Loads the scenario (when given by name) and the engine in a background thread
    while the trainee reads the case card."""

    def __init__(self, scenario_ref: str | None = None) -> None:
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._started = False
        self.scenario_ref = scenario_ref
        self.scenario: Any = None

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._run, name="trainer-loader", daemon=True).start()

    def _run(self) -> None:
        try:
            if self.scenario_ref is not None:
                from trainer.content.scenario import load_scenario

                self.scenario = load_scenario(self.scenario_ref)
            import trainer.report.scorecard  # noqa: F401
            import trainer.sim.session  # noqa: F401
            from trainer.compliance import load_pack

            load_pack()
        except BaseException as exc:  # noqa: BLE001 - re-raised in wait()
            self._error = exc
        finally:
            self._done.set()

    def wait(self) -> None:
        self.start()
        self._done.wait()
        if self._error is not None:
            raise self._error


class CallLoop:
    """Runs calls of one scenario on a screen until one ends and its scorecard is shown."""

    def __init__(self, screen: Any, scenario: Any, *, mode: str = "practice", seed: int | None = None,
                 observer_factory: Callable[[Any, str, int], Any] | None = None,
                 start_stage: str | None = None, trainee: str | None = None) -> None:
        if mode not in ("practice", "exam"):
            raise ValueError(mode)
        self.screen = screen
        self.scenario = scenario
        self.mode = mode
        self.exam = mode == "exam"
        self.fixed_seed = seed if seed is not None else (EXAM_SEED if self.exam else None)
        self.observer_factory = observer_factory
        self.start_stage = start_stage   # ``--from``: each call starts in this stage
        self.trainee = trainee
        self.script: Any = None          # the tree the calls use; /reload replaces it
        self.call: Any = None
        self.started = time.monotonic()
        self.calls: list[Any] = []

    # -- set-up ----------------------------------------------------------------

    def _seed(self) -> int:
        return self.fixed_seed if self.fixed_seed is not None else random.SystemRandom().randrange(10**6)

    def dial(self) -> None:
        from trainer.sim.session import Call

        seed = self._seed()
        if self.script is None:
            self.script = self.scenario.script()
        observer = self.observer_factory(self.scenario, self.mode, seed) if self.observer_factory else None
        self.call = Call(self.scenario, self.script, seed, self.mode, observer, start_stage=self.start_stage)
        self.calls.append(self.call)
        self.started = time.monotonic()
        self.screen.set_suggestions(None if self.exam else self.call.suggestions)
        self.screen.status = self.status
        self.screen.show([[("class:system", f"—— 已拨通（随机种子 {seed}）。输入 /help 查看命令 ——")]])
        if self.call.start_stage:
            from trainer.sim.scoring import from_stage_note

            self.screen.show([[("class:system", "—— " + from_stage_note(self.call.stage.title) + " ——")]])
        self.screen.show([turn_line(t) for t in self.call.opening])

    def status(self) -> list[Frag]:
        call = self.call
        if call is None:
            return []
        elapsed = int(time.monotonic() - self.started)
        stage = call.stage.title if not call.ended else OUTCOMES.get(call.outcome or "", "已结束")
        parts = [f"第 {call.turn_count} 轮", f"情绪 {mood_summary(call.mood)}", f"{elapsed // 60:02d}:{elapsed % 60:02d}"]
        if self.exam:
            parts.insert(0, "考试")
        tail = " │ ".join(parts)
        room = max(16, self.screen.columns() - display_width(tail) - 6)
        head = f"{self.scenario.title} │ {stage}"
        return [("class:bottom-toolbar", " " + truncate(head, room) + " │ " + tail + " ")]

    # -- the call ----------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        """Play until the call ends; return its result (the ``play --format json`` dict)."""
        self.dial()
        while True:
            try:
                text = self.screen.ask_line("坐席> ")
            except (EOFError, KeyboardInterrupt):
                self.screen.show([[("class:system", "—— 通话中断，记为「通话未完成」。已说的话都保留在记录里。——")]])
                return self.call.end("incomplete")
            text = text.strip()
            if not text:
                continue
            if text.startswith(("/", "／")):
                outcome = self.command(text)
                if outcome == "quit":
                    self.screen.show([[("class:system", "—— 已结束通话，记为「通话未完成」。——")]])
                    return self.call.end("incomplete")
                if outcome == "restart":
                    self.call.end("incomplete")
                    self.screen.show([[("class:system", "—— 已放弃本通电话，重新拨号 ——")]])
                    self.dial()
                continue
            try:
                result = self.call.say(text)
            except KeyboardInterrupt:   # Ctrl-C while the line was being judged: the turn is kept
                self.screen.show([[("class:system", "—— 通话中断，记为「通话未完成」。——")]])
                return self.call.end("incomplete")
            self.screen.show(agent_line(text, result.findings))
            self.screen.show([turn_line(t) for t in result.replies])
            if result.ended:
                label = OUTCOMES.get(result.outcome or "", result.outcome)
                self.screen.show([[("class:system", f"—— 通话结束：{label} ——")]])
                return self.call.result()

    def reload(self) -> bool:
        """Read the scenario and its script again (``/reload``); on any problem show it and keep
        what the calls used so far.  Returns whether the files were taken."""
        from trainer.base.errors import InputError, UsageError
        from trainer.content.scenario import load_scenario
        from trainer.sim.session import check_start_stage
        from trainer.zh.display import visible

        try:
            scenario = load_scenario(self.scenario.path).for_trainee(self.trainee)
            script = scenario.script()
            if self.start_stage:
                check_start_stage(script, self.start_stage)
        except InputError as exc:
            rows = [[("class:warn", visible(str(p), one_line=True))] for p in exc.problems]
            self.screen.show([[("class:fail", f"文件有 {len(exc.problems)} 个问题，继续用原来的版本：")], *rows])
            return False
        except UsageError as exc:
            self.screen.show([[("class:fail", visible(str(exc), one_line=True) + "。继续用原来的版本。")]])
            return False
        changed = script.digest != self.script.digest or scenario != self.scenario
        self.scenario, self.script = scenario, script
        self.screen.show([[("class:ok", f"已重新读取场景和脚本（{script.id}）" + ("" if changed else "，文件没有变化")
                            + "，用它拨一通新电话。")]])
        return True

    def command(self, text: str) -> str | None:
        """Run a slash command (:mod:`trainer.console.commands`); "quit" or "restart" ends the call."""
        return run_command(self, text)
