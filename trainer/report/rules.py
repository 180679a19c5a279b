"""Rule packs for people: the list of rules and one rule explained (``trainer rules``)."""

from __future__ import annotations

import json
from typing import Any

from trainer.base.vocab import CATEGORIES, SPEAKER_LABELS
from trainer.report.audit import CATEGORY_LABELS, SEVERITY_LABELS
from trainer.zh.display import visible


def rules_text(pack: Any, rule: Any = None) -> str:
    """``rules --format text``: every rule by category, or ``rule`` explained."""
    if rule is not None:
        return visible(_explain(rule, enabled=rule in pack.rules) + "\n")
    lines = [f"规则包：{' + '.join(_line(n) for n in pack.names)}，共 {len(pack.all_rules)} 条规则（启用 {len(pack.rules)} 条）"]
    current = None
    for r in sorted(pack.all_rules, key=lambda r: (_category_order(r.category), r.id)):
        if r.category != current:
            current = r.category
            lines.append(f"\n{CATEGORY_LABELS[current]}（{current}）")
        off = "" if r in pack.rules else "  [已停用]"
        lines.append(f"  {_line(r.id):<11} {r.severity:<8} {_line(r.title)}{off}")
    lines.append("\n查看某条规则的说明、出处和示例：trainer rules 规则编号")
    return visible("".join(line + "\n" for line in lines))


def _line(text: Any) -> str:
    """An id, a name or a title from a rule pack, as one visible line."""
    return visible(str(text), one_line=True)


def rules_json(pack: Any, rule: Any = None) -> str:
    """``rules --format json``: every rule (with ``enabled``), or ``rule`` alone."""
    if rule is not None:
        return json.dumps(rule.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return json.dumps([dict(r.to_dict(), enabled=r in pack.rules) for r in pack.all_rules],
                      ensure_ascii=False, indent=2) + "\n"


def _category_order(category: str) -> int:
    return CATEGORIES.index(category)


def _explain(rule: Any, enabled: bool) -> str:
    from trainer.compliance import example_transcript
    from trainer.compliance.checks import REGISTRY

    checks = {"forbidden": "禁用说法", "altered_term": "规范用语被改动", "required": "必须说到",
              "answer": "被问到时必须回答", "order": "通话顺序/对象", "metadata": "通话信息（时间、次数）"}
    lines = [f"{_line(rule.id)}  {_line(rule.title)}" + ("" if enabled else "  [已停用]"),
             f"类别：{CATEGORY_LABELS[rule.category]}（{rule.category}）",
             f"严重程度：{SEVERITY_LABELS[rule.severity]}",
             f"检查方式：{checks.get(rule.check) or REGISTRY[rule.check].label}",
             f"说明：{rule.message}", "出处："]
    for src in rule.sources:
        lines.append(f"  - {src['text']}" + ("" if src.get("verified") else "（未核对原文）"))
    for kind, label in (("violating", "违规示例"), ("compliant", "合规示例")):
        lines.append(f"{label}：")
        for ex in rule.examples.get(kind, []):
            turns = example_transcript(ex, "x")["turns"]
            names = SPEAKER_LABELS
            lines.append("  - " + " / ".join(
                t["text"] if len(turns) == 1 else f"{names[t['speaker']]}：{t['text']}" for t in turns))
    return "\n".join(lines)
