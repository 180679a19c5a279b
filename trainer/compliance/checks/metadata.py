"""``metadata``: facts of the call, not its words — ``calling_hours`` (``meta.started_at`` in
``meta.timezone`` inside the quiet hours) or ``attempts`` (``meta.attempts_today`` above
``settings.max_attempts_per_day``).  A call-level finding.

A ``calling_hours`` rule may name ``require:`` groups: words by which the agent, in its first
``within`` turns, records that the customer chose this hour (「您上回说上夜班，让我晚上十点以后再打，
我就按您说的时间打过来了」).  A call at an hour the customer asked for is no breach of the quiet
hours (the guideline's 「经债务人同意的除外」); five authors of round 10's material wrote such calls
as clean.  Without ``require`` the hours are judged on the metadata alone."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from ..calltime import outside_hours
from .base import CheckType, Group, Said

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

    def groups(self, rule: Rule) -> tuple[Group, ...]:
        return rule.require

    def watches(self, rule: Rule, settings: dict[str, Any]) -> int:
        return (rule.within or settings.get("identify_within", 3)) if rule.require else 0

    def said_early(self, rule: Rule, seen: list[bool], said: Said) -> None:
        self.mark_required_said(rule, seen, said)

    def missed(self, rule: Rule, seen: list[bool] | None, state: CallState, meta: dict[str, Any],
               settings: Any) -> bool:
        if rule.metadata == "calling_hours":
            chosen = bool(seen) and any(seen)  # the customer's own hour, recorded in the opening
            return not chosen and outside_hours(meta, settings.zone, settings.quiet)
        if rule.metadata == "attempts":
            attempts = meta.get("attempts_today")
            return isinstance(attempts, int) and not isinstance(attempts, bool) and attempts > settings.attempt_cap
        return False
