"""What is drawn: pure formatters that turn a case card, a turn, a compliance warning,
the moods, a scorecard or a recital into lines of ``(style, text)`` fragments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.base.vocab import (
    CATEGORY_LABELS,
    MOOD_LEVELS,
    MOODS,
    OUTCOMES,
    PERSONAS,
    SEVERITY_LABELS,
    SPEAKER_LABELS,
)
from trainer.console.text import Frag, Lines, display_width, money, pad

DIFFICULTY = {1: "入门", 2: "进阶", 3: "困难"}

# Style classes (prompt_toolkit style rules; colours are dropped with NO_COLOR).
STYLE_RULES = {
    "agent": "ansicyan", "agent.label": "ansicyan bold",
    "debtor": "ansiyellow", "debtor.label": "ansiyellow bold",
    "third_party": "ansimagenta", "third_party.label": "ansimagenta bold",
    "system": "ansibrightblack", "title": "bold", "label": "bold",
    "warn": "ansired bold", "offending": "ansired reverse underline",
    "ok": "ansigreen bold", "fail": "ansired bold", "hint": "ansigreen",
    "missing": "ansired underline", "extra": "ansiyellow strike", "wrong": "ansimagenta underline",
    "prompt": "bold", "bottom-toolbar": "reverse", "toolbar.key": "bold",
}
SPEAKERS, MOOD_STATES, MOOD_LABELS = SPEAKER_LABELS, MOOD_LEVELS, MOODS

ACCOUNT_LABELS = {
    "name": "客户", "card_tail": "卡号末四位", "balance": "欠款总额", "min_due": "最低还款额",
    "days_overdue": "逾期天数", "due_date": "到期还款日", "call_time": "通话时间",
}


def persona_hint(scenario: Any) -> str:
    """What the trainee is told about the other end: more at easy levels, nothing at hard ones
    (the persona's ``hint`` in ``trainer/data/personas.yaml``)."""
    level = int(getattr(scenario, "difficulty", 2) or 2)
    if level >= 3:
        return "对方的情况不明：先核实身份，边听边判断。"
    from trainer.content.personas import book

    persona = getattr(scenario, "persona", "")
    hint = book().hint(persona)
    if level <= 1:
        return f"对方类型：{PERSONAS.get(persona, persona)}。{hint or ''}".strip()
    return hint or "对方的情况要靠你在通话中了解。"


def _account_rows(account: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in ACCOUNT_LABELS.items():
        if key not in account or account[key] in (None, ""):
            continue
        value = account[key]
        if key == "name":
            value = f"{value}{account.get('honorific', '')}"
        elif key in ("balance", "min_due"):
            value = money(value)
        elif key == "days_overdue":
            value = f"{value} 天"
        elif key == "call_time":
            value = str(value).replace("T", " ")[:16]
        rows.append((label, str(value)))
    for promise in account.get("previous_promises") or ():
        paid = promise.get("paid")
        rows.append(("上次承诺", f"{promise.get('date', '')} 还 {money(promise.get('amount', ''))}"
                     + (f"，实还 {money(paid)}" if paid is not None else "")))
    return rows


def caller_rows(account: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the trainee must say about themselves (the case screen's ``caller``)."""
    caller = account.get("caller") or {}
    if not caller:
        return []
    return [("你的身份", f"{caller.get('bank', '')}信用卡中心{caller.get('department', '司法调查组')}"),
            ("你的姓", f"{caller.get('surname', '')}（开场说「我姓{caller.get('surname', '')}」）"),
            ("你的工号", str(caller.get("staff_id", ""))),
            ("回拨热线", f"{caller.get('callback_number', '')}（官方客服热线，客户核实用）")]


@dataclass(frozen=True)
class Card:
    """What the case card shows: read from a loaded scenario, or peeked from its file."""

    id: str
    title: str
    difficulty: int
    persona: str
    pass_mark: int
    success_outcomes: tuple[str, ...]
    summary: str
    account: Mapping[str, Any]
    path: str = ""
    bundled: bool = True

    @classmethod
    def of(cls, scenario: Any) -> Card:
        if isinstance(scenario, Card):
            return scenario
        account = scenario.case_screen() if hasattr(scenario, "case_screen") else dict(scenario.account)
        return cls(scenario.id, scenario.title, int(scenario.difficulty), scenario.persona,
                   int(scenario.pass_mark), tuple(scenario.success_outcomes), scenario.summary or "", account)

    def for_trainee(self, name: str | None) -> Card:
        """The card with the trainee's own surname (see ``Scenario.for_trainee``)."""
        from dataclasses import replace

        from trainer.content.scenario import trainee_surname

        surname = trainee_surname(name)
        if not surname or not self.account.get("caller"):
            return self
        account = dict(self.account)
        account["caller"] = {**account["caller"], "surname": surname}
        return replace(self, account=account)


def _bundled_dir() -> Path:
    from trainer.content.bundled import bundled_dir

    return bundled_dir("scenarios")


def peek_card(ref: str | Path, bundled: bool | None = None) -> Card | None:
    """The case card straight from a scenario file, before it and its script are fully checked.

    Only ``yaml`` is imported; the full load (:func:`trainer.content.scenario.load_scenario`) runs in
    the background while the card is on screen.  None when the file cannot be peeked: the
    full load then reports why.
    """
    from trainer.base.errors import TrainerError
    from trainer.base.yamlio import load_document

    path = Path(ref)
    if path.suffix not in (".yaml", ".yml") and not path.exists():
        candidates = [_bundled_dir() / f"{ref}.yaml", Path("scenarios") / f"{ref}.yaml",
                      Path("scenarios") / f"{ref}.yml"]
        path = next((c for c in candidates if c.is_file()), path)
    if not path.is_file():
        return None
    if bundled is None:
        bundled = path.resolve().parent == _bundled_dir().resolve()
    try:
        d = load_document(path).data
        call_time = str((d.get("call") or {}).get("time", ""))
        account = dict(d["account"])
        account["call_time"] = call_time
        from trainer.content.scenario import caller_facts

        account["caller"] = caller_facts(d)
        return Card(str(d["id"]), str(d["title"]), int(d["difficulty"]), str(d["persona"]),
                    int(d["pass_mark"]), tuple(str(o) for o in d["success"]), str(d.get("summary") or ""),
                    account, str(path), bundled)
    except (TrainerError, KeyError, TypeError, ValueError, AttributeError):
        return None


def case_card(scenario: Any, mode: str = "practice") -> Lines:
    """The case screen before dialling: account facts, what success means, a persona hint."""
    card = Card.of(scenario)
    level = card.difficulty
    stars = "★" * level + "☆" * max(0, 3 - level)
    lines: Lines = [[("class:title", f"案件卡 · {card.title}")],
                    [("class:system", f"场景 {card.id}　难度 {stars}（{DIFFICULTY.get(level, level)}）"
                      + ("　考试模式：无提示、无补全" if mode == "exam" else ""))]]
    rows = _account_rows(card.account) + caller_rows(card.account)
    width = max((display_width(label) for label, _ in rows), default=4) + 2
    for label, value in rows:
        lines.append([("class:label", pad(label, width)), ("", value)])
    success = "、".join(f"「{OUTCOMES.get(o, o)}」" for o in card.success_outcomes)
    lines.append([("class:label", "成功标准　"),
                  ("", f"以{success}结束，总分不低于 {card.pass_mark}，且没有严重违规。")])
    lines.append([("class:label", "对方情况　"), ("", persona_hint(card))])
    if card.summary and level <= 1:
        lines.append([("class:system", card.summary)])
    return lines


def scenario_menu(scenarios: Sequence[Any]) -> Lines:
    lines: Lines = [[("class:title", "选择练习场景")]]
    id_width = max((display_width(s.id) for s in scenarios), default=10) + 2
    for i, s in enumerate(scenarios, 1):
        level = int(getattr(s, "difficulty", 2) or 2)
        source = "" if getattr(s, "bundled", True) else "（本地）"
        lines.append([("class:label", f"{i:>2}. "), ("", pad(s.id, id_width)),
                      ("class:warn" if level >= 3 else "", "★" * level + "☆" * max(0, 3 - level)),
                      ("", f"  {s.title}{source}")])
    return lines


def turn_line(turn: Mapping[str, Any]) -> list[Frag]:
    speaker = turn.get("speaker", "debtor")
    return [(f"class:{speaker}.label", f"{SPEAKERS.get(speaker, speaker)}："),
            (f"class:{speaker}", str(turn.get("text", "")))]


def _spans(findings: Iterable[Mapping[str, Any]], length: int) -> list[tuple[int, int]]:
    spans = sorted((max(0, int(f["start"])), min(length, int(f["end"])))
                   for f in findings if f.get("start") is not None and f.get("end") is not None)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def agent_line(text: str, findings: Sequence[Mapping[str, Any]]) -> Lines:
    """The agent's line, offending words marked, and under it one warning per rule."""
    line: list[Frag] = [("class:agent.label", "坐席：")]
    pos = 0
    for start, end in _spans(findings, len(text)):
        if start > pos:
            line.append(("class:agent", text[pos:start]))
        line.append(("class:offending", text[start:end]))
        pos = end
    if pos < len(text):
        line.append(("class:agent", text[pos:]))
    lines: Lines = [line]
    seen: set[str] = set()
    for f in findings:
        rule = str(f.get("rule", ""))
        if rule in seen:
            continue
        seen.add(rule)
        severity = SEVERITY_LABELS.get(f.get("severity", ""), "")
        excerpt = f.get("excerpt")
        lines.append([("class:warn", f"  ⚠ 合规警告（{severity}）{rule}："),
                      ("class:warn", str(f.get("message", ""))),
                      ("class:system", f"「{excerpt}」" if excerpt else "")])
        also = [a for a in f.get("also") or () if isinstance(a, Mapping)]
        if also:  # the same breach's other rules (one finding per breach)
            lines.append([("class:system", "    同时涉及：" + "；".join(
                f"{a.get('rule', '')} {a.get('title') or ''}（{CATEGORY_LABELS.get(str(a.get('category')), '')}）"
                for a in also))])
    if findings:
        lines.append([("class:system", "    这句话已经说出口，仍计入通话和成绩。")])
    return lines


def mood_summary(mood: Mapping[str, Any]) -> str:
    state = mood.get("state")
    return MOOD_STATES.get(str(state), str(state)) if state else "—"


def mood_lines(mood: Mapping[str, Any]) -> Lines:
    lines: Lines = [[("class:label", "对方情绪："), ("", mood_summary(mood))]]
    for key, label in MOOD_LABELS.items():
        if key in mood:
            lines.append([("", f"  {pad(label, 10)}{mood[key]}")])
    return lines


def scorecard_lines(result: Mapping[str, Any], scenario: Any = None) -> Lines:
    """The scorecard: total and pass/fail, the parts, each deduction with its turn and the better line."""
    from trainer.report.scorecard import view

    v = view(result, scenario)
    lines: Lines = [[("class:title", "━━━━━━━━ 成绩单 ━━━━━━━━")]]
    verdict = ("class:ok", "✔ 通过") if v["passed"] else ("class:fail", f"✘ {v['gate']}")
    lines.append([("class:label", "结果："), ("", f"{v['outcome_label']}　"), verdict])
    lines.append([("class:label", "总分："), ("class:title", str(v["total"])),
                  ("", f" / 100（及格线 {v['pass_mark']}）")])
    name_width = max(display_width(p["name"]) for p in v["parts"]) + 2
    for p in v["parts"]:
        style = "class:fail" if p["value"] < 60 else ""
        lines.append([("", "  " + pad(p["name"], name_width)), (style, f"{p['value']:>3}"),
                      ("class:system", f"　权重 {p['weight']}%")])
    promise = v.get("promise")
    if promise:
        lines.append([("class:label", "还款承诺："),
                      ("", f"{promise['amount']}，{promise['date']}，{promise['channel']}；"
                           f"{'已复述' if promise['recapped'] else '未复述'}，"
                           f"{'客户已确认' if promise['confirmed'] else '客户未确认'}")])
    if v["deductions"]:
        lines.append([("class:label", "扣分明细：")])
        shown_line = None
        for d in v["deductions"]:
            where = f"第 {d['n']} 句" if d.get("n") else "整通电话"
            stage = f"（{d['stage_title']}）" if d.get("stage_title") else ""
            lines.append([("", f"  {where}{stage}　{d['part_label']} "), ("class:fail", str(d["points"])),
                          ("", f"：{d['reason']}")])
            if d.get("line") and d["line"] != shown_line:
                lines.append([("class:hint", f"      更好的说法：{d['line']}")])
            shown_line = d.get("line")
    else:
        lines.append([("class:ok", "没有扣分。")])
    return lines


def recital_card(recital: Any, show_target: bool) -> Lines:
    lines: Lines = [[("class:title", f"背诵 · {recital.line_id}（脚本 {recital.script_id}）")]]
    for label, value in _account_rows(recital.account):
        lines.append([("class:label", pad(label, 12)), ("", value)])
    facts = recital.facts
    lines.append([("class:label", pad("银行", 12)), ("", str(facts.get("bank", "")))])
    lines.append([("class:label", pad("你的姓", 12)), ("", str(facts.get("agent_surname", "")))])
    need = "、".join(e.label for e in recital.elements)
    if need:
        lines.append([("class:label", "必须包含　"), ("", need)])
    if show_target:
        lines.append([("class:label", "原文　　　"), ("", recital.target)])
    lines.append([("class:system", "凭记忆输入整句话，回车提交（可粘贴多行）。")])
    return lines


def recital_lines(result: Any) -> Lines:
    """The diff (missing, extra, wrong characters marked), accuracy and required elements."""
    from trainer.sim.recite import EQUAL, EXTRA, MISSING, PASS_ACCURACY, PUNCT, WRONG

    diff: list[Frag] = [("class:label", "对照：")]
    for kind, expected, got in result.runs():
        if kind in (EQUAL, PUNCT):
            diff.append(("", expected))
        elif kind == MISSING:
            diff.append(("class:missing", f"[-{expected}-]"))
        elif kind == EXTRA:
            diff.append(("class:extra", f"{{+{got}+}}"))
        elif kind == WRONG:
            diff.append(("class:wrong", f"<{expected}/{got}>"))
    lines: Lines = [diff, [("class:system", "      图例：[-漏说-]　{+多说+}　<应为/说成>")]]
    counts = f"漏 {result.count(MISSING)} 字，多 {result.count(EXTRA)} 字，错 {result.count(WRONG)} 字"
    lines.append([("class:label", "准确率："), ("class:title", f"{result.percent}%"),
                  ("", f"（{counts}；及格 {int(PASS_ACCURACY * 100)}%）")])
    for element, present in result.elements:
        mark = ("class:ok", "  ✔ ") if present else ("class:fail", "  ✘ ")
        lines.append([mark, ("", f"{element.label}「{element.text}」" + ("" if present else "：缺少或说错"))])
    if result.passed:
        lines.append([("class:ok", "✔ 通过")])
    else:
        why = []
        if result.accuracy < PASS_ACCURACY - 1e-9:
            why.append(f"准确率不到 {int(PASS_ACCURACY * 100)}%")
        if result.missing_elements:
            why.append("缺少必备要素：" + "、".join(e.label for e in result.missing_elements))
        lines.append([("class:fail", "✘ 未通过：" + "；".join(why))])
    return lines
