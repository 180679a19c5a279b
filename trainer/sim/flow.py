"""State machines for script trees — the only module that imports ``transitions``.

One :class:`Flow` (one ``transitions.Machine``) is built per script version,
after validation, and shared by every call of that script.  A call's model is
any plain object with a ``state`` attribute; :meth:`Flow.attach` adds it in the
start stage and :meth:`Flow.detach` removes it (the machine keeps strong
references to its models until then).  The state is just the stage id, so a
session serialises to JSON; machines are never pickled.

Trigger names are namespaced so they can never collide with model attributes:
``r:CODE@stage`` for a debtor response at a stage, ``m:MOVE`` for an agent move,
``e:CODE`` for an event that can happen at any non-terminal stage.
``auto_transitions`` is off: with it on, building costs O(stages²).
"""

from __future__ import annotations

import logging
from typing import Any

from transitions import Machine

from trainer.base.gcutil import paused_gc
from trainer.content.script import Script

logging.getLogger("transitions").setLevel(logging.ERROR)


class Flow:
    """The state machine of one script version."""

    _cache: dict[str, Flow] = {}

    def __init__(self, script: Script) -> None:
        with paused_gc():
            self._build(script)

    def _build(self, script: Script) -> None:
        self.script = script
        states = list(script.stages)
        live = [s.id for s in script.stages.values() if not s.is_terminal]
        transitions: list[dict[str, Any]] = []
        self._triggers: dict[str, list[str]] = {sid: [] for sid in states}
        for stage in script.stages.values():
            for resp in stage.responses:
                if resp.next:
                    name = response_trigger(stage.id, resp.code)
                    transitions.append({"trigger": name, "source": stage.id, "dest": resp.next})
                    self._triggers[stage.id].append(name)
            for move in stage.moves:
                name = move_trigger(move.id)
                transitions.append({"trigger": name, "source": stage.id, "dest": move.next})
                self._triggers[stage.id].append(name)
        for event in script.events:
            if event.next:
                name = event_trigger(event.code)
                transitions.append({"trigger": name, "source": live, "dest": event.next})
                for sid in live:
                    self._triggers[sid].append(name)
        self.machine = Machine(model=None, states=states, transitions=transitions,
                               initial=script.start, auto_transitions=False,
                               ignore_invalid_triggers=False)

    @classmethod
    def for_script(cls, script: Script) -> Flow:
        """The shared flow of this script version (built once per process)."""
        key = script.digest or f"{script.path}:{id(script)}"
        flow = cls._cache.get(key)
        if flow is None:
            flow = cls._cache[key] = cls(script)
        return flow

    def attach(self, model: Any, stage: str | None = None) -> None:
        """Put ``model`` (anything with a ``state`` attribute) into the start stage, or ``stage``."""
        self.machine.add_model(model, initial=stage or self.script.start)

    def detach(self, model: Any) -> None:
        self.machine.remove_model(model)

    def triggers(self, stage_id: str) -> list[str]:
        """Triggers available at a stage (precomputed)."""
        return list(self._triggers[stage_id])

    def _fire(self, model: Any, name: str) -> bool:
        if name not in self._triggers.get(model.state, ()):
            return False
        return bool(self.machine.events[name].trigger(model))

    def respond(self, model: Any, stage_id: str, code: str) -> bool:
        """The debtor answered ``code`` at ``stage_id``: move on if the script says so."""
        return self._fire(model, response_trigger(stage_id, code))

    def move(self, model: Any, move_id: str) -> bool:
        return self._fire(model, move_trigger(move_id))

    def jump(self, model: Any, stage_id: str) -> None:
        """Put ``model`` in ``stage_id`` directly (a result agreed earlier, taken when the agent closes)."""
        self.machine.set_state(stage_id, model=model)

    def event(self, model: Any, code: str) -> bool:
        return self._fire(model, event_trigger(code))


def response_trigger(stage_id: str, code: str) -> str:
    return f"r:{code}@{stage_id}"


def move_trigger(move_id: str) -> str:
    return f"m:{move_id}"


def event_trigger(code: str) -> str:
    return f"e:{code}"
