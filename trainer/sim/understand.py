"""Understanding free trainee text: collector acts, key points, and a promise to pay.

Deterministic and explainable.  :func:`understand` takes one agent line and
returns an :class:`Understanding`: the collector acts it contains (each with the
words that made it match), the key points of the current stage it covers (from
the script's own matchers), and any money amounts, dates and payment channel
it mentions — the pieces of a promise to pay.  :meth:`Understanding.explain`
says in Chinese why the line was understood the way it was (``/why``).

The act lexicon is data: ``trainer/data/understand.yaml``.  Text is compared
after :func:`trainer.zh.text.fold` (simplified, half-width, lower-case, spaces
removed), so ``３，２００元`` and ``3200元`` read the same.

Dates (下周五, 3月5日, 五号, 月底, 发工资那天, 三天内 …) are resolved against the
call's local date; amounts (3200元, 三千二, 3,200.00, 1.5万, 最低还款额, 全部)
against the account's facts.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

from trainer.base.vocab import ACTS
from trainer.base.yamlio import load_document
from trainer.content.script import Stage
from trainer.zh.display import money
from trainer.zh.text import fold

# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A sum of money found in a line (yuan); ``text`` is the words that said it."""

    value: float
    text: str
    start: int
    pay_context: bool = False   # said right after 还/存/付…: the sum someone will pay
    named: bool = False         # 最低还款额 / 全部: a sum named by what it is, not by figures


@dataclass(frozen=True)
class DateMention:
    """A date found in a line; ``value`` is None when it cannot be pinned down (e.g. no payday known)."""

    value: date | None
    text: str
    start: int


@dataclass(frozen=True)
class Understanding:
    """What one agent line was understood to say."""

    text: str
    folded: str
    acts: tuple[str, ...]
    evidence: Mapping[str, str]                  # act -> the words that made it match
    key_points: tuple[str, ...] = ()             # ids of the current stage's key points covered
    key_point_evidence: Mapping[str, str] = field(default_factory=dict)
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateMention, ...] = ()
    channel: str | None = None
    channel_text: str | None = None
    tone: tuple[tuple[str, str], ...] = ()      # (kind, the words) — contempt, sarcasm, pressure, courtesy

    def has(self, *acts: str) -> bool:
        return any(a in self.acts for a in acts)

    @property
    def promise_amount(self) -> Amount | None:
        """The sum the line proposes or confirms paying, if any."""
        return pick_promise_amount(self.amounts)

    @property
    def promise_date(self) -> DateMention | None:
        dated = [d for d in self.dates if d.value is not None]
        named = [d for d in dated if d.text != "现在"]
        if named and len(named) < len(dated):
            dated = named       # 「能不能定在3月10日？离现在一个多星期」: the day named, not 「现在」
        if len(dated) >= 2 and dated[-2].start + len(dated[-2].text) == dated[-1].start and \
                dated[-2].text[-1] in "日号" and dated[-1].text in ("发工资", "发薪", "开工资"):
            return dated[-2]    # 「3月10日发工资的当天」: the day named, which the payday words describe
        return dated[-1] if dated else (self.dates[-1] if self.dates else None)

    def explain(self, stage: Stage | None = None) -> str:
        """Chinese text: which acts, key points and promise details were recognised, and why."""
        parts: list[str] = []
        if self.acts:
            parts.append("识别出的动作：" + "；".join(
                f"{ACTS[a]}（「{self.evidence[a]}」）" for a in self.acts))
        else:
            parts.append("没有识别出任何催收动作。")
        if stage is not None and stage.key_points:
            lines = []
            for kp in stage.key_points:
                if kp.id in self.key_point_evidence:
                    lines.append(f"  ✓ {kp.title}：命中{self.key_point_evidence[kp.id]}")
                else:
                    lines.append(f"  ✗ {kp.title}" + (f"（提示：{kp.hint}）" if kp.hint else ""))
            parts.append(f"本阶段「{stage.title}」的要点：\n" + "\n".join(lines))
        promise = []
        if self.promise_amount:
            a = self.promise_amount
            promise.append(f"金额 {money(a.value)}（「{a.text}」）")
        if self.promise_date:
            d = self.promise_date
            when = d.value.isoformat() if d.value else "日期无法确定"
            promise.append(f"日期 {when}（「{d.text}」）")
        if self.channel:
            promise.append(f"渠道 {self.channel}（「{self.channel_text}」）")
        if promise:
            parts.append("还款要素：" + "，".join(promise))
        return "\n".join(parts)


# ---------------------------------------------------------------------------
# The lexicon
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActRule:
    act: str
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool
    contact: str | None
    lawful: re.Pattern[str] | None = None  # a hit in a sentence naming the lawful route is no act


@dataclass(frozen=True)
class _Lexicon:
    rules: tuple[_ActRule, ...]
    negation: re.Pattern[str]
    channels: tuple[tuple[str, str], ...]       # (word, channel), longest words first
    channel_re: re.Pattern[str]
    tone: tuple[tuple[str, re.Pattern[str]], ...] = ()   # (kind, any of its phrases)
    stand_down: re.Pattern[str] | None = None   # 「今天不跟您谈还款」: no payment ask in those words


@functools.lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The act lexicon, loaded once from ``trainer/data/understand.yaml``."""
    source = resources.files("trainer").joinpath("data", "understand.yaml")
    doc = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/understand.yaml")
    data = doc.data
    rules = []
    for act, spec in data["acts"].items():
        if act not in ACTS:  # pragma: no cover - guarded by tests
            raise ValueError(f"understand.yaml: unknown act {act}")
        lawful = spec.get("not_in_sentence_with")
        rules.append(_ActRule(act, tuple(re.compile(p) for p in spec["regex"]),
                              bool(spec.get("negatable")), spec.get("contact"),
                              re.compile("|".join(lawful)) if lawful else None))
    negs = sorted((fold(w) for w in data["negations"]), key=len, reverse=True)
    negation = re.compile("(?:" + "|".join(map(re.escape, negs)) + r")\W{0,1}$")
    channels = sorted(((fold(w), name) for name, words in data["channels"].items() for w in words),
                      key=lambda p: len(p[0]), reverse=True)
    channel_re = re.compile("|".join(re.escape(w) for w, _ in channels))
    tone = tuple((kind, re.compile("|".join(f"(?:{p})" for p in pats)))
                 for kind, pats in (data.get("tone") or {}).items())
    downs = data.get("stand_down") or ()
    stand_down = re.compile("|".join(f"(?:{p})" for p in downs)) if downs else None
    return _Lexicon(tuple(rules), negation, tuple(channels), channel_re, tone, stand_down)


def tone_of(folded: str) -> tuple[tuple[str, str], ...]:
    """The tone of a folded line: (kind, the words that show it) for each kind found."""
    found = []
    for kind, pattern in lexicon().tone:
        m = pattern.search(folded)
        if m:
            found.append((kind, m.group(0)))
    return tuple(found)


# ---------------------------------------------------------------------------
# Understanding a line
# ---------------------------------------------------------------------------


def understand(text: str, *, stage: Stage | None = None, contact: str = "debtor",
               facts: Mapping[str, Any] | None = None, today: date | None = None,
               payday: int | None = None) -> Understanding:
    """Understand one agent line.

    ``stage`` supplies the key points to look for; ``contact`` (``debtor`` or
    ``third_party``) decides whether talk of the debt is a disclosure;
    ``facts`` (the scenario's) turn 最低还款额/全部 into sums; ``today`` and
    ``payday`` (day of the month) resolve relative dates.
    """
    lex = lexicon()
    folded = fold(text)
    acts: list[str] = []
    evidence: dict[str, str] = {}
    # 「今天就不跟您谈还款了」 stands the money talk down: its words ask for nothing
    acted = lex.stand_down.sub(lambda m: "，" * len(m.group(0)), folded) if lex.stand_down else folded
    for rule in lex.rules:
        if rule.contact and rule.contact != contact:
            continue
        hit = _first_hit(rule, acted if rule.act in _STOOD_DOWN else folded, lex.negation)
        if hit is not None:
            acts.append(rule.act)
            evidence[rule.act] = hit
    amounts = tuple(find_amounts(folded, facts or {}))
    dates = tuple(find_dates(folded, today or date(2026, 3, 2), payday))
    channel = channel_text = None
    m = lex.channel_re.search(folded)
    if m:
        channel_text = m.group(0)
        channel = dict(lex.channels)[channel_text]
    if any(not a.named for a in amounts) and "state_amount" not in acts and re.search(
            "欠|应还|账单|金额|余额|总额|共计|逾期|最低还款|本金", folded):
        acts.append("state_amount")
        evidence["state_amount"] = next(a.text for a in amounts if not a.named)
    kps: list[str] = []
    kp_ev: dict[str, str] = {}
    if stage is not None:
        for kp in stage.key_points:
            why = kp.matcher.explain(folded)
            if why is not None:
                kps.append(kp.id)
                kp_ev[kp.id] = why
    order = {a: i for i, a in enumerate(ACTS)}
    acts.sort(key=order.__getitem__)
    return Understanding(text, folded, tuple(acts), evidence, tuple(kps), kp_ev, amounts, dates,
                         channel, channel_text, tone_of(folded))


# the acts a stand-down (「今天不谈还款」) takes back; its other words (别着急, 身体要紧) still count
_STOOD_DOWN = frozenset({"request_payment", "ask_date", "offer_minimum", "offer_plan"})


_SENTENCE_END = re.compile("[。！？!?；;]")


def _sentence_of(folded: str, start: int, end: int) -> str:
    """The sentence of ``folded`` holding the span ``start``–``end``."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(folded, 0, start)), default=0)
    after = _SENTENCE_END.search(folded, end)
    return folded[begin:after.start() if after else len(folded)]


def _first_hit(rule: _ActRule, folded: str, negation: re.Pattern[str]) -> str | None:
    for pattern in rule.patterns:
        for m in pattern.finditer(folded):
            if rule.negatable and negation.search(folded[max(0, m.start() - 6):m.start()]):
                continue
            if rule.lawful is not None and rule.lawful.search(_sentence_of(folded, m.start(), m.end())):
                continue
            return m.group(0) or folded[m.start():m.start() + 2]
    return None


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUM = "[零〇一二两三四五六七八九十百千万]+"


def cn_number(text: str) -> int | None:
    """Chinese numerals to int, with spoken abbreviations: 三千二 = 3200, 一万二 = 12000, 十五 = 15."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total = section = 0
    digit: int | None = None
    last_unit = 1
    zero = False
    for ch in text:
        if ch in _CN_DIGITS:
            if _CN_DIGITS[ch] == 0:
                zero = True
            else:
                digit = _CN_DIGITS[ch]
            continue
        unit = _CN_UNITS[ch]
        if unit == 10000:
            total += (section + (digit or 0) or 1) * 10000
            section = 0
        else:
            section += (digit if digit is not None else 1) * unit
        digit, last_unit, zero = None, unit, False
    if digit is not None:
        # a trailing digit right after a unit is the next place down: 三千二 = 3200, 一万二 = 12000
        section += digit * (last_unit // 10) if last_unit >= 100 and not zero else digit
    return total + section


def _num(text: str) -> float | None:
    text = text.replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        value = cn_number(text)
        return float(value) if value is not None else None


_MONEY_UNIT = r"(?:元|块钱|块|rmb|人民币)"
_NOT_MONEY_AFTER = ("天", "号", "日", "月", "年", "期", "个", "点", "次", "周", "岁", "分钟", "小时", "位",
                    "%", "倍", "星期", "礼拜", "条", "项")
_PUT_BEFORE = re.compile(r"(?:把|将)$")       # 「先把3520还上」: a bare number that is the sum to pay
_PAID_AFTER = re.compile(r"^(?:还上|还清|还掉|还进)")
_PAY_BEFORE = re.compile(r"(?:还|还上|存|存入|转|转入|付|交|凑|准备|先还|再还|还款)(?:了|上|个|够|出)?$")
_SKIP_BEFORE = re.compile(r"(?:尾号|工号|卡号|号码|电话|编号|末四位|后四位|身份证)\D{0,3}$|第$")   # 「第六百七十五条」
_AMOUNT_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + _CN_NUM + r")"
    r"(?P<mult>[千万kw](?![元块]?[零〇一二两三四五六七八九]))?(?P<unit>" + _MONEY_UNIT + r")?")


def find_amounts(folded: str, facts: Mapping[str, Any]) -> list[Amount]:
    """Sums of money in a folded line, in order of appearance."""
    out: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for m in _AMOUNT_RE.finditer(folded):
        num, mult, unit = m.group("num"), m.group("mult"), m.group("unit")
        start, end = m.span()
        before = folded[max(0, start - 8):start]
        after = folded[end:end + 2]
        if _SKIP_BEFORE.search(before) or after.startswith("分之"):
            continue        # a number, or a rate (「万分之五」「百分之十」), not a sum
        if any(after.startswith(w) for w in _NOT_MONEY_AFTER) and not unit:
            continue
        is_cn = not num[0].isdigit()
        value = _num(num)
        if value is None or value <= 0:
            continue
        if mult:
            value *= {"千": 1000, "k": 1000, "万": 10000, "w": 10000}[mult]
        formatted = "," in num or "，" in num or "." in num
        pay = bool(_PAY_BEFORE.search(before)) or bool(_PUT_BEFORE.search(before) and _PAID_AFTER.search(after))
        if is_cn:
            ok = bool(unit) or bool(mult) or any(u in num for u in "百千万") or (pay and value >= 10)
        else:
            ok = bool(unit) or bool(mult) or formatted or (pay and value >= 10)
        if not ok:
            continue
        out.append(Amount(round(value, 2), m.group(0), start, pay))
        taken.append((start, end))
    for word, key in (("最低还款额", "min_due"), ("最低还款", "min_due"), ("最低额", "min_due"),
                      ("全部欠款", "balance"), ("全额", "balance"), ("全部还清", "balance"),
                      ("一次性还清", "balance"), ("结清", "balance")):
        idx = folded.find(word)
        if idx < 0 or key not in facts:
            continue
        # 「最低还款额1258元」 names the sum already found right after it
        if any(s - (idx + len(word)) in range(0, 3) for s, _ in taken):
            continue
        if any(idx <= s < idx + len(word) for s, _ in taken):
            continue
        before = folded[max(0, idx - 8):idx]
        out.append(Amount(float(facts[key]), word, idx, bool(_PAY_BEFORE.search(before)) or
                          key == "min_due" or word.endswith("还清"), named=True))
        taken.append((idx, idx + len(word)))
        if key == "min_due":
            break
    out.sort(key=lambda a: a.start)
    return out


def pick_promise_amount(amounts: Iterable[Amount]) -> Amount | None:
    """The sum someone is to pay: the first said after 还/存/付…, else the last one."""
    amounts = list(amounts)
    for a in amounts:
        if a.pay_context:
            return a
    return amounts[-1] if amounts else None


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_DN = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(20\d\d)[-/年.](\d{1,2})[-/月.](\d{1,2})[日号]?"), "ymd"),
    (re.compile(_DN + r"月" + _DN + r"[日号]?"), "md"),
    (re.compile(r"下(?:个)?月" + _DN + r"[日号]"), "next_month_day"),
    (re.compile(r"(下(?:个)?月|这个月|本月|月)(底|末)"), "month_end"),
    (re.compile(r"(下(?:个)?月)(初)"), "month_start"),
    (re.compile(r"(下下|下|这|本|这个|下个)?(?:周|星期|礼拜)([一二三四五六日天末1-7])"), "weekday"),
    (re.compile(r"大后天"), "+3"),
    (re.compile(r"后天"), "+2"),
    (re.compile(r"明天|明日"), "+1"),
    # 「那今天就先这样」「今天先聊到这儿」 close the call: no day to pay on
    (re.compile(r"(?:今天|今日|今晚)(?!就?先?(?:这样|到这|聊到|说到|谈到))|马上|现在"), "+0"),
    (re.compile(_DN + r"(?:天|日)(?:内|之内|以内|后|以后|之后)"), "in_days"),
    (re.compile(r"(?:发工资|发薪|工资到账|工资下来|开工资)"), "payday"),
    (re.compile(r"(?<![\d月])" + _DN + r"(?:号|日)(?!内|之内|以内|后)"), "day"),
]


def find_dates(folded: str, today: date, payday: int | None = None) -> list[DateMention]:
    """Dates in a folded line, resolved against ``today`` (the call's local date)."""
    out: list[DateMention] = []
    covered: list[tuple[int, int]] = []
    for pattern, kind in _DATE_RULES:
        for m in pattern.finditer(folded):
            s, e = m.span()
            if any(s < ce and cs < e for cs, ce in covered):
                continue
            value = _resolve(kind, m, today, payday)
            if value is _SKIP:
                continue
            covered.append((s, e))
            out.append(DateMention(value, m.group(0), s))  # type: ignore[arg-type]
    out.sort(key=lambda d: d.start)
    return out


_SKIP = object()


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return cn_number(text)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_month(d: date, n: int = 1) -> tuple[int, int]:
    month = d.month - 1 + n
    return d.year + month // 12, month % 12 + 1


def _resolve(kind: str, m: re.Match[str], today: date, payday: int | None) -> object:
    if kind == "ymd":
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))) or _SKIP
    if kind == "md":
        month, day = _int(m.group(1)), _int(m.group(2))
        if month is None or day is None or not 1 <= month <= 12:
            return _SKIP
        value = _safe(today.year, month, day)
        if value is None:
            return _SKIP
        return value if value >= today - timedelta(days=31) else _safe(today.year + 1, month, day)
    if kind == "next_month_day":
        day = _int(m.group(1))
        y, mo = _add_month(today)
        return (_safe(y, mo, day) if day else None) or _SKIP
    if kind == "month_end":
        y, mo = _add_month(today) if m.group(1).startswith("下") else (today.year, today.month)
        return date(y, mo, calendar.monthrange(y, mo)[1])
    if kind == "month_start":
        y, mo = _add_month(today)
        return date(y, mo, 5)
    if kind == "weekday":
        prefix, wd = m.group(1) or "", _WEEKDAY[m.group(2)]
        monday = today - timedelta(days=today.weekday())
        if prefix.startswith("下下"):
            return monday + timedelta(days=14 + wd)
        if prefix.startswith("下"):
            return monday + timedelta(days=7 + wd)
        value = monday + timedelta(days=wd)
        if not prefix and value < today:
            value += timedelta(days=7)
        return value
    if kind.startswith("+"):
        return today + timedelta(days=int(kind[1:]))
    if kind == "in_days":
        n = _int(m.group(1))
        return today + timedelta(days=n) if n else _SKIP
    if kind == "payday":
        if payday is None:
            return None
        value = _safe(today.year, today.month, payday)
        if value is None or value < today:
            y, mo = _add_month(today)
            value = _safe(y, mo, min(payday, calendar.monthrange(y, mo)[1]))
        return value
    if kind == "day":
        day = _int(m.group(1))
        if not day or day > 31:
            return _SKIP
        value = _safe(today.year, today.month, day)
        if value is None or value < today:
            y, mo = _add_month(today)
            value = _safe(y, mo, day)
        return value or _SKIP
    return _SKIP  # pragma: no cover


def describe_date(value: date, today: date) -> str:
    """How a debtor says a date: 今天 / 明天 / 本周五（3月6日） / 3月20日."""
    delta = (value - today).days
    if delta == 0:
        return "今天"
    if delta == 1:
        return "明天"
    if delta == 2:
        return "后天"
    names = "一二三四五六日"
    if 0 < delta < 7 and value.weekday() > today.weekday():
        return f"这周{names[value.weekday()]}（{value.month}月{value.day}日）"
    return f"{value.month}月{value.day}日"



