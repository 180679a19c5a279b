"""Every rule's own examples as tests: violating ones must be flagged by the rule,
compliant ones must not be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.base.vocab import SPEAKER_LABELS

from .pack import example_transcript
from .rulepack import RulePack


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    kind: str  # violating | compliant
    index: int
    example: Any
    ok: bool
    findings: tuple[dict[str, Any], ...]

    @property
    def text(self) -> str:
        turns = example_transcript(self.example, "x")["turns"]
        labels = SPEAKER_LABELS
        if len(turns) == 1 and turns[0]["speaker"] == "agent":
            return turns[0]["text"]
        return " / ".join(f"{labels[t['speaker']]}：{t['text']}" for t in turns)


def run_examples(pack: RulePack, only: str | None = None) -> list[ExampleResult]:
    """Audit every example of every enabled rule (or of rule ``only``).  The examples test the
    rules: the model's second opinion (:mod:`.second_opinion`) is not asked."""
    pack = pack.without_second_opinion()
    results = []
    for rule in pack.rules:
        if only and rule.id != only:
            continue
        for kind in ("violating", "compliant"):
            for i, example in enumerate(rule.examples.get(kind, [])):
                transcript = example_transcript(example, f"{rule.id}:{kind}:{i + 1}")
                # a rule folded into another finding of the same breach (``also``) was flagged too
                mine = tuple(f for f in pack.audit(transcript)
                             if f["rule"] == rule.id or any(a["rule"] == rule.id for a in f.get("also", ())))
                ok = bool(mine) if kind == "violating" else not mine
                results.append(ExampleResult(rule.id, kind, i + 1, example, ok, mine))
    return results
