"""Training records: every call kept in one SQLite file.

The store is the only importer of :mod:`sqlite3`.  What it promises:

* **Where.** ``$TRAINER_DB`` if set, else the user's data directory
  (``$XDG_DATA_HOME/trainer/records.db``, falling back to
  ``~/.local/share/trainer/records.db``; ``~/Library/Application Support/trainer`` on macOS,
  ``%LOCALAPPDATA%\\trainer`` on Windows).  Every records command takes ``--db PATH``.
* **Durability.** WAL journal; each turn is its own transaction, committed as it happens, so a
  process killed mid-call (even with SIGKILL) leaves every turn before the one in flight.
  ``synchronous=NORMAL``: a killed process loses nothing committed; a power cut may lose the last
  few turns but never corrupts the file.  A call that never reached its end is ``incomplete``.
* **Concurrency.** Writers take the write lock up front (``BEGIN IMMEDIATE``) and wait up to
  ``BUSY_TIMEOUT`` seconds for it, so several processes can record at once and lose nothing.
* **Versions.** The schema version lives in ``PRAGMA user_version`` and the file is marked as ours
  with ``PRAGMA application_id``.  Older files are migrated in one transaction on open; a newer,
  foreign or corrupt file is refused with a clear, located error (:class:`StoreError`), never a
  traceback.

Integration with a call (see docs/records.md)::

    store = open_store(args.db)                       # None/"" = the default place
    recorder = Recorder(store, trainee="李明", mode="practice", scenario=scenario, seed=7)
    call = Call.start(scenario, seed=7, mode="practice", observer=recorder)

The recorder writes the call row on the first turn, each turn and its findings as they happen,
and the outcome, score and call-level findings in ``on_end``.  ``record_recital`` keeps a
``trainer recite`` attempt.  ``replay`` re-runs stored calls through the current engine.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.base.errors import InputError, Location, Problem

APPLICATION_ID = 0x54524E52  # "TRNR": marks a trainer records file
SCHEMA_VERSION = 2
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another process's transaction
ENV_DB = "TRAINER_DB"
ENV_TRAINEE = "TRAINER_TRAINEE"
INCOMPLETE = "incomplete"
RECITE_MODE = "recite"


# --------------------------------------------------------------------------- errors and paths


class StoreError(InputError):
    """The records file cannot be used (corrupt, foreign, newer, unwritable)."""

    def __init__(self, path: str | Path, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(Problem(Location(str(path)), code, message, hint))
        self.path = str(path)


def default_db_path() -> Path:
    """Where the records live when no ``--db`` is given."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
                    or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "trainer" / "records.db"


def resolve_db_path(db: str | Path | None) -> Path:
    """``--db`` value (or None) → the path to use."""
    return Path(db).expanduser() if db else default_db_path()


def default_trainee() -> str:
    """The trainee name when none is given: ``$TRAINER_TRAINEE`` or the login name."""
    name = os.environ.get(ENV_TRAINEE, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "学员"
    except Exception:  # no login name (containers, odd platforms)
        return "学员"


def _now() -> tuple[str, float]:
    ts = time.time()
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds"), ts


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _loads(text: str | None, default: Any = None) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def content_hash(text: str | bytes) -> str:
    """sha256 of file content, the version stamp of scripts, scenarios and rule packs."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- schema


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1(db: sqlite3.Connection) -> None:
    _run(db, """
        CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            mode TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_title TEXT,
            script_id TEXT,
            scenario_hash TEXT,
            script_hash TEXT,
            seed INTEGER,
            started_at TEXT,
            ended_at TEXT,
            recorded_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT,
            passed INTEGER,
            score REAL,
            meta_json TEXT NOT NULL DEFAULT '{}',
            result_json TEXT
        );
        CREATE TABLE turns (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            data_json TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (call_id, idx)
        );
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            turn INTEGER,
            rule TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT,
            excerpt TEXT,
            data_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX findings_call ON findings(call_id);
    """)


def _m2(db: sqlite3.Connection) -> None:
    """Rule-pack versions, a sortable recording time, and what each call missed."""
    _run(db, """
        ALTER TABLE calls ADD COLUMN rules_hash TEXT;
        ALTER TABLE calls ADD COLUMN recorded_ts REAL;
        CREATE TABLE misses (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,            -- key_point | response
            code TEXT NOT NULL,
            title TEXT,
            PRIMARY KEY (call_id, kind, code)
        );
        CREATE INDEX calls_trainee_time ON calls(trainee_id, recorded_ts);
        CREATE INDEX calls_time ON calls(recorded_ts);
    """)
    rows = db.execute("SELECT id, recorded_at, result_json FROM calls").fetchall()
    for call_id, recorded_at, result_json in rows:
        try:
            ts = datetime.fromisoformat(recorded_at).timestamp()
        except (TypeError, ValueError):
            ts = 0.0
        db.execute("UPDATE calls SET recorded_ts = ? WHERE id = ?", (ts, call_id))
        _write_misses(db, call_id, _loads(result_json, {}) or {})


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1, _m2]
assert len(MIGRATIONS) == SCHEMA_VERSION


# --------------------------------------------------------------------------- plain records


@dataclass(frozen=True)
class CallRow:
    """One stored call as the commands show it."""

    id: int
    uid: str
    trainee: str
    mode: str
    scenario_id: str
    scenario_title: str | None
    script_id: str | None
    seed: int | None
    started_at: str | None
    ended_at: str | None
    recorded_at: str
    finished_at: str | None
    outcome: str  # "incomplete" when the call never ended
    passed: bool | None
    score: float | None
    versions: dict[str, str | None] = field(default_factory=dict)
    turn_count: int = 0
    finding_count: int = 0

    @property
    def complete(self) -> bool:
        return self.finished_at is not None


# --------------------------------------------------------------------------- the store


class Store:
    """An open records database.  Use :func:`open_store`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db

    # -- lifecycle

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StoreError(self.path, "STORE004",
                                 f"记录库正被其他进程长时间占用（等待超过 {BUSY_TIMEOUT:.0f} 秒）",
                                 "稍后重试") from None
            if "readonly" in text or "read-only" in text:
                raise StoreError(self.path, "STORE005", "记录库不可写（只读文件或目录）") from None
            if "disk" in text and "full" in text:
                raise StoreError(self.path, "STORE006", "磁盘已满，无法写入记录") from None
            raise StoreError(self.path, "STORE003", f"记录库已损坏或无法读取：{text}",
                             "用备份替换它，或用 --db 指定另一个文件") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, "STORE003", f"记录库已损坏或无法读取：{exc}",
                             "用备份替换它，或用 --db 指定另一个文件") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the lock up front so concurrent writers queue."""
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- writing

    def _trainee_id(self, db: sqlite3.Connection, name: str) -> int:
        db.execute("INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, ?)", (name, _now()[0]))
        return db.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()[0]

    def begin_call(self, *, uid: str, trainee: str, mode: str, scenario_id: str,
                   scenario_title: str | None = None, script_id: str | None = None,
                   versions: dict[str, str | None] | None = None, seed: int | None = None,
                   meta: dict[str, Any] | None = None) -> int:
        """Create the row of a call that is starting; returns its numeric id."""
        versions = versions or {}
        meta = meta or {}
        recorded_at, ts = _now()
        with self._write() as db:
            trainee_id = self._trainee_id(db, trainee)
            uid = self._free_uid(db, uid)
            cur = db.execute(
                """INSERT INTO calls(uid, trainee_id, mode, scenario_id, scenario_title, script_id,
                       scenario_hash, script_hash, rules_hash, seed, started_at, recorded_at,
                       recorded_ts, meta_json)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (uid, trainee_id, mode, scenario_id, scenario_title, script_id,
                 versions.get("scenario"), versions.get("script"), versions.get("rules"),
                 seed, meta.get("started_at"), recorded_at, ts, _dumps(meta)))
            return int(cur.lastrowid)

    @staticmethod
    def _free_uid(db: sqlite3.Connection, uid: str) -> str:
        candidate, n = uid, 1
        while db.execute("SELECT 1 FROM calls WHERE uid = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{uid}-{n}"
        return candidate

    def add_turn(self, call_id: int, index: int, turn: dict[str, Any],
                 findings: Iterable[dict[str, Any]] = ()) -> None:
        """Record one turn and the findings on it, committed before returning."""
        recorded_at = _now()[0]
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO turns(call_id, idx, speaker, text, data_json, recorded_at)"
                       " VALUES (?,?,?,?,?,?)",
                       (call_id, index, str(turn.get("speaker", "")), str(turn.get("text", "")),
                        _dumps(turn), recorded_at))
            for finding in findings:
                _insert_finding(db, call_id, finding, default_turn=index)

    def finish_call(self, call_id: int, result: dict[str, Any]) -> None:
        """Record the end of a call: outcome, pass, score, all findings and what was missed.

        ``result`` is the ``play --format json`` dict; its transcript's turns complete the
        ones recorded so far (nothing recorded is dropped)."""
        finished_at = _now()[0]
        transcript = result.get("transcript") or {}
        meta = transcript.get("meta") or {}
        score = result.get("score")
        total = score.get("total") if isinstance(score, dict) else score
        stored_result = {k: v for k, v in result.items() if k != "transcript"}
        turns_at = [t.get("at") for t in transcript.get("turns") or [] if isinstance(t, dict) and t.get("at")]
        ended_at = meta.get("ended_at") or (turns_at[-1] if turns_at else None)
        with self._write() as db:
            have = {row[0] for row in db.execute("SELECT idx FROM turns WHERE call_id = ?", (call_id,))}
            for index, turn in enumerate(transcript.get("turns") or []):
                if index not in have:
                    db.execute("INSERT INTO turns(call_id, idx, speaker, text, data_json, recorded_at)"
                               " VALUES (?,?,?,?,?,?)",
                               (call_id, index, str(turn.get("speaker", "")), str(turn.get("text", "")),
                                _dumps(turn), finished_at))
            if "findings" in result:
                db.execute("DELETE FROM findings WHERE call_id = ?", (call_id,))
                for finding in result.get("findings") or []:
                    _insert_finding(db, call_id, finding, default_turn=None)
            old_meta = _loads(db.execute("SELECT meta_json FROM calls WHERE id = ?",
                                         (call_id,)).fetchone()[0], {})
            db.execute(
                """UPDATE calls SET outcome = ?, passed = ?, score = ?, result_json = ?,
                       finished_at = ?, ended_at = COALESCE(?, ended_at),
                       started_at = COALESCE(started_at, ?), meta_json = ?
                   WHERE id = ?""",
                (result.get("outcome") or INCOMPLETE,
                 None if result.get("passed") is None else int(bool(result.get("passed"))),
                 None if total is None else float(total), _dumps(stored_result), finished_at,
                 ended_at, meta.get("started_at"), _dumps({**old_meta, **meta}), call_id))
            _write_misses(db, call_id, stored_result)

    def save_transcript_call(self, *, trainee: str, mode: str, scenario_id: str,
                             result: dict[str, Any], versions: dict[str, str | None] | None = None,
                             seed: int | None = None, scenario_title: str | None = None,
                             script_id: str | None = None) -> int:
        """Record a whole finished call at once (imports, recitals, tests)."""
        transcript = result.get("transcript") or {}
        call_id = self.begin_call(uid=str(transcript.get("id") or _new_uid(mode)), trainee=trainee,
                                  mode=mode, scenario_id=scenario_id, scenario_title=scenario_title,
                                  script_id=script_id, versions=versions, seed=seed,
                                  meta=transcript.get("meta") or {})
        self.finish_call(call_id, result)
        return call_id

    # -- reading

    def calls(self, *, trainee: str | None = None, ids: Iterable[str] = (),
              include_recitals: bool = True, limit: int | None = None,
              oldest_first: bool = False) -> list[CallRow]:
        """Stored calls, newest first (or oldest first), optionally of one trainee or by id/uid."""
        where, params = [], []
        if trainee is not None:
            where.append("t.name = ?")
            params.append(trainee)
        if not include_recitals:
            where.append("c.mode != ?")
            params.append(RECITE_MODE)
        wanted = [str(i) for i in ids]
        if wanted:
            marks = ",".join("?" * len(wanted))
            numeric = [int(w.lstrip("#")) for w in wanted if w.lstrip("#").isdigit()]
            clause = f"c.uid IN ({marks})"
            params.extend(wanted)
            if numeric:
                clause += f" OR c.id IN ({','.join('?' * len(numeric))})"
                params.extend(numeric)
            where.append(f"({clause})")
        order = "ASC" if oldest_first else "DESC"
        sql = f"""
            SELECT c.*, t.name AS trainee,
                   (SELECT COUNT(*) FROM turns u WHERE u.call_id = c.id) AS turn_count,
                   (SELECT COUNT(*) FROM findings f WHERE f.call_id = c.id) AS finding_count
            FROM calls c JOIN trainees t ON t.id = c.trainee_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY c.recorded_ts {order}, c.id {order}
            {"LIMIT " + str(int(limit)) if limit else ""}"""
        with self._guard():
            rows = self._db.execute(sql, params).fetchall()
        return [_call_row(r) for r in rows]

    def find_calls(self, refs: Iterable[str]) -> list[CallRow]:
        """The calls named by ``refs`` (numeric id, ``#id`` or transcript id), in the order given;
        raises :class:`StoreError` naming every reference that matches nothing."""
        refs = list(refs)
        found = self.calls(ids=refs, oldest_first=True)
        by_ref: dict[str, CallRow] = {}
        for row in found:
            by_ref[row.uid] = row
            by_ref[str(row.id)] = row
            by_ref[f"#{row.id}"] = row
        missing = [r for r in refs if r not in by_ref]
        if missing:
            raise StoreError(self.path, "STORE010", "找不到这些通话：" + "、".join(missing),
                             "用 trainer history 查看通话编号")
        out, seen = [], set()
        for r in refs:
            row = by_ref[r]
            if row.id not in seen:
                seen.add(row.id)
                out.append(row)
        return out

    def trainees(self) -> list[str]:
        with self._guard():
            return [r[0] for r in self._db.execute("SELECT name FROM trainees ORDER BY name")]

    def turns(self, call_id: int) -> list[dict[str, Any]]:
        with self._guard():
            rows = self._db.execute("SELECT speaker, text, data_json FROM turns WHERE call_id = ? "
                                    "ORDER BY idx", (call_id,)).fetchall()
        out = []
        for speaker, text, data in rows:
            turn = _loads(data, {}) or {}
            turn["speaker"], turn["text"] = speaker, text
            out.append(turn)
        return out

    def findings(self, call_id: int | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT f.call_id, f.turn, f.rule, f.category, f.severity, f.message, f.excerpt, "
               "f.data_json FROM findings f")
        params: tuple[Any, ...] = ()
        if call_id is not None:
            sql += " WHERE f.call_id = ?"
            params = (call_id,)
        with self._guard():
            rows = self._db.execute(sql + " ORDER BY f.call_id, f.id", params).fetchall()
        out = []
        for cid, turn, rule, category, severity, message, excerpt, data in rows:
            finding = _loads(data, {}) or {}
            finding.update({"turn": turn, "rule": rule, "category": category, "severity": severity,
                            "message": message, "excerpt": excerpt})
            finding["_call_id"] = cid
            out.append(finding)
        return out

    def misses(self, call_ids: Iterable[int] | None = None) -> list[tuple[int, str, str, str | None]]:
        """``(call_id, kind, code, title)`` of every key point / response type a call missed."""
        with self._guard():
            rows = self._db.execute("SELECT call_id, kind, code, title FROM misses "
                                    "ORDER BY call_id, kind, code").fetchall()
        if call_ids is None:
            return [tuple(r) for r in rows]
        wanted = set(call_ids)
        return [tuple(r) for r in rows if r[0] in wanted]

    def result(self, call_id: int) -> dict[str, Any] | None:
        with self._guard():
            row = self._db.execute("SELECT result_json FROM calls WHERE id = ?", (call_id,)).fetchone()
        return _loads(row[0]) if row else None

    def transcript(self, row: CallRow) -> dict[str, Any]:
        """The stored call as a DESIGN.md transcript (extra meta fields say where it came from)."""
        with self._guard():
            meta_json = self._db.execute("SELECT meta_json FROM calls WHERE id = ?",
                                         (row.id,)).fetchone()[0]
        meta = _loads(meta_json, {}) or {}
        meta.setdefault("timezone", "Asia/Shanghai")
        meta["record"] = {
            "id": row.id, "trainee": row.trainee, "mode": row.mode, "scenario": row.scenario_id,
            "seed": row.seed, "outcome": row.outcome, "passed": row.passed, "score": row.score,
            "recorded_at": row.recorded_at, "finished_at": row.finished_at, "versions": row.versions,
        }
        if row.started_at and not meta.get("started_at"):
            meta["started_at"] = row.started_at
        return {"id": row.uid, "meta": meta, "turns": self.turns(row.id)}


# --------------------------------------------------------------------------- helpers


def _insert_finding(db: sqlite3.Connection, call_id: int, finding: dict[str, Any],
                    default_turn: int | None) -> None:
    turn = finding.get("turn", default_turn)
    db.execute("INSERT INTO findings(call_id, turn, rule, category, severity, message, excerpt, data_json)"
               " VALUES (?,?,?,?,?,?,?,?)",
               (call_id, turn if isinstance(turn, int) else None, str(finding.get("rule", "")),
                str(finding.get("category", "")), str(finding.get("severity", "")),
                finding.get("message"), finding.get("excerpt"), _dumps(finding)))


def misses_from_result(result: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """What a call's result says the trainee missed: ``(kind, code, title)``.

    Reads ``result["missed"]`` (``{"key_points": [...], "responses": [...]}``, items either ids
    or dicts with ``id``/``code`` and ``title``) and, failing that, the score's deductions that
    name a ``key_point`` or a ``response``."""
    out: dict[tuple[str, str], str | None] = {}

    def add(kind: str, item: Any) -> None:
        if isinstance(item, dict):
            code = item.get("id") or item.get("code") or item.get(kind)
            title = item.get("title") or item.get("label")
        else:
            code, title = item, None
        if code:
            key = (kind, str(code))
            out[key] = out.get(key) or (str(title) if title else None)

    missed = result.get("missed")
    if isinstance(missed, dict):
        for item in missed.get("key_points") or []:
            add("key_point", item)
        for item in missed.get("responses") or []:
            add("response", item)
    score = result.get("score")
    deductions = score.get("deductions") if isinstance(score, dict) else None
    for item in deductions or []:
        if not isinstance(item, dict):
            continue
        if item.get("key_point"):
            add("key_point", {"id": item["key_point"], "title": item.get("title")})
        elif item.get("response"):
            add("response", {"id": item["response"], "title": item.get("title")})
    if not isinstance(missed, dict) or "responses" not in missed:
        turns = (result.get("transcript") or {}).get("turns") or []
        for code in missed_responses(turns):
            add("response", code)
    return [(kind, code, title) for (kind, code), title in out.items()]


def missed_responses(turns: Iterable[dict[str, Any]]) -> list[str]:
    """Debtor response types the agent's next line did not answer.

    A reply with a known answer (``trainer.sim.session.ANSWERS``: ``NO_MONEY`` → probe the reason or
    show understanding, ``ASK_WHO`` → identify yourself …) is *missed* when the agent's very next
    line has none of those acts.  Uses the ``response`` and ``acts`` annotations of the turns."""
    try:
        from trainer.sim.session import ANSWERS
    except Exception:  # the engine cannot be loaded: nothing to judge against, still record the call
        return []
    out: list[str] = []
    pending: str | None = None
    for turn in turns:
        if turn.get("speaker") == "agent":
            if pending and not set(turn.get("acts") or ()) & set(ANSWERS[pending]):
                out.append(pending)
            pending = None
        else:
            code = turn.get("response")
            pending = code if code in ANSWERS else None
    return out


def missed_from_call(call: Any) -> dict[str, list[dict[str, Any]]]:
    """What a finished :class:`trainer.sim.session.Call` missed: the required key points of every
    stage it went through that the agent never covered there (as the scorer counts them), and
    the debtor responses left unanswered (:func:`missed_responses`)."""
    key_points: list[dict[str, Any]] = []
    script = getattr(call, "script", None)
    covered = getattr(call, "covered", {}) or {}
    seen: set[str] = set()
    for sid, _first in getattr(call, "visits", ()) or ():
        stage = getattr(script, "stages", {}).get(sid)
        if stage is None or sid in seen or stage.is_terminal:
            continue
        seen.add(sid)
        for kp in stage.key_points:
            if kp.required and kp.id not in covered.get(sid, {}):
                key_points.append({"id": kp.id, "title": kp.title, "stage": sid})
    turns = list(getattr(call, "turns", ()) or ())
    return {"key_points": key_points, "responses": [{"code": c} for c in missed_responses(turns)]}


def _write_misses(db: sqlite3.Connection, call_id: int, result: dict[str, Any]) -> None:
    db.execute("DELETE FROM misses WHERE call_id = ?", (call_id,))
    db.executemany("INSERT OR REPLACE INTO misses(call_id, kind, code, title) VALUES (?,?,?,?)",
                   [(call_id, k, c, t) for k, c, t in misses_from_result(result)])


def _call_row(r: sqlite3.Row) -> CallRow:
    finished = r["finished_at"]
    outcome = r["outcome"] if finished and r["outcome"] else INCOMPLETE
    return CallRow(
        id=r["id"], uid=r["uid"], trainee=r["trainee"], mode=r["mode"], scenario_id=r["scenario_id"],
        scenario_title=r["scenario_title"], script_id=r["script_id"], seed=r["seed"],
        started_at=r["started_at"], ended_at=r["ended_at"], recorded_at=r["recorded_at"],
        finished_at=finished, outcome=outcome,
        passed=None if r["passed"] is None else bool(r["passed"]), score=r["score"],
        versions={"scenario": r["scenario_hash"], "script": r["script_hash"], "rules": r["rules_hash"]},
        turn_count=r["turn_count"], finding_count=r["finding_count"])


def _new_uid(mode: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{mode}-{stamp}-{os.getpid()}-{os.urandom(2).hex()}"


# --------------------------------------------------------------------------- opening


def open_store(db: str | Path | None = None, *, create: bool = True) -> Store | None:
    """Open (and create or migrate) the records database.

    ``db`` is the ``--db`` value (None = :func:`default_db_path`).  With ``create=False`` a file
    that does not exist gives ``None`` instead of being created — for commands that only read.
    Raises :class:`StoreError` for a file that is not a trainer records database."""
    path = resolve_db_path(db)
    if path.is_dir():
        raise StoreError(path, "STORE001", "这是一个目录，不是记录库文件", "用 --db 指定一个文件路径")
    if not path.exists():
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(path, "STORE005", f"无法创建记录库所在的目录：{exc.strerror or exc}") from None
    elif path.stat().st_size and not _looks_like_sqlite(path):
        raise StoreError(path, "STORE002", "这不是 trainer 的记录库（不是 SQLite 数据库文件）",
                         "用 --db 指定正确的记录库文件")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(path, "STORE005", f"无法打开记录库：{exc}") from None
    conn.row_factory = sqlite3.Row
    store = Store(path, conn)
    try:
        with store._guard():
            _prepare(store, conn)
    except BaseException:
        conn.close()
        raise
    return store


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # let sqlite report the real problem


def _prepare(store: Store, conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # one read transaction, so that the three answers belong together: read one by one, a file
    # that another process was creating could show no version yet but already its tables
    conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        foreign_tables = app_id == 0 and _has_tables(conn)
    finally:
        conn.execute("COMMIT")
    if app_id not in (0, APPLICATION_ID) or foreign_tables:
        raise StoreError(store.path, "STORE002", "这不是 trainer 的记录库（是别的程序的 SQLite 数据库）",
                         "用 --db 指定正确的记录库文件")
    if version > SCHEMA_VERSION:
        raise StoreError(store.path, "STORE007",
                         f"记录库由更新版本的 trainer 创建（结构版本 {version}，本程序只认识到 {SCHEMA_VERSION}）",
                         "请升级 trainer")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
    conn.execute("PRAGMA synchronous = NORMAL")
    if version < SCHEMA_VERSION:
        _migrate(conn)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0


def _retry_busy(fn: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to SCHEMA_VERSION in one transaction (safe against a concurrent migrator)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and _has_tables(conn):
            raise sqlite3.DatabaseError("unexpected tables in an unversioned file")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --------------------------------------------------------------------------- versions


def versions_of(scenario: Any) -> dict[str, str | None]:
    """Content hashes of what a call was played against: scenario file, script file, rule pack."""
    out: dict[str, str | None] = {"scenario": None, "script": None, "rules": None}
    path = getattr(scenario, "path", None)
    if path:
        try:
            out["scenario"] = content_hash(Path(path).read_bytes())
        except OSError:
            pass
    try:
        out["script"] = getattr(scenario.script(), "digest", None)
    except Exception:  # a scenario whose script cannot be loaded is reported by the engine
        pass
    out["rules"] = rules_digest()
    return out


def rules_digest() -> str | None:
    """The content hash of the current compliance rule pack (None if it cannot be loaded)."""
    try:
        from trainer.compliance import load_pack

        pack = load_pack()
    except Exception:
        return None
    digest = getattr(pack, "digest", None)
    return digest() if callable(digest) else digest


# --------------------------------------------------------------------------- recording a call


class Recorder:
    """A ``Call`` observer that writes the call into the store as it happens.

    ``Call.start(scenario, seed=seed, mode=mode, observer=Recorder(store, trainee, mode, scenario,
    seed=seed))``.  The call row is created on the first turn, each turn is committed in
    ``on_turn``, and ``on_end`` stores outcome, score, all findings and what was missed.
    ``versions`` defaults to :func:`versions_of(scenario) <versions_of>`.
    """

    def __init__(self, store: Store, trainee: str, mode: str, scenario: Any,
                 versions: dict[str, str | None] | None = None, *, seed: int | None = None) -> None:
        self.store = store
        self.trainee = trainee
        self.mode = mode
        self.scenario = scenario
        self.versions = versions if versions is not None else versions_of(scenario)
        self.seed = seed
        self.call_id: int | None = None
        self.finished = False

    def _begin(self, call: Any) -> int:
        if self.call_id is None:
            transcript: dict[str, Any] = {}
            if callable(getattr(call, "transcript", None)):
                transcript = call.transcript() or {}
            meta = dict(transcript.get("meta") or {})
            path = getattr(self.scenario, "path", "")
            if path and not getattr(self.scenario, "bundled", False):
                meta.setdefault("scenario_path", str(path))
            seed = getattr(call, "seed", None)
            self.call_id = self.store.begin_call(
                uid=str(transcript.get("id") or _new_uid(self.mode)), trainee=self.trainee,
                mode=self.mode, scenario_id=str(getattr(self.scenario, "id", self.scenario)),
                scenario_title=getattr(self.scenario, "title", None),
                script_id=getattr(self.scenario, "script_id", None), versions=self.versions,
                seed=seed if isinstance(seed, int) else self.seed, meta=meta)
        return self.call_id

    def on_turn(self, call: Any, index: int, turn: dict[str, Any], findings: list[dict[str, Any]]) -> None:
        self.store.add_turn(self._begin(call), index, turn, findings)

    def on_end(self, call: Any, result: dict[str, Any]) -> None:
        if self.finished:
            return
        if "missed" not in result and getattr(call, "script", None) is not None:
            result = {**result, "missed": missed_from_call(call)}
        self.store.finish_call(self._begin(call), result)
        self.finished = True


def record_recital(store: Store, *, trainee: str, recital: Any, result: Any,
                   versions: dict[str, str | None] | None = None) -> int:
    """Keep one ``trainer recite`` attempt (mode ``recite``); returns the record id.

    ``recital`` is a :class:`trainer.sim.recite.Recital`, ``result`` its ``RecitalResult`` (or the
    ``to_dict()`` of one); ``versions`` e.g. ``{"script": script.digest}``.  The attempt is stored as a one-turn agent transcript; its score is the
    accuracy in percent and missing required elements count as missed key points."""
    data = result.to_dict() if callable(getattr(result, "to_dict", None)) else dict(result)
    percent = getattr(result, "percent", None)
    if percent is None:
        percent = int(float(data.get("accuracy", 0)) * 100 + 1e-9)
    script_id = str(getattr(recital, "script_id", "") or data.get("script") or "")
    line_id = getattr(recital, "line_id", None)
    missed = [{"id": f"recite.{e.get('key')}", "title": e.get("label")}
              for e in data.get("elements", []) if not e.get("present")]
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    outcome = "recited" if data.get("passed") else "recite_failed"
    stored = {"scenario": getattr(recital, "scenario_id", None), "line": line_id, "outcome": outcome,
              "passed": bool(data.get("passed")), "score": {"total": percent}, "findings": [],
              "recital": data, "missed": {"key_points": missed}, "transcript": {
                  "id": _new_uid(RECITE_MODE), "meta": {"contact": "debtor", "started_at": now},
                  "turns": [{"speaker": "agent", "text": str(data.get("attempt", ""))}]}}
    if versions is None:
        versions = {"script": None}
    return store.save_transcript_call(trainee=trainee, mode=RECITE_MODE, scenario_id=script_id,
                                      scenario_title=f"背诵：{line_id or script_id}", script_id=script_id,
                                      result=stored, versions=versions)


# --------------------------------------------------------------------------- replay


@dataclass(frozen=True)
class Replayed:
    """A stored call played again against today's scripts and rules."""

    call: CallRow
    outcome: str | None = None
    passed: bool | None = None
    score: float | None = None
    changed_versions: tuple[str, ...] = ()  # which of scenario/script/rules changed since
    unused_lines: int = 0  # agent lines left over because the call ended earlier this time
    skipped: str | None = None  # why it could not be replayed (Chinese, for the user)

    @property
    def changed(self) -> bool:
        if self.skipped:
            return False
        old_score = None if self.call.score is None else round(self.call.score, 1)
        new_score = None if self.score is None else round(self.score, 1)
        return (self.outcome, self.passed, new_score) != (self.call.outcome, self.call.passed, old_score)

    @property
    def flipped(self) -> bool:
        return self.changed and self.passed != self.call.passed


def replay(store: Store, *, trainee: str | None = None, refs: Iterable[str] = (),
           progress: Callable[[int, int], None] | None = None) -> list[Replayed]:
    """Re-run stored calls' agent lines through the current engine with the stored seed.

    Read-only: the store is not changed.  Recitals and calls that never ended are skipped."""
    refs = list(refs)
    rows = store.find_calls(refs) if refs else store.calls(trainee=trainee, include_recitals=False,
                                                          oldest_first=True)
    if refs and trainee is not None:
        rows = [r for r in rows if r.trainee == trainee]
    out = []
    current_rules = rules_digest()
    for n, row in enumerate(rows, 1):
        out.append(_replay_one(store, row, current_rules))
        if progress:
            progress(n, len(rows))
    return out


def _replay_one(store: Store, row: CallRow, current_rules: str | None) -> Replayed:
    if row.mode == RECITE_MODE:
        return Replayed(row, skipped="背诵记录不重放")
    if not row.complete:
        return Replayed(row, skipped="通话未完成，没有可比较的结果")
    from trainer.content.scenario import load_scenario
    from trainer.sim.session import play_lines

    meta = store.transcript(row)["meta"]
    scenario = None
    for ref in (row.scenario_id, meta.get("scenario_path")):
        if not ref:
            continue
        try:
            scenario = load_scenario(ref)
            break
        except Exception:
            continue
    if scenario is None:
        return Replayed(row, skipped=f"场景 {row.scenario_id} 已不存在或无法加载")
    now = versions_of(scenario)
    now["rules"] = current_rules
    changed = tuple(k for k in ("scenario", "script", "rules")
                    if row.versions.get(k) and now.get(k) and row.versions[k] != now[k])
    lines = [t["text"] for t in store.turns(row.id) if t.get("speaker") == "agent"]
    try:
        result = play_lines(scenario, lines, seed=row.seed if row.seed is not None else 0,
                            mode=row.mode if row.mode in ("practice", "exam", "play") else "play")
        used = sum(1 for turn in result["transcript"]["turns"] if turn["speaker"] == "agent")
    except Exception as exc:  # a script that no longer runs is a finding of replay, not a crash
        return Replayed(row, skipped=f"重放失败：{exc}", changed_versions=changed)
    score = result.get("score")
    total = score.get("total") if isinstance(score, dict) else score
    return Replayed(row, outcome=result.get("outcome") or INCOMPLETE,
                    passed=None if result.get("passed") is None else bool(result.get("passed")),
                    score=None if total is None else float(total), changed_versions=changed,
                    unused_lines=len(lines) - used)
