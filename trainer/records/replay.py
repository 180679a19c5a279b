"""Replay: stored calls played again through today's engine, compared with what was recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.records import versions
from trainer.records.common import INCOMPLETE, RECITE_MODE
from trainer.records.rows import CallRow

if TYPE_CHECKING:
    from trainer.records.store import Store


@dataclass(frozen=True)
class Replayed:
    """A stored call played again against today's scripts and rules."""

    call: CallRow
    outcome: str | None = None
    passed: bool | None = None
    score: float | None = None
    changed_versions: tuple[str, ...] = ()  # which of scenario/script/rules changed since
    unused_lines: int = 0  # agent lines left over because the call ended earlier this time
    skipped: str | None = None  # why it could not be replayed (Chinese, for the user)

    @property
    def changed(self) -> bool:
        if self.skipped:
            return False
        old_score = None if self.call.score is None else round(self.call.score, 1)
        new_score = None if self.score is None else round(self.score, 1)
        return (self.outcome, self.passed, new_score) != (self.call.outcome, self.call.passed, old_score)

    @property
    def flipped(self) -> bool:
        return self.changed and self.passed != self.call.passed


def replay(store: Store, *, trainee: str | None = None, refs: Iterable[str] = (),
           progress: Callable[[int, int], None] | None = None) -> list[Replayed]:
    """Re-run stored calls' agent lines through the current engine with the stored seed.

    Read-only: the store is not changed.  Recitals and calls that never ended are skipped."""
    refs = list(refs)
    rows = store.find_calls(refs) if refs else store.calls(trainee=trainee, include_recitals=False,
                                                          oldest_first=True)
    if refs and trainee is not None:
        rows = [r for r in rows if r.trainee == trainee]
    out = []
    current_rules = versions.rules_digest()
    for n, row in enumerate(rows, 1):
        out.append(_replay_one(store, row, current_rules))
        if progress:
            progress(n, len(rows))
    return out


def _replay_one(store: Store, row: CallRow, current_rules: str | None) -> Replayed:
    if row.mode == RECITE_MODE:
        return Replayed(row, skipped="背诵记录不重放")
    if not row.complete:
        return Replayed(row, skipped="通话未完成，没有可比较的结果")
    from trainer.content.scenario import load_scenario
    from trainer.sim.session import play_lines

    meta = store.transcript(row)["meta"]
    scenario = None
    for ref in (row.scenario_id, meta.get("scenario_path")):
        if not ref:
            continue
        try:
            scenario = load_scenario(ref)
            break
        except Exception:
            continue
    if scenario is None:
        return Replayed(row, skipped=f"场景 {row.scenario_id} 已不存在或无法加载")
    now = versions.versions_of(scenario)
    now["rules"] = current_rules
    changed = tuple(k for k in ("scenario", "script", "rules")
                    if row.versions.get(k) and now.get(k) and row.versions[k] != now[k])
    lines = [t["text"] for t in store.turns(row.id) if t.get("speaker") == "agent"]
    try:
        result = play_lines(scenario, lines, seed=row.seed if row.seed is not None else 0,
                            mode=row.mode if row.mode in ("practice", "exam", "play") else "play")
        used = sum(1 for turn in result["transcript"]["turns"] if turn["speaker"] == "agent")
    except Exception as exc:  # a script that no longer runs is a finding of replay, not a crash
        return Replayed(row, skipped=f"重放失败：{exc}", changed_versions=changed)
    score = result.get("score")
    total = score.get("total") if isinstance(score, dict) else score
    return Replayed(row, outcome=result.get("outcome") or INCOMPLETE,
                    passed=None if result.get("passed") is None else bool(result.get("passed")),
                    score=None if total is None else float(total), changed_versions=changed,
                    unused_lines=len(lines) - used)
