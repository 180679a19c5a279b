"""Scenarios: a script tree + a persona + account facts + the call's context + a pass mark.

A scenario file (``scenarios/<id>.yaml`` bundled, ``./scenarios/*.yaml``
local; format in ``docs/engine.md``, JSON Schema from ``trainer schema
scenario``) becomes a frozen :class:`Scenario` through
:meth:`Scenario.from_yaml`, which refuses a file with any problem.  (Over 600 lines because a
scenario's checks — schema, facts against the script, call time, who answers, what the tree can
answer — read best next to the model they protect.)
:func:`validate_scenario_file` returns every problem at once for
``trainer validate``.

Problem codes owned here (shape problems are the schema's SV010–SV013):

====== ==============================================================
SC001  the script named by ``script`` does not exist
SC002  the script exists but has problems of its own
SC003  a success outcome that no terminal stage of the script produces
SC004  an account fact the script's line templates need is missing
SC005  the file name does not match the scenario id
SC006  inconsistent figures (minimum due above the balance, …)
SC007  a call time that is not ISO-8601 with an offset, or an unknown time zone
SC008  who answers the phone does not fit the persona
SC009  a script line that cannot be rendered with this scenario's facts
SC010  ``debtor.objection`` that the tree cannot answer (no stage or event has that response)
SC011  a ``debtor.requests`` item the tree cannot answer (no response with its codes)
====== ==============================================================
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.base import cache
from trainer.base import schema as schema_mod
from trainer.base.errors import InputError, Location, Problem, UsageError
from trainer.base.vocab import FACTS, OUTCOMES, PERSONAS, RESPONSES
from trainer.base.yamlio import NOT_MAPPING, Document, load_document, read_text
from trainer.content.bundled import bundled_paths, is_bundled_dir
from trainer.content.script import Script, checker_sources, load_script, resolve_script_path
from trainer.zh.display import clip

NO_SCRIPT, BAD_SCRIPT, NO_OUTCOME, MISSING_FACT, NAME_MISMATCH, BAD_FIGURES, BAD_TIME, BAD_ROLE = (
    "SC001", "SC002", "SC003", "SC004", "SC005", "SC006", "SC007", "SC008")
RENDER_FAILS = "SC009"  # a script line that cannot be rendered with this scenario's facts
NO_OBJECTION, NO_REQUEST = "SC010", "SC011"

SCENARIO_ID = r"^[a-z][a-z0-9-]*$"

# Who picks up the phone, and the response code the script uses for them.
ROLES: dict[str, str] = {
    "debtor": "本人",
    "family": "家属",
    "colleague": "同事/前台",
    "minor": "未成年人",
    "wrong_number": "打错/号码易主",
    "deceased_family": "告知本人已去世的家属",
}
THIRD_PARTY_ROLES = frozenset(ROLES) - {"debtor"}
ROLE_PERSONAS = {"family": {"family"}, "colleague": {"colleague"}, "minor": {"minor"},
                 "wrong_number": {"wrong_number"}, "deceased_family": {"deceased_family"}}
REQUESTS = ("caller_identity", "staff_id", "purpose", "amount_breakdown", "consequence",
            "installment", "waiver")
# The response codes by which the debtor raises each request (the same table as
# trainer.sim.debtor.agenda.REQUEST_CODES, which the simulator uses).
REQUEST_CODES: dict[str, tuple[str, ...]] = {
    "caller_identity": ("ASK_WHO", "SUSPECT_SCAM"), "staff_id": ("ASK_STAFF_ID",),
    "purpose": ("ASK_PURPOSE",), "amount_breakdown": ("DISPUTE_AMOUNT",),
    "consequence": ("ASK_CONSEQUENCE",), "installment": ("ASK_INSTALLMENT",),
    "waiver": ("ASK_WAIVER",),
}
REQUEST_LABELS = {"caller_identity": "你是谁", "staff_id": "工号", "purpose": "什么事",
                  "amount_breakdown": "金额怎么来的", "consequence": "不还会怎样",
                  "installment": "能否分期", "waiver": "能否减免"}

_TEXT = {"type": "string", "minLength": 1}
_MONEY = {"type": "number", "minimum": 0}
_MOODS = {
    "anger": {"type": "number", "minimum": 0, "maximum": 10, "description": "怒气 0–10"},
    "trust": {"type": "number", "minimum": 0, "maximum": 10, "description": "信任 0–10（相信对方真是银行）"},
    "willingness": {"type": "number", "minimum": 0, "maximum": 1, "description": "还款意愿 0–1"},
    "patience": {"type": "integer", "minimum": 1, "maximum": 40, "description": "耐心（还能听几轮）"},
    "complaint_intent": {"type": "number", "minimum": 0, "maximum": 1, "description": "投诉意向 0–1"},
}

SCENARIO_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "trainer/scenario.schema.json",
    "title": "催收陪练场景",
    "description": "一个练习场景：用哪棵脚本树、对方是什么类型的客户、案件屏上的账户信息、通话背景和及格线。",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "script", "persona", "difficulty", "pass_mark", "success", "call",
                 "account"],
    "properties": {
        "id": {"type": "string", "pattern": SCENARIO_ID, "description": "场景编号（小写字母、数字、连字符），与文件名一致"},
        "title": {**_TEXT, "description": "场景标题"},
        "summary": {**_TEXT, "description": "给学员看的场景简介（不泄露隐藏信息）"},
        "notes": {**_TEXT, "description": "讲师备注：这个场景练什么"},
        "script": {**_TEXT, "description": "脚本树：内置脚本的 id（如 first_contact）或相对本文件的路径"},
        "persona": schema_mod.labelled_enum(PERSONAS, "接电话一方的类型：决定脚本里各回应的权重"),
        "difficulty": {"type": "integer", "minimum": 1, "maximum": 5, "description": "难度 1–5：影响耐心、怒气增幅、拖延次数"},
        "pass_mark": {"type": "integer", "minimum": 0, "maximum": 100, "description": "及格分（0–100）"},
        "success": {"type": "array", "minItems": 1, "items": schema_mod.labelled_enum(OUTCOMES),
                    "description": "算作成功的通话结果"},
        "max_turns": {"type": "integer", "minimum": 2, "maximum": 200, "description": "坐席最多说几句（默认 30）"},
        "promise_window_days": {"type": "integer", "minimum": 0, "maximum": 90,
                                "description": "承诺还款日期最晚在通话后几天内（默认 7）"},
        "bank": {**_TEXT, "description": "银行名称（默认「安信银行」）"},
        "callback_number": {**_TEXT, "description": "本行官方回电号码"},
        "agent": {
            "type": "object", "additionalProperties": False,
            "description": "坐席（学员扮演）的姓和工号",
            "properties": {"surname": _TEXT, "id": _TEXT},
        },
        "call": {
            "type": "object", "additionalProperties": False, "required": ["time"],
            "description": "通话背景",
            "properties": {
                "time": {**_TEXT, "description": "客户当地的通话时间，ISO-8601 带时区，如 2026-03-02T10:15:00+08:00"},
                "timezone": {**_TEXT, "description": "客户所在时区（IANA，默认 Asia/Shanghai）"},
                "answered_by": schema_mod.labelled_enum(ROLES, "谁接的电话（默认 debtor 本人）"),
                "answerer": {
                    "type": "object", "additionalProperties": False,
                    "description": "接电话的第三人",
                    "properties": {"name": _TEXT, "relation": {**_TEXT, "description": "与本人的关系，如 妻子、同事"}},
                },
            },
        },
        "account": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "honorific", "card_tail", "balance", "min_due", "days_overdue"],
            "description": "案件屏：学员拨号前能看到的账户信息",
            "properties": {
                "name": {**_TEXT, "description": "客户姓名"},
                "surname": {**_TEXT, "description": "客户姓氏（默认取姓名第一个字）"},
                "honorific": {"enum": ["先生", "女士"], "description": "称呼"},
                "card_tail": {"type": "string", "pattern": r"^\d{4}$", "description": "卡号末四位（加引号）"},
                "balance": {**_MONEY, "description": "欠款总额（元）"},
                "min_due": {**_MONEY, "description": "最低还款额（元）"},
                "days_overdue": {"type": "integer", "minimum": 0, "description": "逾期天数"},
                "due_date": {**_TEXT, "description": "到期还款日，如 1月16日"},
                "previous_promises": {
                    "type": "array", "description": "以前的还款承诺（最近的放最后）",
                    "items": {
                        "type": "object", "additionalProperties": False, "required": ["date", "amount"],
                        "properties": {
                            "date": {**_TEXT, "description": "承诺日期，如 2月20日"},
                            "amount": _MONEY,
                            "paid": {**_MONEY, "description": "实际已还金额"},
                            "status": {"enum": ["kept", "broken", "partial", "pending"]},
                        },
                    },
                },
            },
        },
        "debtor": {
            "type": "object", "additionalProperties": False,
            "description": "对方的隐藏信息：学员看不到，模拟客户据此应对",
            "properties": {
                "can_pay": {**_MONEY, "description": "实际最多能还多少（元）"},
                "pay_within_days": {"type": "integer", "minimum": 0, "maximum": 90,
                                    "description": "最晚能在通话后几天内还上"},
                "payday": {"type": "integer", "minimum": 1, "maximum": 31, "description": "每月几号发工资"},
                "opening_offer": {**_MONEY, "description": "开口先报的低价（元）"},
                "stalls": {"type": "integer", "minimum": 0, "maximum": 5, "description": "真实原因之前先拖延几次（默认按难度）"},
                "objection": schema_mod.labelled_enum(
                    RESPONSES, "真实的难处（要先问原因、表示理解才会说出）；脚本里必须有这个代码的回应"),
                "reason": {**_TEXT, "description": "真实难处的具体内容，如「上个月被裁员了」"},
                "requests": {"type": "array", "items": schema_mod.labelled_enum(REQUEST_LABELS),
                             "description": "想先弄清楚的事：caller_identity 你是谁 / staff_id 工号 / purpose 什么事 / "
                                            "amount_breakdown 金额怎么来的 / consequence 不还会怎样 / installment 能否分期 / waiver 能否减免"},
                "mood": {"type": "object", "additionalProperties": False, "properties": _MOODS,
                         "description": "开场时的情绪"},
                "traits": {
                    "type": "object", "additionalProperties": False, "description": "性格参数 0–1",
                    "properties": {
                        "rational": {"type": "number", "minimum": 0, "maximum": 1, "description": "讲道理的程度：合法告知后果对他有效"},
                        "empathy": {"type": "number", "minimum": 0, "maximum": 1, "description": "对理解、关心的反应"},
                        "pressure_tolerance": {"type": "number", "minimum": 0, "maximum": 1, "description": "对施压的承受力"},
                    },
                },
                "complaint_channel": {**_TEXT, "description": "要投诉时说的渠道，如「银行消保热线」"},
            },
        },
    },
}
schema_mod.register("scenario", SCENARIO_SCHEMA)
schema_mod.register_pattern_hint(SCENARIO_ID, "场景 id 只能用小写字母、数字和连字符「-」（不能用下划线），"
                                 "并以字母开头，文件名要与 id 一致", "_", "-")

# Facts a call supplies itself when the scenario has no earlier promise: the promise agreed in
# this call (so a recap line can say {{ promise_amount | yuan }} and {{ promise_date }}).
CALL_FACTS = frozenset({"promise_amount", "promise_date"})

DEFAULT_BANK = "安信银行"
DEFAULT_CALLBACK = "400-123-4567"


@dataclass(frozen=True)
class Scenario:
    """One practice scenario (plain, frozen).  ``account`` is the case screen."""

    id: str
    title: str
    script_id: str
    persona: str
    difficulty: int
    pass_mark: int
    success_outcomes: tuple[str, ...]
    account: Mapping[str, Any]
    local_time: datetime
    timezone: str
    answered_by: str = "debtor"
    answerer: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""
    notes: str = ""
    bank: str = DEFAULT_BANK
    callback_number: str = DEFAULT_CALLBACK
    agent_surname: str = "王"
    agent_id: str = "A1024"
    max_turns: int = 30
    promise_window_days: int = 7
    debtor: Mapping[str, Any] = field(default_factory=dict)
    path: str = ""
    bundled: bool = False

    @classmethod
    def from_yaml(cls, path: str | Path, *, bundled: bool = False) -> Scenario:
        """Load and check a scenario file; raise :class:`InputError` listing every problem."""
        text = read_text(path)
        known = _known_good(str(path), text)
        if known is not None:
            return _build(Document(str(path), known), bundled)
        doc = load_document(path, text=text)
        problems = check_scenario(doc)
        if problems:
            raise InputError(problems)
        _remember_good(doc, text)
        return _build(doc, bundled)

    @property
    def call_date(self) -> date:
        return self.local_time.date()

    @property
    def third_party_answers(self) -> bool:
        return self.answered_by in THIRD_PARTY_ROLES

    def facts(self) -> dict[str, Any]:
        """The template variables of the script's lines (``{{ name }}`` …)."""
        return scenario_facts(self._raw_view())

    def _raw_view(self) -> dict[str, Any]:
        return {"account": dict(self.account), "bank": self.bank, "callback_number": self.callback_number,
                "agent": {"surname": self.agent_surname, "id": self.agent_id}}

    def script(self) -> Script:
        """The scenario's script tree (loaded once per process while unchanged)."""
        return load_script(_script_ref(self.script_id, self.path))

    def case_screen(self) -> dict[str, Any]:
        """What the trainee sees before dialling (the ``account`` of ``play --format json``), with
        ``caller``: everything the key points need the trainee to say about themselves."""
        screen = dict(self.account)
        screen["previous_promises"] = [dict(p) for p in self.account.get("previous_promises", ())]
        screen["call_time"] = self.local_time.isoformat()
        screen["caller"] = caller_facts(self._raw_view())
        return screen

    def for_trainee(self, name: str | None) -> Scenario:
        """This scenario with the trainee's own surname in the lines, the case card and Tab
        completion (``trainer practice --trainee 李明`` → 「我姓李」); the staff number stays the
        scenario's.  A name that does not start with a Chinese character changes nothing."""
        surname = trainee_surname(name)
        return replace(self, agent_surname=surname) if surname else self


# Two-character surnames, so that 欧阳娜 is 「我姓欧阳」.
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "宇文",
                     "夏侯", "端木", "独孤", "南宫", "西门", "司徒", "轩辕", "呼延")
DEPARTMENT = "司法调查组"


def trainee_surname(name: str | None) -> str | None:
    """The surname in a trainee's Chinese name, or None (a login name such as ``liming``)."""
    name = (name or "").strip()
    if not name or not "\u4e00" <= name[0] <= "\u9fff":
        return None
    return next((c for c in COMPOUND_SURNAMES if name.startswith(c) and len(name) > 2), name[0])


def caller_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Who the trainee is on this call: bank, department, surname, staff number, call-back number."""
    agent = raw.get("agent") or {}
    return {"bank": raw.get("bank") or DEFAULT_BANK, "department": DEPARTMENT,
            "surname": str(agent.get("surname") or "王"), "staff_id": str(agent.get("id") or "A1024"),
            "callback_number": raw.get("callback_number") or DEFAULT_CALLBACK}


# ---------------------------------------------------------------------------
# What earlier processes checked (trainer.base.cache): a scenario file with exactly this text,
# at this path, naming a script file with exactly the same bytes, passed check_scenario.
# ---------------------------------------------------------------------------


def _verdict(path: str, text: str) -> tuple[str, str]:
    data = text.encode("utf-8", "surrogatepass")
    name = "scenario-" + hashlib.sha256(path.encode("utf-8", "surrogatepass") + b"\0" + data).hexdigest()[:40]
    return name, cache.key([b"scenario", path, data], code=[*checker_sources(), __file__])


def _script_file(ref: str, path: str) -> tuple[str, str] | None:
    """(resolved path, sha256) of the script a scenario names, or None."""
    try:
        resolved = resolve_script_path(_script_ref(ref, path))
    except (UsageError, OSError, ValueError):
        return None
    digest = cache.file_digest(resolved)
    return (str(resolved), digest) if digest else None


def _known_good(path: str, text: str) -> dict[str, Any] | None:
    """The data of this scenario file when it passed every check before (same script too)."""
    entry = cache.load(*_verdict(path, text))
    if not (isinstance(entry, dict) and isinstance(entry.get("data"), dict)
            and isinstance(entry["data"].get("script"), str) and isinstance(entry.get("script"), list)):
        return None
    if _script_file(entry["data"]["script"], path) != tuple(entry["script"]):
        return None
    return entry["data"]


def _remember_good(doc: Document, text: str) -> None:
    data = doc.data
    try:
        same = json.loads(json.dumps(data)) == data
    except (TypeError, ValueError, RecursionError):
        same = False
    script = _script_file(data["script"], doc.name)
    if same and script is not None:
        cache.store(*_verdict(doc.name, text), {"data": data, "script": list(script)})


def scenario_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    account = raw.get("account") or {}
    agent = raw.get("agent") or {}
    name = str(account.get("name", ""))
    facts: dict[str, Any] = {
        "bank": raw.get("bank") or DEFAULT_BANK,
        "agent_surname": agent.get("surname", "王"),
        "agent_id": agent.get("id", "A1024"),
        "callback_number": raw.get("callback_number") or DEFAULT_CALLBACK,
    }
    if name:
        facts["name"] = name
        facts["surname"] = account.get("surname") or name[:1]
    for key in ("honorific", "card_tail", "balance", "min_due", "days_overdue", "due_date"):
        if key in account:
            facts[key] = account[key]
    promises = account.get("previous_promises") or []
    if promises:
        last = promises[-1]
        facts["promise_amount"] = last.get("amount")
        facts["promise_date"] = last.get("date")
        facts["paid_amount"] = last.get("paid", 0)
    return facts


def _script_ref(script: str, scenario_path: str) -> str | Path:
    if script.endswith((".yaml", ".yml")) and scenario_path:
        return Path(scenario_path).parent / script
    return script


# ---------------------------------------------------------------------------
# Finding scenarios
# ---------------------------------------------------------------------------


def bundled_scenario_paths() -> list[Path]:
    return bundled_paths("scenarios")


def local_scenario_paths(extra_dirs: Iterable[str | Path] = ()) -> list[Path]:
    found: list[Path] = []
    for folder in [Path("scenarios"), *map(Path, extra_dirs)]:
        if folder.is_dir() and not is_bundled_dir(folder, "scenarios"):
            found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return found


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float, bundled: bool) -> Scenario:
    return Scenario.from_yaml(path, bundled=bundled)


def _load(path: Path, bundled: bool = False) -> Scenario:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise UsageError(f"找不到场景文件 {path}") from None
    return _load_cached(str(path), mtime, bundled)


def load_scenario(id_or_path: str | Path) -> Scenario:
    """A scenario by bundled/local id (``first-contact-honest``) or by file path."""
    path = Path(id_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise UsageError(f"找不到场景文件 {path}")
        return _load(path)
    for candidate in bundled_scenario_paths():
        if candidate.stem == str(id_or_path):
            return _load(candidate, bundled=True)
    for candidate in local_scenario_paths():
        if candidate.stem == str(id_or_path):
            return _load(candidate)
    names = [p.stem for p in bundled_scenario_paths() + local_scenario_paths()]
    guess = difflib.get_close_matches(str(id_or_path), names, n=1)
    raise UsageError(f"没有名为 '{clip(id_or_path)}' 的场景"
                     + (f"，是不是 '{guess[0]}'？" if guess else "。运行 trainer scenarios 查看全部场景"))


def peek_scenario(id_or_path: str | Path) -> dict[str, Any]:
    """A cheap read of the case screen — no schema or script checks (for the practice picker/card).

    Returns id, title, summary, difficulty, persona, pass_mark, success, account, call_time, path,
    bundled; raises :class:`InputError` only when the file is not YAML at all.
    """
    path = Path(id_or_path)
    bundled = False
    if not (path.suffix in (".yaml", ".yml") or path.exists()):
        for candidate in bundled_scenario_paths() + local_scenario_paths():
            if candidate.stem == str(id_or_path):
                path, bundled = candidate, candidate in bundled_scenario_paths()
                break
        else:
            raise UsageError(f"没有名为 '{clip(id_or_path)}' 的场景。运行 trainer scenarios 查看全部场景")
    data = load_document(path).data
    if not isinstance(data, dict):
        raise InputError(Problem(Location(str(path), 1, 1), NOT_MAPPING, "场景文件的顶层必须是映射"))
    call = data.get("call") if isinstance(data.get("call"), dict) else {}
    return {"id": data.get("id", path.stem), "title": data.get("title", ""), "summary": data.get("summary", ""),
            "difficulty": data.get("difficulty"), "persona": data.get("persona"),
            "pass_mark": data.get("pass_mark"), "success": list(data.get("success") or []),
            "account": dict(data.get("account") or {}), "call_time": str(call.get("time", "")),
            "path": str(path), "bundled": bundled}


def list_scenarios(extra_dirs: Iterable[str | Path] = ()) -> list[Scenario]:
    """Bundled scenarios first, then ``./scenarios/*.yaml`` and ``extra_dirs`` (raises on a bad file)."""
    out = [_load(p, bundled=True) for p in bundled_scenario_paths()]
    out += [_load(p) for p in local_scenario_paths(extra_dirs)]
    return out


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def validate_scenario_file(path: str | Path) -> list[Problem]:
    """Every problem of one scenario file (empty when it is fine); never raises on bad input."""
    try:
        doc = load_document(path)
    except InputError as exc:
        return list(exc.problems)
    return check_scenario(doc)


def check_scenario(doc: Document) -> list[Problem]:
    """Shape problems (schema) and then meaning problems, sorted by position."""
    if not isinstance(doc.data, dict):
        return [Problem(doc.where(), NOT_MAPPING, "场景文件的顶层必须是映射（id、title、script…）",
                        "文件开头应该是一行行「键: 值」，如 id: first-contact-honest、script: first_contact")]
    problems = schema_mod.check(doc, SCENARIO_SCHEMA)
    if not problems:
        problems = _semantic(doc)
    return sorted(problems, key=Problem.sort_key)


def _semantic(doc: Document) -> list[Problem]:
    data: dict[str, Any] = doc.data
    out: list[Problem] = []
    stem = Path(doc.name).stem
    if stem != data["id"] and Path(doc.name).suffix in (".yaml", ".yml"):
        out.append(Problem(doc.where(("id",)), NAME_MISMATCH,
                           f"场景 id '{clip(data['id'])}' 与文件名 '{clip(stem)}' 不一致",
                           f"把文件改名为 {clip(data['id'])}.yaml，或把 id 改成 {clip(stem)}"))
    account = data["account"]
    if account["min_due"] > account["balance"]:
        out.append(Problem(doc.where(("account", "min_due")), BAD_FIGURES,
                           f"最低还款额 {clip(account['min_due'])} 大于欠款总额 {clip(account['balance'])}",
                           "最低还款额一般是欠款总额的 10%，检查两个数是否写反了"))
    debtor = data.get("debtor") or {}
    if "can_pay" in debtor and "opening_offer" in debtor and debtor["opening_offer"] > debtor["can_pay"]:
        out.append(Problem(doc.where(("debtor", "opening_offer")), BAD_FIGURES,
                           "开口低价 opening_offer 高于实际能还的 can_pay",
                           "opening_offer 是客户先报的低价，应小于等于 can_pay"))
    call = data["call"]
    tz = call.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        out.append(Problem(doc.where(("call", "timezone")), BAD_TIME, f"未知时区 '{clip(tz)}'",
                           "写 IANA 时区名，如 Asia/Shanghai"))
    try:
        when = datetime.fromisoformat(str(call["time"]))
        if when.tzinfo is None:
            raise ValueError
    except ValueError:
        out.append(Problem(doc.where(("call", "time")), BAD_TIME,
                           f"通话时间 '{clip(call['time'])}' 不是带时区的 ISO-8601 时间",
                           "写成 2026-03-02T10:15:00+08:00"))
    role = call.get("answered_by", "debtor")
    persona = data["persona"]
    if role in ROLE_PERSONAS and persona not in ROLE_PERSONAS[role]:
        out.append(Problem(doc.where(("persona",)), BAD_ROLE,
                           f"接电话的是 {role}（{ROLES[role]}），类型却是 {persona}（{PERSONAS[persona]}）",
                           f"改成 persona: {sorted(ROLE_PERSONAS[role])[0]}"))
    if role == "debtor" and persona in {p for s in ROLE_PERSONAS.values() for p in s}:
        out.append(Problem(doc.where(("call",)), BAD_ROLE,
                           f"类型 {persona}（{PERSONAS[persona]}）不是本人，call.answered_by 不能是 debtor",
                           f"在 call 里写 answered_by: {next(r for r, ps in ROLE_PERSONAS.items() if persona in ps)}"))
    out += _check_script(doc, data)
    return out


def _check_script(doc: Document, data: dict[str, Any]) -> list[Problem]:
    ref = _script_ref(data["script"], doc.name)
    where = doc.where(("script",))
    try:
        resolve_script_path(ref)
    except UsageError as exc:
        return [Problem(where, NO_SCRIPT, str(exc),
                        "写内置脚本的 id（如 first_contact），或相对本文件的 .yaml 路径（如 ../scripts/my_tree.yaml）")]
    try:
        script = load_script(ref)
    except InputError as exc:
        first = exc.problems[0] if exc.problems else None
        return [Problem(where, BAD_SCRIPT, f"脚本 {clip(data['script'])} 有 {len(exc.problems)} 个问题"
                        + (f"，第一个：{first}" if first else ""), "先运行 trainer validate 修好脚本")]
    out: list[Problem] = []
    outcomes = {s.outcome for s in script.stages.values() if s.outcome}
    for i, code in enumerate(data["success"]):
        if code not in outcomes and code not in ("complaint", "hung_up", "incomplete"):
            out.append(Problem(doc.where(("success", i)), NO_OUTCOME,
                               f"脚本 {script.id} 没有以 '{code}'（{OUTCOMES[code]}）结束的阶段",
                               "脚本能产生的结果：" + "、".join(sorted(outcomes))))
    from trainer.base.templating import TemplateProblem, template_variables  # lazy: jinja2

    facts = scenario_facts(data)
    needed: dict[str, str] = {}
    for _, line in script.lines():
        try:
            for name in template_variables(line.text):
                needed.setdefault(name, line.id)
        except TemplateProblem:
            continue
    for name in sorted(set(needed) - set(facts)):
        if name not in FACTS or name in CALL_FACTS:
            continue
        hint = ("在 account.previous_promises 里写上一次承诺（date、amount、paid）"
                if name in ("promise_amount", "promise_date", "paid_amount") else f"在 account 里写上 {name}")
        out.append(Problem(doc.where(("account",)), MISSING_FACT,
                           f"脚本话术 {needed[name]} 用到 {{{{ {name} }}}}（{FACTS[name]}），场景没有提供", hint))
    out += _agenda_problems(doc, data, script)
    return out or _render_problems(doc, script, facts)


def tree_codes(script: Script) -> set[str]:
    """Every response code some non-terminal stage or event of the tree has."""
    codes = {r.code for s in script.stages.values() if not s.is_terminal for r in s.responses}
    return codes | {e.code for e in script.events}


def _agenda_problems(doc: Document, data: dict[str, Any], script: Script) -> list[Problem]:
    """The debtor's objection and requests must be things the tree can answer, or the call
    would have the debtor say something no stage handles."""
    debtor = data.get("debtor") or {}
    codes = tree_codes(script)
    out: list[Problem] = []
    objection = debtor.get("objection")
    if objection and objection not in codes:
        out.append(Problem(doc.where(("debtor", "objection")), NO_OBJECTION,
                           f"脚本 {script.id} 没有哪个阶段能应对真实难处 {objection}（{RESPONSES[objection]}）",
                           f"在脚本里给相关阶段加一条 code: {objection} 的回应（写上 next），"
                           "或换一个脚本里有的难处"))
    for i, req in enumerate(debtor.get("requests") or []):
        if not set(REQUEST_CODES[req]) & codes:
            wanted = " 或 ".join(REQUEST_CODES[req])
            out.append(Problem(doc.where(("debtor", "requests", i)), NO_REQUEST,
                               f"脚本 {script.id} 没有哪个阶段能应对客户想问的「{REQUEST_LABELS[req]}」（{req}）",
                               f"在脚本里加一条 code: {wanted} 的回应，或从 requests 里删掉 {req}"))
    return out


# What a call supplies at run time, for rendering every line once at validation.
_SAMPLE_CALL_FACTS = {"promise_amount": 1000, "promise_date": "3月10日", "paid_amount": 0}


def _render_problems(doc: Document, script: Script, facts: dict[str, Any]) -> list[Problem]:
    """Render every line of the script with this scenario's facts, as a call would: what fails
    here would otherwise fail in the middle of `play`, `practice` or `recite`."""
    from trainer.base.templating import TemplateProblem

    out = []
    sample = {**_SAMPLE_CALL_FACTS, **facts}
    for _, line in script.lines():
        try:
            line.render(sample)
        except TemplateProblem as exc:
            out.append(Problem(doc.where(("script",)), RENDER_FAILS,
                               f"脚本 {script.id} 的话术 {line.id} 用本场景的资料渲染失败：{exc.message}",
                               "改正脚本里这句话术的模板，或在场景里补上它要用的资料"))
    return out


def _build(doc: Document, bundled: bool) -> Scenario:
    d: dict[str, Any] = doc.data
    call = d["call"]
    agent = d.get("agent") or {}
    account = dict(d["account"])
    account.setdefault("surname", str(account["name"])[:1])
    return Scenario(
        id=d["id"], title=d["title"], script_id=d["script"], persona=d["persona"],
        difficulty=d["difficulty"], pass_mark=d["pass_mark"], success_outcomes=tuple(d["success"]),
        account=MappingProxyType(account),
        local_time=datetime.fromisoformat(str(call["time"])),
        timezone=call.get("timezone", "Asia/Shanghai"),
        answered_by=call.get("answered_by", "debtor"),
        answerer=MappingProxyType(dict(call.get("answerer") or {})),
        summary=d.get("summary", ""), notes=d.get("notes", ""),
        bank=d.get("bank", DEFAULT_BANK), callback_number=d.get("callback_number", DEFAULT_CALLBACK),
        agent_surname=agent.get("surname", "王"), agent_id=agent.get("id", "A1024"),
        max_turns=d.get("max_turns", 30), promise_window_days=d.get("promise_window_days", 7),
        debtor=MappingProxyType(dict(d.get("debtor") or {})),
        path=doc.name, bundled=bundled,
    )


__all__ = ["Scenario", "SCENARIO_SCHEMA", "ROLES", "load_scenario", "list_scenarios", "peek_scenario",
           "validate_scenario_file", "check_scenario", "bundled_scenario_paths", "Location"]
