"""Audit reports: findings as text, JSON, CSV (Excel-friendly) and one self-contained HTML page.

Each writer returns strings; the CLI writes them as the audit streams, one transcript at a time,
so no writer holds the calls until the end (the HTML page is streamed too: see
:mod:`trainer.report.audit_html`).  Personal data in call text and excerpts is masked
(:mod:`trainer.report.masking`) unless the report's settings say to show it.  Each finding
gains ``agent`` and ``team`` (from ``meta.agent``/``meta.team``, null when absent) and, when a
rule matched several places in a turn, ``spans``.
"""

from __future__ import annotations

import csv
import io
import json
from operator import itemgetter
from typing import Any

from trainer.base.vocab import CATEGORY_LABELS, SEVERITY_LABELS, SPEAKER_LABELS, SPEAKERS
from trainer.compliance.finding import ids_of
from trainer.report import masking
from trainer.report.audit_data import AuditSettings, Summary, also_text, audit_settings, dedupe, marks_of, who
from trainer.report.writers import Page, json_text
from trainer.zh.display import visible

__all__ = ["AuditSettings", "CsvWriter", "JsonWriter", "Summary", "TextWriter",
           "audit_settings", "note_rows", "notes_text", "report_findings", "withdrawn_text", "CATEGORY_LABELS", "SEVERITY_LABELS"]


def __getattr__(name: str) -> Any:
    """``HtmlWriter`` (:mod:`trainer.report.audit_html`) is imported when first asked for: it
    brings jinja2, which a text, JSON or CSV audit does without (about 15 ms at every start)."""
    if name == "HtmlWriter":
        from trainer.report.audit_html import HtmlWriter

        return HtmlWriter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _one_encoder() -> Any:
    """``json.dumps(…, ensure_ascii=False)`` for a finding, made once: ``JSONEncoder.encode`` builds
    a new C encoder on every call, which cost a third of the writer's time per finding."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    # the arguments JSONEncoder.iterencode gives it, without the circular check (findings are trees)
    encoder = make(None, plain.default, json.encoder.encode_basestring, None, plain.key_separator,
                   plain.item_separator, plain.sort_keys, plain.skipkeys, plain.allow_nan)
    return lambda o: "".join(encoder(o, 0))


_encode = _one_encoder()  # one encoder for all findings
FIELDS = ("transcript", "turn", "speaker", "rule", "category", "severity", "message", "excerpt",
          "start", "end")


def report_findings(transcript: dict[str, Any], findings: list[dict[str, Any]],
                    show_personal_data: bool = False) -> list[dict[str, Any]]:
    """The findings of one transcript as every writer reports them: one per rule per turn, with
    ``agent`` and ``team``, personal data masked unless ``show_personal_data``."""
    agent, team = who(transcript.get("meta"))
    return [{**f, "agent": agent, "team": team} for f in _masked(findings, show_personal_data)]


def _masked(findings: list[dict[str, Any]], show_personal_data: bool) -> list[dict[str, Any]]:
    """One finding per rule per turn, personal data masked unless ``show_personal_data``."""
    return [masking.masked_finding(f, show_personal_data) for f in dedupe(findings)]


def render_text(transcript: dict[str, Any], findings: list[dict[str, Any]], show: bool = False) -> str:
    """One transcript's findings, grouped by turn, with the excerpt marked 【like this】 in the turn."""
    if not findings:
        return ""
    findings = report_findings(transcript, findings, show)
    turns = transcript.get("turns") or []
    agent, team = who(transcript.get("meta"))
    by = "".join(f"，{label} {visible(v, one_line=True)}" for label, v in (("坐席", agent), ("班组", team)) if v)
    lines = [f"{visible(str(transcript.get('id')), one_line=True)}（{len(findings)} 条{by}）"]
    by_turn: dict[int | None, list[dict[str, Any]]] = {}
    for f in findings:
        by_turn.setdefault(f["turn"], []).append(f)
    for turn in sorted(by_turn, key=lambda t: (t is None, t or 0)):
        items = by_turn[turn]
        if turn is None:
            lines.append("  整通电话：")
        else:
            text = str(turns[turn]["text"]) if turn < len(turns) else ""
            shown = "".join(f"【{p}】" if marked else p
                            for p, marked in masking.pieces(text, marks_of(items, text), show))
            lines.append(f"  第 {turn + 1} 句 {SPEAKER_LABELS.get(items[0]['speaker'], '')}："
                         f"{visible(shown, one_line=True)}")
        for f in items:
            title = f" {f['title']}" if f.get("title") else ""
            lines.append(f"    {f['rule']}{title} [{f['severity']}] {CATEGORY_LABELS[f['category']]}：{f['message']}")
            if also_text(f):  # the rules folded into this finding (one finding per breach)
                lines.append(f"      {also_text(f)}")
    # every line is one line of the terminal: what came from the transcript (its id, a turn's
    # text) cannot send a control sequence nor start a line of its own (visible searches first: a clean line costs one search)
    return "".join(visible(line, one_line=True) + "\n" for line in lines)


def agents_text(summary: Summary) -> str:
    """The per-agent summary and the trend, for the end of the text report ("" when the calls
    name no agent and no start time)."""
    lines = []
    rows = summary.agent_rows()
    if rows:
        lines.append("按坐席汇总：")
        for r in rows:
            team = f"（{visible(r['team'], one_line=True)}）" if r["team"] else ""
            cats = "，".join(f"{CATEGORY_LABELS[c]} {n}" for c, n in r["by_category"].items())
            lines.append(f"  {visible(r['agent'], one_line=True)}{team}：通话 {r['calls']} 个，有问题 "
                         f"{r['flagged']} 个，共 {r['findings']} 条" + (f"（{cats}）" if cats else ""))
    unit, trend = summary.trend()
    if trend:
        lines.append("按日趋势：" if unit == "day" else "按周趋势：")
        for t in trend:
            lines.append(f"  {t['period']}：通话 {t['calls']} 个，有问题 {t['flagged']} 个，共 {t['findings']} 条")
    return "\n".join(lines) + "\n" if lines else ""


def withdrawn_text(summary: Summary, show_personal_data: bool = False) -> str:
    """``audit --show-withdrawn``: the rule findings the model's second opinion withdrew, each
    with the model's probability of its category ("" when there are none)."""
    if not summary.withdrawn:
        return ""
    lines = [f"模型复核撤回的规则命中（{len(summary.withdrawn)} 条；模型认为该类违规的概率很低，未计入上面的问题）："]
    for f in summary.withdrawn:
        f = masking.masked_finding(f, show_personal_data)
        lines.append(f"  {f['transcript']} 第 {f['turn'] + 1} 句 {f['rule']} {CATEGORY_LABELS[f['category']]}"
                     f"（模型概率 {f['probability']:.3f}）：{f.get('excerpt') or ''}")
    return "".join(visible(line, one_line=True) + "\n" for line in lines)


ORDER_NOTES = "话术顺序提示（不计入违规）"


def note_rows(summary: Summary, show_personal_data: bool = False) -> list[dict[str, Any]]:
    """The script-order notes of the audit (:mod:`trainer.compliance.scriptorder`), masked like
    findings unless ``show_personal_data``: call id, turn counted from 1, rule, title, excerpt."""
    rows = []
    for f in summary.notes:
        f = masking.masked_finding(f, show_personal_data)
        rows.append({"transcript": str(f["transcript"]), "turn": None if f["turn"] is None else f["turn"] + 1,
                     "rule": f["rule"], "title": f.get("title") or "", "excerpt": f.get("excerpt") or ""})
    return rows


def notes_text(summary: Summary, show_personal_data: bool = False) -> str:
    """The text report's section of script-order notes ("" when there are none): debt named
    before the person on the line confirmed, on a call whose record says the debtor answered."""
    rows = note_rows(summary, show_personal_data)
    if not rows:
        return ""
    lines = [f"{ORDER_NOTES}，共 {len(rows)} 条：记录显示由本人接听，但坐席在对方确认身份之前就谈了欠款；"
             "未告知第三方，不算违规，请在话术辅导中纠正顺序："]
    for r in rows:
        where = "整通电话" if r["turn"] is None else f"第 {r['turn']} 句"
        lines.append(f"  {r['transcript']} {where} {r['rule']} {r['title']}：{r['excerpt']}")
    return "".join(visible(line, one_line=True) + "\n" for line in lines)


_EXTRA_KEYS = frozenset({"id", "status"})  # what ``audit`` adds at the end of an item (review.py)
_basestring = json.encoder.encode_basestring  # (the C one where there is one: what the encoder uses)


# The JSON writer escapes what it writes itself (``JsonWriter.escapes_json``), string by string,
# instead of ``json_text`` searching every chunk of output: that search read each character of
# every item again (about 1.5 µs a finding), while most of an item is ASCII (``str.isascii`` is
# a flag, no scan) or written once per rule or excerpt.  ``json_text`` of each string's JSON text
# is ``json_text`` of the whole item: outside strings JSON is ASCII.


def _string(v: str) -> str:
    """``v`` as a JSON string, C1 controls and bidi overrides escaped (``json_text``)."""
    text = _basestring(v)
    return text if v.isascii() else json_text(text)


def _encoded(v: Any) -> str:
    """``_encode(v)``, escaped like :func:`_string`."""
    text = _encode(v)
    return text if text.isascii() else json_text(text)


_KEY = {k: _string(k) + ": " for k in (*FIELDS, "spans", "also", "agent", "team", *_EXTRA_KEYS)}
_RULE_PART: dict[tuple[Any, ...], str] = {}  # (rule, category, severity, message, shown) -> its text


def _value(v: Any) -> str:
    """``_encode(v)`` for one value (text, a whole number and None without the encoder's call)."""
    kind = type(v)
    if kind is str:
        return _string(v)
    if kind is int:
        return int.__repr__(v)
    return "null" if v is None else _encoded(v)


_EXCERPT: dict[tuple[str, Any], str] = {}  # (excerpt, category) -> its masked text, encoded


def _rule_part(rule: Any, category: Any, severity: Any, message: Any, show: bool) -> str:
    """The rule's part of an item (rule, category, severity, the masked message), written once per rule."""
    key = (rule, category, severity, message, show)
    part = _RULE_PART.get(key)
    if part is None:
        if not show and isinstance(message, str):
            message = masking.mask(message)
        if len(_RULE_PART) >= 4096:
            _RULE_PART.clear()
        part = _RULE_PART[key] = (f'{_KEY["rule"]}{_value(rule)}, {_KEY["category"]}{_value(category)}, '
                                  f'{_KEY["severity"]}{_value(severity)}, {_KEY["message"]}{_value(message)}')
    return part


def _excerpt_value(excerpt: Any, category: Any, show: bool) -> str:
    """``_value`` of the excerpt as shown; a masked excerpt said again (the same line flagged in
    another call) is encoded once."""
    if show or not isinstance(excerpt, str):
        return _value(excerpt)
    key = (excerpt, category)
    text = _EXCERPT.get(key)
    if text is None:
        if len(_EXCERPT) >= 4096:
            _EXCERPT.clear()
        text = _EXCERPT[key] = _string(masking.masked_excerpt(excerpt, category))
    return text


_OWN = itemgetter("transcript", "turn", "start", "end")  # what differs from item to item
# what findings of one rule on one line share: from "speaker" to "excerpt", one text for all
_SAID = itemgetter("speaker", "rule", "category", "severity", "message", "excerpt")
_SAID_TEXT: dict[bool, dict[tuple[Any, ...], str]] = {False: {}, True: {}}  # by show -> said -> text


def _said_text(said: tuple[Any, ...], show: bool) -> str:
    """The item's text from ``"speaker"`` to ``"excerpt"`` (``_SAID``'s fields), remembered: the
    same rule flagging the same words shares it (4,096 at most per ``show``, like the parts)."""
    known = _SAID_TEXT[show]
    text = known.get(said)
    if text is None:
        speaker, rule, category, severity, message, excerpt = said
        if len(known) >= 4096:
            known.clear()
        text = known[said] = (f'"speaker": {_SPEAKER_TEXT.get(speaker) or _value(speaker)}, '
                              f'{_rule_part(rule, category, severity, message, show)}, '
                              f'"excerpt": {_excerpt_value(excerpt, category, show)}')
    return text


def _item_text(f: dict[str, Any], call: tuple[Any, str, str], show: bool, close: str) -> str:
    """``_encode`` of the item :meth:`JsonArray.items` builds for ``f`` (the same text, key for key),
    ended by ``close`` (the call's ``agent`` and ``team``, any added fields such as the stable ``id``,
    and the ``}``).  ``call`` is what the call's items share, written once per call
    (:func:`_call_text`).  The keys are written as ``_KEY`` spells them (plain ASCII: ``"turn": ``)."""
    transcript, turn, start, end = _OWN(f)
    said = _SAID(f)
    spans, also = f.get("spans"), f.get("also")
    if spans or also:
        close = (f', "spans": {_encoded(spans)}' if spans else "") + (f', "also": {_encoded(also)}' if also else "") + close
    # one f-string: the item's text is built (and its ASCII widened to the message's Chinese) once;
    # the whole numbers inline, one function call less for each of the three
    return (f'{{"transcript": {call[1] if transcript is call[0] else _value(transcript)}, '
            f'"turn": {turn if type(turn) is int else _value(turn)}, '
            f'{_SAID_TEXT[show].get(said) or _said_text(said, show)}, '
            f'"start": {start if type(start) is int else _value(start)}, '
            f'"end": {end if type(end) is int else _value(end)}{close}')


def _extra_close(tail: str, extra: dict[str, Any] | None) -> str:
    """The end of an item: the call's ``tail``, then ``extra``'s fields, then ``}``."""
    if extra:
        for k, v in extra.items():  # (a loop: a comprehension is one more call, for one field)
            tail += f", {_KEY[k]}{_value(v)}"
    return tail + "}"


_SPEAKER_TEXT = {s: _string(s) for s in SPEAKERS}  # (None and any other value: _value)


_TAILS: dict[tuple[Any, Any], str] = {}  # (agent, team) -> the end of their calls' items


def _call_text(findings: list[dict[str, Any]], agent: Any, team: Any) -> tuple[Any, str, str]:
    """What a call's items share: its id (the first finding's ``transcript``) and its JSON text,
    and the ``agent`` and ``team`` fields at the end of each item (written once per agent)."""
    call_id = findings[0]["transcript"] if findings else None
    tail = _TAILS.get((agent, team))
    if tail is None:
        if len(_TAILS) >= 4096:
            _TAILS.clear()
        tail = _TAILS[agent, team] = f', {_KEY["agent"]}{_value(agent)}, {_KEY["team"]}{_value(team)}'
    return call_id, _value(call_id), tail


class JsonArray:
    """Streams a JSON array of findings: ``start()``, ``items(findings, agent, team)``, ``end()``."""

    def __init__(self) -> None:
        self.first = True

    def start(self) -> str:
        return "["

    def items(self, findings: list[dict[str, Any]], agent: str | None, team: str | None,
              show_personal_data: bool = True, extra: list[dict[str, Any]] | None = None) -> str:
        """The items of a transcript's (de-duplicated) findings, each with the call's ``agent`` and
        ``team`` (what :func:`report_findings` adds, without a copy of each finding), masked unless
        ``show_personal_data`` (the default: masked already), and ``extra[i]``'s fields at the end of
        item ``i`` (``audit``'s review ``id``; the same text as splicing them into the encoded item)."""
        parts = []
        first = self.first
        show_personal_data = bool(show_personal_data)  # (a key of _SAID_TEXT)
        call = _call_text(findings, agent, team)
        tail = call[2]
        for i, f in enumerate(findings):
            more = None if extra is None else extra[i]
            if more is None or more.keys() <= _EXTRA_KEYS:  # the usual case: written field by field
                close = _extra_close(tail, more)
                parts.append(("\n" if first else ",\n") + _item_text(f, call, show_personal_data, close))
                first = False
                continue
            item = {k: f[k] for k in FIELDS}
            if f.get("spans"):
                item["spans"] = f["spans"]
            if f.get("also"):  # the rules folded into this one (one finding per breach)
                item["also"] = f["also"]
            if not show_personal_data:  # the fields masked_finding masks are all in the item
                item = masking.masked_finding(item, False)
            item["agent"] = agent
            item["team"] = team
            if extra is not None:
                item.update(extra[i])
            parts.append(("\n" if first else ",\n") + _encoded(item))
            first = False
        self.first = first
        return "".join(parts)

    def items_with_ids(self, findings: list[dict[str, Any]], agent: str | None, team: str | None,
                       show_personal_data: bool) -> str:
        """``items(findings, agent, team, show_personal_data, [{"id": finding_id(f)} for f in
        findings])``, the same text: ``trainer audit``'s review ``id`` at the end of each item,
        worked out from the fields the item is written from, without a dict for each."""
        if not findings:
            return ""
        call = _call_text(findings, agent, team)
        show = bool(show_personal_data)  # (a key of _SAID_TEXT)
        tail = call[2]  # (hex digits: an id's JSON string is itself in quotes)
        texts = [_item_text(f, call, show, f'{tail}, "id": "{fid}"}}')
                 for f, fid in zip(findings, ids_of(findings), strict=True)]
        texts[0] = ("\n" if self.first else ",\n") + texts[0]  # (not head + the call's text: one copy less of it)
        self.first = False
        return ",\n".join(texts)

    def end(self) -> str:
        return "]\n" if self.first else "\n]\n"

    def joined(self, piece: str) -> str:
        """``piece``, rendered by another array (in a worker process), as this array's next
        items: the worker's first item has no separator before it."""
        if not piece:
            return piece
        if not self.first and piece.startswith("\n"):
            piece = "," + piece
        self.first = False
        return piece


CSV_FIELDS = ("transcript", "turn", "speaker", "rule", "title", "category", "severity", "message", "excerpt",
              "start", "end", "agent", "team", "also")


_CSV_OWN = CSV_FIELDS[:CSV_FIELDS.index("agent")]  # the finding's own fields, as they are but ``turn``
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel read a cell as a formula (OWASP)


def _csv_values(f: dict[str, Any], agent: Any, team: Any) -> list[Any]:
    """A finding's CSV cells, in ``CSV_FIELDS`` order (before :func:`_csv_cell`): its own fields
    (``turn`` counted from 1), the call's ``agent`` and ``team``, the folded rules as text."""
    values = [f.get(k) for k in _CSV_OWN]
    turn = values[1]
    if isinstance(turn, int):
        values[1] = turn + 1
    values += (agent, team, also_text(f).removeprefix("同时涉及："))
    return values


class CsvRows:
    """Streams CSV rows; the first chunk starts with a UTF-8 BOM so Excel shows Chinese."""

    # 句序 counts from 1 as people read it (JSON keeps the 0-based index); 规则名称 is the rule's title
    HEADER = ("通话", "句序", "说话人", "规则", "规则名称", "类别", "严重程度", "说明", "原文片段", "起", "止",
              "坐席", "班组", "同时涉及")

    def start(self) -> str:
        return "\ufeff" + self._rows([self.HEADER])

    def items(self, findings: list[dict[str, Any]], agent: Any = None, team: Any = None) -> str:
        """The rows of a call's findings (masked already, de-duplicated), with its ``agent`` and ``team``."""
        return self._rows([list(map(_csv_cell, _csv_values(f, agent, team))) for f in findings])

    def end(self) -> str:
        return ""

    def joined(self, piece: str) -> str:
        return piece

    @staticmethod
    def _rows(rows: list[Any]) -> str:
        """The rows as CSV text (one writer for all: the same text as one writer per row)."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in _FORMULA_LEADS:
        return "'" + value  # no formula injection when opened in Excel (OWASP: = + - @ TAB CR)
    return value


# --------------------------------------------------------------------------- the --format writers


class TextWriter:
    """``--format text``: each flagged transcript as it is audited; the per-agent summary, the
    trend and the summary line last (stdout)."""

    def __init__(self, settings: AuditSettings | None = None) -> None:
        self.settings = settings or AuditSettings()

    def start(self) -> str:
        return ""

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        return render_text(transcript, findings, self.settings.show_personal_data)

    def joined(self, piece: str) -> str:
        """What :meth:`add` of a writer in a worker process rendered, as this writer's output."""
        return piece

    def end(self, summary: Summary, problems: list[str]) -> Page:
        extra = agents_text(summary) + notes_text(summary, self.settings.show_personal_data)
        return Page(visible(("\n" if summary.findings or extra else "") + extra + summary.text() + "\n"))


class JsonWriter:
    """``--format json``: a JSON array of findings, streamed; the summary goes to stderr.
    Excerpts are masked like the other formats unless ``--show-personal-data``."""

    escapes_json = True  # every string it writes is json_text's already (see _string)

    def __init__(self, settings: AuditSettings | None = None) -> None:
        self.settings = settings or AuditSettings()
        self.array = JsonArray()
        self._last: Any = None
        self._last_who: tuple[str | None, str | None] = (None, None)

    def start(self) -> str:
        return self.array.start()

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        # what report_findings gives, written without its intermediate copy of each finding
        return self.array.items(_masked(findings, self.settings.show_personal_data), *self._who(transcript))

    def add_each(self, transcript: dict[str, Any], findings: list[dict[str, Any]],
                 extra: list[dict[str, Any]]) -> str:
        """What ``add(transcript, [f])`` writes for each finding ``f`` in turn (no de-duplication
        between them), each item ending with the fields of its ``extra`` dict: one call per
        transcript for ``trainer audit``'s review ``id``."""
        return self.array.items(findings, *self._who(transcript), self.settings.show_personal_data, extra)

    def add_with_ids(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        """``add_each(transcript, findings, [{"id": finding_id(f)} for f in findings])``, the same
        text: ``trainer audit``'s items without review statuses."""
        # (who, not _who: one transcript, one call; _who remembers it for add_each's calls)
        return self.array.items_with_ids(findings, *who(transcript.get("meta")), self.settings.show_personal_data)

    def _who(self, transcript: dict[str, Any]) -> tuple[str | None, str | None]:
        """``who(transcript["meta"])``, worked out once per transcript."""
        if self._last is not transcript:
            self._last, self._last_who = transcript, who(transcript.get("meta"))
        return self._last_who

    def joined(self, piece: str) -> str:
        """What :meth:`add` of a writer in a worker process rendered, as this writer's output."""
        return self.array.joined(piece)

    def end(self, summary: Summary, problems: list[str]) -> Page:
        return Page(self.array.end(), summary.text() + "\n")


class CsvWriter(JsonWriter):
    """``--format csv``: one row per finding (Excel-friendly), streamed; the summary goes to stderr."""

    escapes_json = False  # (CSV: nothing to escape)

    def __init__(self, settings: AuditSettings | None = None) -> None:
        super().__init__(settings)
        self.array = CsvRows()  # type: ignore[assignment]

    def add(self, transcript: dict[str, Any], findings: list[dict[str, Any]]) -> str:
        # what report_findings gives, without its copy of each finding to add agent and team
        return self.array.items(_masked(findings, self.settings.show_personal_data), *self._who(transcript))
