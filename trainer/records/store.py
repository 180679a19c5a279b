"""The records file: opening (creating, migrating), the :class:`Store`, and its reads and writes.

This module is the only importer of :mod:`sqlite3`, which is why it is a little over 600 lines: every
query of the records lives here, beside the connection it needs.  What it promises:

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
and the outcome, score and call-level findings in ``on_end`` (:mod:`trainer.records.recorder`);
:mod:`trainer.records.replay` re-runs stored calls through the current engine.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from trainer.records.common import (
    APPLICATION_ID,
    BUSY_TIMEOUT,
    INCOMPLETE,
    RECITE_MODE,
    SCHEMA_VERSION,
    StoreError,
    dumps,
    loads,
    now,
    resolve_db_path,
)
from trainer.records.migrations import announce_upgrade, has_tables, migrate
from trainer.records.rows import (
    CallRow,
    HistoryRow,
    call_row,
    export_head,
    insert_finding,
    new_uid,
    turn_json,
    write_misses,
)
from trainer.zh.display import clip, visible

_CALL_NUMBER = re.compile(r"#?[0-9]{1,18}")
_SAVE_TURN = ("INSERT OR REPLACE INTO turns(call_id, idx, speaker, text, data_json, recorded_at)"
              " VALUES (?,?,?,?,?,?)")

# --------------------------------------------------------------------------- the store


class Store:
    """An open records database.  Use :func:`open_store`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.notes: list[str] = []  # odd stored values read as missing (the CLI shows them)
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
        except sqlite3.DatabaseError as exc:
            self._failed(exc)

    def _failed(self, exc: sqlite3.DatabaseError) -> NoReturn:
        """Raise the :class:`StoreError` that says what ``exc`` means for the trainee's records."""
        if isinstance(exc, sqlite3.OperationalError):
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StoreError(self.path, "STORE004",
                                 f"记录库正被其他进程长时间占用（等待超过 {BUSY_TIMEOUT:.0f} 秒）",
                                 "稍后重试") from None
            if "readonly" in text or "read-only" in text:
                raise StoreError(self.path, "STORE005", "记录库是只读的（只读文件、目录或文件系统），无法写入；"
                                 "记录没有损坏", "让它可写，或用 --db 指定一个可写的文件") from None
            if "unable to open" in text:  # SQLITE_CANTOPEN: permissions or a read-only place, never corruption
                raise StoreError(self.path, "STORE005", "无法打开记录库（只读目录或没有权限？）；记录没有损坏",
                                 "检查文件和所在目录的权限，或用 --db 指定另一个文件") from None
            if "disk" in text and "full" in text:
                raise StoreError(self.path, "STORE006", "磁盘已满，无法写入记录") from None
            raise StoreError(self.path, "STORE003", f"记录库已损坏或无法读取：{text}",
                             "用备份替换它，或用 --db 指定另一个文件") from None
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
        db.execute("INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, ?)", (name, now()[0]))
        return db.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()[0]

    def begin_call(self, *, uid: str, trainee: str, mode: str, scenario_id: str,
                   scenario_title: str | None = None, script_id: str | None = None,
                   versions: dict[str, str | None] | None = None, seed: int | None = None,
                   meta: dict[str, Any] | None = None) -> int:
        """Create the row of a call that is starting; returns its numeric id."""
        versions = versions or {}
        meta = meta or {}
        recorded_at, ts = now()
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
                 seed, meta.get("started_at"), recorded_at, ts, dumps(meta)))
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
        row = (call_id, index, str(turn.get("speaker", "")), str(turn.get("text", "")), dumps(turn), now()[0])
        if findings:
            with self._write() as db:
                db.execute(_SAVE_TURN, row)
                for finding in findings:
                    insert_finding(db, call_id, finding, default_turn=index)
            return
        # the usual turn, without findings: the same transaction as _write(), spelled out (this
        # runs after every line a trainee types, and the context managers were a fifth of its cost)
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(_SAVE_TURN, row)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._failed(exc)

    def finish_call(self, call_id: int, result: dict[str, Any]) -> None:
        """Record the end of a call: outcome, pass, score, all findings and what was missed.

        ``result`` is the ``play --format json`` dict; its transcript's turns complete the
        ones recorded so far (nothing recorded is dropped)."""
        finished_at = now()[0]
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
                                dumps(turn), finished_at))
            if "findings" in result:
                db.execute("DELETE FROM findings WHERE call_id = ?", (call_id,))
                for finding in result.get("findings") or []:
                    insert_finding(db, call_id, finding, default_turn=None)
            old_meta = loads(db.execute("SELECT meta_json FROM calls WHERE id = ?",
                                         (call_id,)).fetchone()[0], {})
            db.execute(
                """UPDATE calls SET outcome = ?, passed = ?, score = ?, result_json = ?,
                       finished_at = ?, ended_at = COALESCE(?, ended_at),
                       started_at = COALESCE(started_at, ?), meta_json = ?
                   WHERE id = ?""",
                (result.get("outcome") or INCOMPLETE,
                 None if result.get("passed") is None else int(bool(result.get("passed"))),
                 None if total is None else float(total), dumps(stored_result), finished_at,
                 ended_at, meta.get("started_at"), dumps({**old_meta, **meta}), call_id))
            write_misses(db, call_id, stored_result)

    def save_transcript_call(self, *, trainee: str, mode: str, scenario_id: str,
                             result: dict[str, Any], versions: dict[str, str | None] | None = None,
                             seed: int | None = None, scenario_title: str | None = None,
                             script_id: str | None = None) -> int:
        """Record a whole finished call at once (imports, recitals, tests)."""
        transcript = result.get("transcript") or {}
        call_id = self.begin_call(uid=str(transcript.get("id") or new_uid(mode)), trainee=trainee,
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
            # a call number is 1 to 18 ASCII digits (an SQLite INTEGER); anything else is a uid
            numeric = [int(w.lstrip("#")) for w in wanted if _CALL_NUMBER.fullmatch(w)]
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
        return [call_row(_plain_row(r, self.notes)) for r in rows]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        """Stream the rows of one read query as plain tuples (no :class:`sqlite3.Row`), with the
        store's errors; what :mod:`trainer.records.stats` and the streaming reads below use."""
        with self._guard():
            cur = self._db.cursor()
            cur.row_factory = None
            cur.execute(sql, params)
            while batch := cur.fetchmany(512):
                yield from batch

    def history(self, *, trainee: str | None = None, limit: int | None = None) -> Iterator[HistoryRow]:
        """``trainer history``: calls newest first, only the columns shown, streamed.  ``violations``
        counts distinct (turn, rule) pairs."""
        where, params = ("WHERE c.trainee_id = (SELECT id FROM trainees WHERE name = ?)", [trainee]) \
            if trainee is not None else ("", [])
        sql = f"""SELECT c.id, c.recorded_at, t.name, c.mode, c.scenario_id, c.scenario_title,
                         CASE WHEN c.finished_at IS NOT NULL THEN c.outcome END, c.score, c.passed,
                         (SELECT COUNT(*) FROM (SELECT DISTINCT f.turn, f.rule FROM findings f
                                                WHERE f.call_id = c.id))
                  FROM calls c JOIN trainees t ON t.id = c.trainee_id {where}
                  ORDER BY c.recorded_ts DESC, c.id DESC {"LIMIT " + str(int(limit)) if limit else ""}"""
        notes = self.notes
        return (_history_row(values, notes) for values in self.rows(sql, params))

    def history_labels(self, trainee: str | None = None) -> tuple[int, list[tuple[str, str, str, str | None]]]:
        """The largest call id and every distinct (trainee, mode, scenario, title) a history of
        ``trainee`` (or of everybody) can show: what its columns must be wide enough for."""
        where, params = ("WHERE t.name = ?", [trainee]) if trainee is not None else ("", [])
        top = next(self.rows("SELECT COALESCE(MAX(id), 0) FROM calls"))[0]
        sql = f"""SELECT DISTINCT t.name, c.mode, c.scenario_id, c.scenario_title
                  FROM calls c JOIN trainees t ON t.id = c.trainee_id {where}"""
        return top, list(self.rows(sql, params))

    def export(self, *, trainee: str | None = None, include_recitals: bool = False,
               ids: Sequence[int] | None = None) -> Iterator[dict[str, Any]]:
        """Stored calls as DESIGN.md transcripts, oldest first (or by id when ``ids`` are given),
        streamed.  ``turns`` is a :class:`RawJSON`: the JSON array of the turns as recorded, which
        ``trainer.content.transcript.dumps_line`` writes out unparsed."""
        where, params = [], []
        if trainee is not None:
            where.append("c.trainee_id = (SELECT id FROM trainees WHERE name = ?)")
            params.append(trainee)
        if not include_recitals:
            where.append("c.mode != ?")
            params.append(RECITE_MODE)
        if ids is not None:
            where.append(f"c.id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        order = "c.recorded_ts, c.id" if ids is None else "c.id"
        clause = "WHERE " + " AND ".join(where) if where else ""
        # two cursors in the same call order: the calls' own columns once per call, and their
        # turns (four columns a row) merged in as they come
        heads = self.rows(f"""SELECT c.id, c.uid, t.name, c.mode, c.scenario_id, c.seed, c.outcome, c.passed,
                                     c.score, c.recorded_at, c.finished_at, c.scenario_hash, c.script_hash,
                                     c.rules_hash, c.started_at, c.meta_json
                              FROM calls c JOIN trainees t ON t.id = c.trainee_id {clause} ORDER BY {order}""",
                          params)
        turns = self.rows(f"""SELECT c.id, u.speaker, u.text, u.data_json FROM calls c
                              JOIN turns u ON u.call_id = c.id {clause} ORDER BY {order}, u.idx""", params)
        waiting = iter(heads)
        head, texts = next(waiting, None), []
        for call_id, speaker, text, data in turns:
            while head is not None and head[0] != call_id:
                yield export_head(head, texts)
                head, texts = next(waiting, None), []
            texts.append(turn_json(speaker, text, data))
        while head is not None:
            yield export_head(head, texts)
            head, texts = next(waiting, None), []

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
            shown = "、".join(visible(clip(r), one_line=True) for r in missing[:10])
            more = f" 等 {len(missing)} 个" if len(missing) > 10 else ""
            raise StoreError(self.path, "STORE010", "找不到这些通话：" + shown + more,
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
            turn = _dict(loads(_text(data), {}))
            turn["speaker"], turn["text"] = str(speaker), _text(text) or ""
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
            finding = _dict(loads(_text(data), {}))
            turn = turn if turn.__class__ is int else None
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
        result = loads(_text(row[0])) if row else None
        return result if isinstance(result, dict) else None

    def transcript(self, row: CallRow) -> dict[str, Any]:
        """The stored call as a DESIGN.md transcript (extra meta fields say where it came from)."""
        with self._guard():
            meta_json = self._db.execute("SELECT meta_json FROM calls WHERE id = ?",
                                         (row.id,)).fetchone()[0]
        meta = _dict(loads(_text(meta_json), {}))
        meta.setdefault("timezone", "Asia/Shanghai")
        meta["record"] = {
            "id": row.id, "trainee": row.trainee, "mode": row.mode, "scenario": row.scenario_id,
            "seed": row.seed, "outcome": row.outcome, "passed": row.passed, "score": row.score,
            "recorded_at": row.recorded_at, "finished_at": row.finished_at, "versions": row.versions,
        }
        if row.started_at and not meta.get("started_at"):
            meta["started_at"] = row.started_at
        return {"id": row.uid, "meta": meta, "turns": self.turns(row.id)}


# --------------------------------------------------------------------------- odd stored values

# columns of `calls` and the Python types a value must have to be used; anything else (a value
# written by another tool, a damaged row) is read as missing and noted
_COLUMN_TYPES: dict[str, tuple[type, ...]] = {
    "seed": (int,), "passed": (int,), "score": (int, float), "outcome": (str,), "scenario_title": (str,),
    "script_id": (str,), "started_at": (str,), "ended_at": (str,), "finished_at": (str,),
    "scenario_hash": (str,), "script_hash": (str,), "rules_hash": (str,)}


def _history_row(values: Any, notes: list[str]) -> HistoryRow:
    """A history line whose odd score or passed value (wrong type) is None, noted once."""
    row = HistoryRow._make(values)
    odd = {}
    for column in ("score", "passed"):
        value = getattr(row, column)
        if value is not None and (value.__class__ is bool or not isinstance(value, _COLUMN_TYPES[column])):
            odd[column] = None
            notes.append(f"通话 #{row.id} 的 {column} 值无法识别，按缺失处理")
    if not isinstance(row.recorded_at, str) or not isinstance(row.trainee, str):
        odd.update(recorded_at=str(row.recorded_at), trainee=str(row.trainee))
    return row._replace(**odd) if odd else row


def _plain_row(row: Any, notes: list[str]) -> dict[str, Any]:
    """A `calls` row as a dict whose odd values (wrong type) are None, each noted once."""
    out = dict(zip(row.keys(), row, strict=True))
    for column, types in _COLUMN_TYPES.items():
        value = out.get(column)
        if value is not None and (value.__class__ is bool or not isinstance(value, types)):
            out[column] = None
            notes.append(f"通话 #{out.get('id')} 的 {column} 值无法识别，按缺失处理")
    for column in ("uid", "mode", "scenario_id", "trainee", "recorded_at"):
        if not isinstance(out.get(column), str):
            out[column] = str(out.get(column))
    return out


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# --------------------------------------------------------------------------- opening


def open_store(db: str | Path | None = None, *, create: bool = True, readonly: bool = False) -> Store | None:
    """Open (and create or migrate) the records database.

    ``db`` is the ``--db`` value (None = :func:`default_db_path`).  With ``create=False`` a file
    that does not exist gives ``None`` instead of being created — for commands that only read.
    ``readonly`` opens an existing file for reading only (``mode=ro``): it works on a read-only
    file, directory or file system, and any write is refused as read-only (never "corrupt").
    Raises :class:`StoreError` for a file that is not a trainer records database."""
    path = resolve_db_path(db)
    if readonly and path.is_file():
        return _open_readonly(path)
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


def _open_readonly(path: Path) -> Store:
    if path.stat().st_size and not _looks_like_sqlite(path):
        raise StoreError(path, "STORE002", "这不是 trainer 的记录库（不是 SQLite 数据库文件）",
                         "用 --db 指定正确的记录库文件")
    uri = path.resolve().as_uri()
    # a WAL file in a read-only directory cannot get its shared-memory file: then nobody can be
    # writing it either, and it is read as immutable
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            store = Store(path, conn)
        except sqlite3.Error as exc:
            raise StoreError(path, "STORE005", f"无法打开记录库：{exc}") from None
        try:
            with store._guard():
                version = _check_ours(store, conn)
        except StoreError as exc:
            conn.close()
            if exc.problems[0].code == "STORE005" and "immutable" not in query:
                continue
            raise
        except BaseException:
            conn.close()
            raise
        if version < SCHEMA_VERSION:  # an older file: migrate it (a write) as any command would
            conn.close()
            return open_store(path)  # type: ignore[return-value]
        return store
    raise AssertionError("unreachable")


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # let sqlite report the real problem


def _prepare(store: Store, conn: sqlite3.Connection) -> None:
    version = _check_ours(store, conn)
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
    conn.execute("PRAGMA synchronous = NORMAL")
    if version < SCHEMA_VERSION:
        announce_upgrade(conn, store.path, version)
        migrate(conn)
    _ensure_indexes(conn)


def _check_ours(store: Store, conn: sqlite3.Connection) -> int:
    """Refuse a foreign or newer file; the schema version of ours."""
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # one read transaction, so that the three answers belong together: read one by one, a file
    # that another process was creating could show no version yet but already its tables
    conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        foreign_tables = app_id == 0 and has_tables(conn)
    finally:
        conn.execute("COMMIT")
    if app_id not in (0, APPLICATION_ID) or foreign_tables:
        raise StoreError(store.path, "STORE002", "这不是 trainer 的记录库（是别的程序的 SQLite 数据库）",
                         "用 --db 指定正确的记录库文件")
    if version > SCHEMA_VERSION:
        raise StoreError(store.path, "STORE007",
                         f"记录库由更新版本的 trainer 创建（结构版本 {version}，本程序只认识到 {SCHEMA_VERSION}）",
                         "请升级 trainer")
    return int(version)


# Read-side indexes, created when a file is opened (not schema: a file without them is the same
# version).  ``calls_progress`` covers every column the progress figures read, so ``report``
# scans this index instead of the call rows with their stored scorecards.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS calls_progress ON calls(trainee_id, recorded_ts, mode, scenario_id,"
    " finished_at, score, passed, outcome, recorded_at)",
)


def _ensure_indexes(conn: sqlite3.Connection) -> None:
    for statement in INDEXES:
        try:
            _retry_busy(lambda s=statement: conn.execute(s))
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "read-only" not in str(exc):
                raise  # a file that cannot be written still reads, only without the index



def _retry_busy(fn: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)

