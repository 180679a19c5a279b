"""``metadata``: facts of the call, not its words — ``calling_hours`` (``meta.started_at`` in
``meta.timezone`` inside the quiet hours) or ``attempts`` (``meta.attempts_today`` above
``settings.max_attempts_per_day``).  A call-level finding."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from ..calltime import outside_hours
from .base import CheckType

if TYPE_CHECKING:
    from ..pack import Rule
    from ..state import CallState


class Metadata(CheckType):
    name = "metadata"
    label = "通话信息（时间、次数）"
    needs = ("metadata",)
    schema: ClassVar[dict[str, Any]] = {
        "metadata": {"enum": ["calling_hours", "attempts"], "description": "metadata：检查哪一项"}}

    def settle(self, rule: Rule, settings: dict[str, Any]) -> Rule:
        """The message names the pack's quiet hours: ``{quiet_start}``, ``{quiet_end}``, ``{max_attempts}``."""
        quiet = settings.get("quiet_hours") or {"start": "22:00", "end": "08:00"}
        values = {"quiet_start": quiet.get("start", "22:00"), "quiet_end": quiet.get("end", "08:00"),
                  "max_attempts": settings.get("max_attempts_per_day", 6)}
        message = rule.message
        for key, value in values.items():
            message = message.replace("{" + key + "}", str(value))
        return replace(rule, message=message) if message != rule.message else rule

    def missed(self, rule: Rule, seen: list[bool] | None, state: CallState, meta: dict[str, Any],
               settings: Any) -> bool:
        if rule.metadata == "calling_hours":
            return outside_hours(meta, settings.zone, settings.quiet)
        if rule.metadata == "attempts":
            attempts = meta.get("attempts_today")
            return isinstance(attempts, int) and not isinstance(attempts, bool) and attempts > settings.attempt_cap
        return False
