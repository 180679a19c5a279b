"""Recording as it happens: :class:`Recorder` (a ``Call`` observer) and :func:`record_recital`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from trainer.records.common import RECITE_MODE
from trainer.records.misses import missed_from_call
from trainer.records.rows import new_uid
from trainer.records.versions import versions_of

if TYPE_CHECKING:
    from trainer.records.store import Store


class Recorder:
    """A ``Call`` observer that writes the call into the store as it happens.

    ``Call.start(scenario, seed=seed, mode=mode, observer=Recorder(store, trainee, mode, scenario,
    seed=seed))``.  The call row is created on the first turn, each turn is committed in
    ``on_turn``, and ``on_end`` stores outcome, score, all findings and what was missed.
    ``versions`` defaults to :func:`versions_of(scenario) <versions_of>`.
    """

    def __init__(self, store: Store, trainee: str, mode: str, scenario: Any,
                 versions: dict[str, str | None] | None = None, *, seed: int | None = None) -> None:
        self.store = store
        self.trainee = trainee
        self.mode = mode
        self.scenario = scenario
        self.versions = versions if versions is not None else versions_of(scenario)
        self.seed = seed
        self.call_id: int | None = None
        self.finished = False

    def _begin(self, call: Any) -> int:
        if self.call_id is None:
            transcript: dict[str, Any] = {}
            if callable(getattr(call, "transcript", None)):
                transcript = call.transcript() or {}
            meta = dict(transcript.get("meta") or {})
            path = getattr(self.scenario, "path", "")
            if path and not getattr(self.scenario, "bundled", False):
                meta.setdefault("scenario_path", str(path))
            seed = getattr(call, "seed", None)
            self.call_id = self.store.begin_call(
                uid=str(transcript.get("id") or new_uid(self.mode)), trainee=self.trainee,
                mode=self.mode, scenario_id=str(getattr(self.scenario, "id", self.scenario)),
                scenario_title=getattr(self.scenario, "title", None),
                script_id=getattr(self.scenario, "script_id", None), versions=self.versions,
                seed=seed if isinstance(seed, int) else self.seed, meta=meta)
        return self.call_id

    def on_turn(self, call: Any, index: int, turn: dict[str, Any], findings: list[dict[str, Any]]) -> None:
        self.store.add_turn(self._begin(call), index, turn, findings)

    def on_end(self, call: Any, result: dict[str, Any]) -> None:
        if self.finished:
            return
        if "missed" not in result and getattr(call, "script", None) is not None:
            result = {**result, "missed": missed_from_call(call)}
        self.store.finish_call(self._begin(call), result)
        self.finished = True


def record_recital(store: Store, *, trainee: str, recital: Any, result: Any,
                   versions: dict[str, str | None] | None = None) -> int:
    """Keep one ``trainer recite`` attempt (mode ``recite``); returns the record id.

    ``recital`` is a :class:`trainer.sim.recite.Recital`, ``result`` its ``RecitalResult`` (or the
    ``to_dict()`` of one); ``versions`` e.g. ``{"script": script.digest}``.  The attempt is stored as a one-turn agent transcript; its score is the
    accuracy in percent and missing required elements count as missed key points."""
    data = result.to_dict() if callable(getattr(result, "to_dict", None)) else dict(result)
    percent = getattr(result, "percent", None)
    if percent is None:
        percent = int(float(data.get("accuracy", 0)) * 100 + 1e-9)
    script_id = str(getattr(recital, "script_id", "") or data.get("script") or "")
    line_id = getattr(recital, "line_id", None)
    missed = [{"id": f"recite.{e.get('key')}", "title": e.get("label")}
              for e in data.get("elements", []) if not e.get("present")]
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    outcome = "recited" if data.get("passed") else "recite_failed"
    stored = {"scenario": getattr(recital, "scenario_id", None), "line": line_id, "outcome": outcome,
              "passed": bool(data.get("passed")), "score": {"total": percent}, "findings": [],
              "recital": data, "missed": {"key_points": missed}, "transcript": {
                  "id": new_uid(RECITE_MODE), "meta": {"contact": "debtor", "started_at": now},
                  "turns": [{"speaker": "agent", "text": str(data.get("attempt", ""))}]}}
    if versions is None:
        versions = {"script": None}
    return store.save_transcript_call(trainee=trainee, mode=RECITE_MODE, scenario_id=script_id,
                                      scenario_title=f"背诵：{line_id or script_id}", script_id=script_id,
                                      result=stored, versions=versions)

