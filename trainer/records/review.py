"""The review desk: audited calls and their findings kept with stable ids, and the review trail.

Compliance staff confirm or dismiss each finding of ``trainer audit --store`` with a reason; an
agent may appeal.  What this module promises:

* **Stable ids.**  A finding's id is a short hash of (transcript id, turn, rule, span start, span
  end) (:func:`trainer.compliance.finding.finding_id`): auditing the same call again finds the same
  ids.
* **An append-only trail.**  Every decision is a new row of ``review_events`` (the file refuses
  ``UPDATE`` and ``DELETE`` on it); a finding's status is its latest event: ``confirm`` →
  confirmed, ``dismiss`` → dismissed, ``appeal`` → appealed (waits for a reviewer again),
  ``reopen`` or none → pending.
* **Decisions survive re-runs.**  Each event keeps the rule's own definition hash and the call's
  content hash it was made against.  When a later audit finds the same id but either hash has
  changed, a ``reopen`` event by ``trainer`` says why and the finding is pending again.  A finding
  the latest audit of its call no longer reports is kept (with its trail) but marked inactive.
* **Durability.**  Each audited call and each decision is one transaction, committed before the
  next one starts (WAL, like practice turns): a killed process loses at most the one in flight.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from trainer.base.errors import TrainerError
from trainer.base.vocab import REVIEW_ACTIONS, REVIEW_STATUSES
from trainer.records.common import Connection, content_hash, dumps, loads, now
from trainer.records.store import Store

ACTIONS = ("confirm", "dismiss", "appeal", "reopen")
STATUSES = ("pending", "confirmed", "dismissed", "appealed")
STATUS_OF_ACTION = {"confirm": "confirmed", "dismiss": "dismissed", "appeal": "appealed", "reopen": "pending"}
# what a reviewer reads (to move into trainer/base/vocab.py with the next vocabulary change)
STATUS_TEXT, ACTION_TEXT = REVIEW_STATUSES, REVIEW_ACTIONS
NEEDS_REASON = frozenset({"dismiss", "appeal", "reopen"})
SYSTEM_REVIEWER = "trainer"
MIN_PREFIX = 4  # an id may be typed as a unique prefix of at least this many characters

__all__ = ["ACTIONS", "STATUSES", "Event", "ReviewDesk", "ReviewError", "StoredFinding", "action_text",
           "finding_id", "rule_hashes", "status_text", "transcript_hash"]


def finding_id(f: dict[str, Any]) -> str:
    """The stable id of a finding (:func:`trainer.compliance.finding.finding_id`, loaded on use so
    that opening the records does not load the compliance engine)."""
    from trainer.compliance.finding import finding_id as stable_id

    return stable_id(f)


def status_text(status: str) -> str:
    return STATUS_TEXT.get(status, status)


def action_text(action: str) -> str:
    return ACTION_TEXT.get(action, action)


class ReviewError(TrainerError):
    """A review command that cannot be carried out (unknown id, missing reason…): nothing changed."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


# --------------------------------------------------------------------------- hashes


def transcript_hash(transcript: dict[str, Any]) -> str:
    """The content hash of a transcript as audited (turns, meta and id, canonical JSON)."""
    return content_hash(dumps(transcript))


def rule_hashes(pack: Any) -> dict[str, str]:
    """Each rule's own definition hash: its fields (not where it was loaded from), the lexicons
    its patterns name, and for call-level checks the pack's settings (calling hours…)."""
    data = pack.data
    out = {}
    for rule in data.rules.values():
        fields = {k: v for k, v in rule.__dict__.items() if k != "origin"}
        text = dumps(fields)
        lexicons = _lexicons_named(text, data.lexicons)
        definition = {"rule": fields, "lexicons": {n: data.lexicons[n] for n in sorted(lexicons)}}
        if rule.check == "metadata" or rule.metadata or rule.within:
            definition["settings"] = data.settings
        out[rule.id] = content_hash(dumps(definition))[:16]
    return out


def _lexicons_named(text: str, lexicons: dict[str, dict[str, Any]]) -> set[str]:
    """The lexicons ``text`` names (``@name`` or a quoted name), with the ones they include."""
    found = {n for n in lexicons if f"@{n}" in text or f'"{n}"' in text}
    todo = list(found)
    while todo:
        for other in lexicons[todo.pop()].get("include", ()):
            if other in lexicons and other not in found:
                found.add(other)
                todo.append(other)
    return found


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class StoredFinding:
    """One stored finding with its review status (the latest event of its trail)."""

    id: str
    call: str
    turn: int | None
    speaker: str | None
    rule: str
    category: str
    severity: str
    start: int | None
    end: int | None
    excerpt: str | None
    message: str
    rule_hash: str
    content_hash: str
    active: bool
    status: str
    reason: str | None
    reviewer: str | None
    decided_at: str | None

    @property
    def pending(self) -> bool:
        """Waiting for a reviewer: never decided, reopened, or appealed."""
        return self.active and self.status in ("pending", "appealed")


@dataclass(frozen=True)
class Event:
    """One row of the trail."""

    seq: int
    finding_id: str
    action: str
    reason: str | None
    reviewer: str
    at: str
    rule_hash: str | None
    content_hash: str | None


_FINDING_SQL = """
    SELECT f.id, f.call_id, f.turn, f.speaker, f.rule, f.category, f.severity, f.start, f."end",
           f.excerpt, f.message, f.rule_hash, f.content_hash, f.active,
           e.action, e.reason, e.reviewer, e.at
    FROM audit_findings f
    LEFT JOIN review_events e ON e.seq = (SELECT MAX(seq) FROM review_events WHERE finding_id = f.id)"""


def _stored(row: Any) -> StoredFinding:
    (fid, call, turn, speaker, rule, category, severity, start, end, excerpt, message, rhash, chash,
     active, action, reason, reviewer, at) = tuple(row)
    return StoredFinding(fid, call, turn, speaker, rule, category, severity, start, end, excerpt,
                         message or "", rhash, chash, bool(active),
                         STATUS_OF_ACTION.get(action, "pending"), reason, reviewer, at)


def _last_event(db: Connection, fid: str) -> Any:
    return db.execute("SELECT action, rule_hash, content_hash FROM review_events WHERE finding_id = ? "
                      "ORDER BY seq DESC LIMIT 1", (fid,)).fetchone()


def _append(db: Connection, fid: str, action: str, reason: str | None, reviewer: str, at: str,
            rule_hash: str | None, chash: str | None) -> None:
    db.execute("INSERT INTO review_events(finding_id, action, reason, reviewer, at, rule_hash, content_hash)"
               " VALUES (?,?,?,?,?,?,?)", (fid, action, reason, reviewer, at, rule_hash, chash))


# --------------------------------------------------------------------------- the desk


class ReviewDesk:
    """The review data of one open :class:`~trainer.records.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # the store's transaction and error handling (same package; see store.py)
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.store._write() as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.store._guard():
            yield self.store._db

    # -- audits

    def save_audit(self, transcript: dict[str, Any], findings: Iterable[dict[str, Any]], *,
                   pack_digest: str | None, hashes: dict[str, str]) -> dict[str, str]:
        """Store one audited call and its findings, in one transaction; returns each finding's
        status by id.  A decided finding whose rule or call changed is reopened (the trail says why)."""
        tid = str(transcript.get("id"))
        chash = transcript_hash(transcript)
        meta = transcript.get("meta") if isinstance(transcript.get("meta"), dict) else {}
        at = now()[0]
        findings = list(findings)
        with self._write() as db:
            db.execute(
                """INSERT INTO audited_calls(id, content_hash, pack_digest, audited_at, agent, team,
                       transcript_json) VALUES (?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash,
                       pack_digest = excluded.pack_digest, audited_at = excluded.audited_at,
                       agent = excluded.agent, team = excluded.team,
                       transcript_json = excluded.transcript_json""",
                (tid, chash, pack_digest, at, _text(meta.get("agent")), _text(meta.get("team")),
                 dumps({"id": tid, "meta": meta, "turns": transcript.get("turns") or []})))
            db.execute("UPDATE audit_findings SET active = 0 WHERE call_id = ?", (tid,))
            statuses = {}
            for f in findings:
                fid = finding_id(f)
                rhash = hashes.get(f["rule"], "")
                self._upsert(db, fid, tid, f, rhash, chash, at)
                statuses[fid] = self._carry(db, fid, rhash, chash, at)
        return statuses

    @staticmethod
    def _upsert(db: Connection, fid: str, tid: str, f: dict[str, Any], rhash: str, chash: str,
                at: str) -> None:
        db.execute(
            """INSERT INTO audit_findings(id, call_id, turn, speaker, rule, category, severity, start,
                   "end", spans_json, excerpt, message, rule_hash, content_hash, active, first_seen_at,
                   last_seen_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)
               ON CONFLICT(id) DO UPDATE SET call_id = excluded.call_id, speaker = excluded.speaker,
                   category = excluded.category, severity = excluded.severity,
                   spans_json = excluded.spans_json, excerpt = excluded.excerpt,
                   message = excluded.message, rule_hash = excluded.rule_hash,
                   content_hash = excluded.content_hash, active = 1, last_seen_at = excluded.last_seen_at""",
            (fid, tid, f.get("turn"), f.get("speaker"), f["rule"], f["category"], f["severity"],
             f.get("start"), f.get("end"), dumps(f["spans"]) if f.get("spans") else None,
             f.get("excerpt"), f.get("message"), rhash, chash, at, at))

    @staticmethod
    def _carry(db: Connection, fid: str, rhash: str, chash: str, at: str) -> str:
        """Keep the latest decision if it was made against this rule and this call; else reopen."""
        last = _last_event(db, fid)
        if last is None or last[0] == "reopen":
            return "pending"
        action, decided_rule, decided_call = last
        why = []
        if decided_rule != rhash:
            why.append("规则的定义已修改")
        if decided_call != chash:
            why.append("通话内容已变化")
        if not why:
            return STATUS_OF_ACTION[action]
        _append(db, fid, "reopen", "重新质检时发现" + "、".join(why) + f"，原「{action_text(action)}」不再适用",
                SYSTEM_REVIEWER, at, rhash, chash)
        return "pending"

    # -- reading

    def findings(self, *, pending_only: bool = False, call: str | None = None,
                 include_inactive: bool = False) -> list[StoredFinding]:
        """Stored findings by call and turn; ``pending_only``: what waits for a reviewer."""
        where, params = [], []
        if call is not None:
            where.append("f.call_id = ?")
            params.append(call)
        if not include_inactive or pending_only:
            where.append("f.active = 1")
        sql = _FINDING_SQL + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY f.call_id, f.turn IS NULL, f.turn, f.start, f.rule"
        with self._read() as db:
            rows = [_stored(r) for r in db.execute(sql, params).fetchall()]
        return [r for r in rows if r.pending] if pending_only else rows

    def calls(self) -> list[str]:
        with self._read() as db:
            return [r[0] for r in db.execute("SELECT id FROM audited_calls ORDER BY id")]

    def resolve(self, ref: str) -> str:
        """The full id of ``ref`` (an id or a unique prefix of ≥ 4 characters)."""
        ref = ref.strip().lower()
        with self._read() as db:
            if db.execute("SELECT 1 FROM audit_findings WHERE id = ?", (ref,)).fetchone():
                return ref
            matches = []
            if len(ref) >= MIN_PREFIX and all(c in "0123456789abcdef" for c in ref):
                matches = [r[0] for r in db.execute(
                    "SELECT id FROM audit_findings WHERE id >= ? AND id < ? ORDER BY id LIMIT 5",
                    (ref, ref + "g"))]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ReviewError("RV003", f"编号 {ref} 不唯一，可能是：" + "、".join(matches),
                              "多写几位编号")
        raise ReviewError("RV002", f"没有编号为 {ref} 的质检结果",
                          "编号是 12 位十六进制，用 list 或 trainer review --all 查看")

    def finding(self, ref: str) -> StoredFinding:
        fid = self.resolve(ref)
        with self._read() as db:
            return _stored(db.execute(_FINDING_SQL + " WHERE f.id = ?", (fid,)).fetchone())

    def history(self, ref: str) -> list[Event]:
        fid = self.resolve(ref)
        with self._read() as db:
            rows = db.execute("SELECT seq, finding_id, action, reason, reviewer, at, rule_hash, content_hash"
                              " FROM review_events WHERE finding_id = ? ORDER BY seq", (fid,)).fetchall()
        return [Event(*tuple(r)) for r in rows]

    def transcript(self, call: str) -> dict[str, Any]:
        """The call as it was last audited (id, meta, turns)."""
        with self._read() as db:
            row = db.execute("SELECT transcript_json FROM audited_calls WHERE id = ?", (call,)).fetchone()
        return (loads(row[0], {}) if row else None) or {"id": call, "meta": {}, "turns": []}

    # -- deciding

    def decide(self, ref: str, action: str, reason: str | None, reviewer: str) -> StoredFinding:
        """Append one decision to a finding's trail, committed before returning; the new state."""
        if action not in ACTIONS:
            raise ReviewError("RV001", f"未知的操作 {action}", "可用：" + "、".join(ACTIONS))
        reason = (reason or "").strip() or None
        if action in NEEDS_REASON and not reason:
            raise ReviewError("RV004", f"{action_text(action)}必须写明理由", f"写成：{action} 编号 理由")
        if not reviewer.strip():
            raise ReviewError("RV006", "复核人姓名为空", "用 --reviewer 指定")
        fid = self.resolve(ref)
        with self._write() as db:
            row = db.execute(_FINDING_SQL + " WHERE f.id = ?", (fid,)).fetchone()
            current = _stored(row)
            _check_transition(current, action)
            _append(db, fid, action, reason, reviewer.strip(), now()[0], current.rule_hash,
                    current.content_hash)
        return self.finding(fid)


def _check_transition(current: StoredFinding, action: str) -> None:
    if not current.active:
        raise ReviewError("RV005", f"{current.id} 在最近一次质检中已不再出现，不能再{action_text(action)}",
                          "重新质检这通电话后再复核")
    if action == "appeal" and current.status == "dismissed":
        raise ReviewError("RV005", f"{current.id} 已被驳回，无需申诉")
    if action == "reopen" and current.status == "pending":
        raise ReviewError("RV005", f"{current.id} 本来就在待复核")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
