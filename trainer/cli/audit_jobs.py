"""``trainer audit --jobs N``: the audit spread over N worker processes, output unchanged.

The work is cut into units, in input order: a file, or — for a large JSON Lines file — a range
of whole lines of it (at most :data:`CHUNK_BYTES`; towards the end of the file the units get
smaller, so that the workers run out of work at nearly the same time).  Each worker reads its
unit with the same reader as ``--jobs 1`` (line numbers counted from the start of the file, so a bad record is
reported at the same ``path:line:col``), audits it with the same rule pack and sends back, in
order, the problems and, per call, its findings with the call (only its ``meta`` when it has no
finding and nothing is stored).  The parent writes everything in input order, so the output is
byte for byte that of ``--jobs 1``.  Where the parent needs nothing of a call but its output
(no ``--store``, a format other than HTML), the workers also keep what ``--select`` shows,
count it and render it, and send back only the text and their share of the summary: the
parent then only writes, so it does not hold the workers back.  At most ``4 × N`` units are in
flight (enough that a worker done with the small last units does not wait for a slow big one
to be written first): memory is bounded by the unit size, whatever the archive.

Workers are forked (they inherit the loaded rule pack, its automata and the folding tables, built
once before forking, and what the pack compiled and remembered while the parent audited the first,
small part of the input itself; nothing is pickled but the results).
Where ``fork`` is not available, standard input is read, or the input is small (under
:data:`PARALLEL_MIN_BYTES`), the audit runs in one process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from trainer.base import cache
from trainer.base.errors import Problem
from trainer.base.gcutil import paused_gc
from trainer.content import transcript as _tr

CHUNK_BYTES = 4 << 20  # a unit of a large JSON Lines file (the last ones are smaller: see _cut)
PARALLEL_MIN_BYTES = 8 << 20  # below this, one process is faster than starting workers
_JSONL = (".jsonl", ".ndjson")

_PACK: Any = None  # the rule pack, set in the parent before the workers are forked
_KEEP_ALL = False  # return every call (audit --store saves them all)
_OUTPUT: Callable[[], Any] | None = None  # makes a worker's output (see Rendered), or None
_IN_WORKER = False  # set in a worker process (see _worker_start)

# ``trainer audit`` (which imports this module, one process or several) keeps the folding tables
# in the cache too, as practice does: built afresh they cost every audit about 50 ms of CPU
# (NFKC and OpenCC over the whole BMP) before a worker can be started; read back, 10 ms
cache.enable_fold_table_cache()

Entry = tuple[str, Any]  # ("problem", text), ("call", (transcript, findings)) or ("out", text)


@dataclass
class Rendered:
    """What a worker rendered: ``text`` for the output, in order; the last of a unit also
    carries the unit's ``summary`` and ``worst`` severity rank (else None and -1)."""

    text: str
    summary: Any = None
    worst: int = -1


def available_cores() -> int:
    """The cores this process may run on (the ``--jobs`` default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def worth_it(files: list[str], jobs: int) -> bool:
    """Whether ``files`` are worth auditing in ``jobs`` processes (not standard input, enough bytes)."""
    if jobs < 2 or not can_fork() or "-" in files:
        return False
    total = 0
    for name in files:
        try:
            total += os.stat(name).st_size
        except OSError:
            continue
    return total >= PARALLEL_MIN_BYTES


def audit_parallel(pack: Any, files: list[str], jobs: int, keep_all: bool,
                   on_problem: Callable[[str], None], on_file: Callable[[], None],
                   output: Callable[[], Any] | None = None) -> Iterator[Any]:
    """``(transcript, findings)`` of every usable call of ``files``, in input order, audited by
    ``jobs`` forked workers; problems go to ``on_problem`` (as text) where ``--jobs 1`` reports
    them, ``on_file`` is called as each file is done.  With ``output`` (a factory of objects
    with ``take(transcript, findings) -> text``, ``summary`` and ``worst``), the workers
    render, and :class:`Rendered` pieces come instead of the calls."""
    global _PACK, _KEEP_ALL, _OUTPUT
    _PACK, _KEEP_ALL, _OUTPUT = pack, keep_all, output
    units = _units(files, jobs)
    with paused_gc():  # long-lived too
        pack.warm()  # built once here, inherited by every worker
        done, units = _audited_here(units)
    # what is built so far lives as long as the workers: out of the collector's sight, so that
    # a collection in a worker does not write to (and so copy) every page the parent filled
    gc.freeze()
    try:
        yield from _pooled(done, units, jobs, on_problem, on_file)
    finally:
        gc.unfreeze()


def _audited_here(units: Iterator[Any]) -> tuple[list[tuple[Future[Any], bool, bool]], Iterator[Any]]:
    """The first unit when it is a part of a file (a small one: see :func:`_cut`), audited here
    before the workers are forked (what its calls make the pack compile and remember, such as the
    regexes its rules need and its lines' hits, is then inherited by every worker instead of
    being made again in each one), and the units left."""
    unit = next(units, None)
    if unit is None or unit[0] != "chunk":
        return [], units if unit is None else itertools.chain([unit], units)
    future: Future[Any] = Future()
    future.set_result(_work(unit))
    return [(future, True, unit[-1])], units


def _pooled(done: list[tuple[Future[Any], bool, bool]], units: Iterator[Any], jobs: int,
            on_problem: Callable[[str], None], on_file: Callable[[], None]) -> Iterator[Any]:
    """:func:`audit_parallel`'s pool of forked workers and its window of units in flight
    (after those already ``done``)."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start) as pool:
        window: deque[tuple[Future[Any], bool, bool]] = deque(done)
        pending_empty: list[str | None] = []
        while True:
            while len(window) < 4 * jobs:
                unit = next(units, None)
                if unit is None:
                    break
                window.append((pool.submit(_work, unit), unit[0] == "chunk", unit[-1]))
            if not window:
                break
            future, chunked, last = window.popleft()
            entries, empty, share = future.result()
            for kind, value in entries:
                if kind == "problem":
                    on_problem(value)
                elif kind == "out":
                    yield Rendered(value)
                else:
                    yield value
            if share is not None:
                yield Rendered("", *share)
            if chunked:  # "no call in the file" only when no chunk held one
                pending_empty.append(empty)
                if last:
                    if all(pending_empty):
                        on_problem(pending_empty[-1])  # type: ignore[arg-type]
                    pending_empty = []
            if last:
                on_file()


def _units(files: list[str], jobs: int = 1) -> Iterator[tuple[Any, ...]]:
    """The units of work in input order; each ends with whether it is the last of its file."""
    for name in files:
        ranges = _ranges(name, jobs)
        if ranges is None:
            yield ("file", name, True)
            continue
        encoding, items = ranges
        for (start, end, before), last in _with_last(items):
            yield ("chunk", name, encoding, start, end, before, last)


def _with_last(items: Iterator[Any]) -> Iterator[tuple[Any, bool]]:
    previous = next(items, None)
    for item in items:
        yield previous, False
        previous = item
    if previous is not None:
        yield previous, True


def _ranges(name: str, jobs: int = 1) -> tuple[str, Iterator[tuple[int, int, int]]] | None:
    """``(encoding, ranges)`` to read a large JSON Lines file in parts, or None to read it whole:
    each range ``(start, end, lines before start)`` holds whole lines."""
    if not name.lower().endswith(_JSONL):
        return None
    try:
        with open(name, "rb") as handle:
            stat = os.fstat(handle.fileno())
            head = handle.read(_tr._SNIFF)
    except OSError:
        return None  # the worker reports it, as --jobs 1 does
    import stat as st

    if not st.S_ISREG(stat.st_mode) or stat.st_size < 2 * CHUNK_BYTES:
        return None
    if not head.strip(b" \t\r\n\xef\xbb\xbf") or b"\x00" in head:
        return None  # an empty or binary file: reported whole
    return _tr._sniff_encoding(head) or "utf-8", _cut(name, stat.st_size, jobs)


def _cut(name: str, size: int, jobs: int) -> Iterator[tuple[int, int, int]]:
    """Ranges of whole lines: the first small (a sixty-fourth of :data:`CHUNK_BYTES`: the parent
    audits it before forking, see :func:`_audited_here`), then :data:`CHUNK_BYTES` while there is
    much left, then a share of what is left (a ``2 × jobs``-th, down to a sixteenth of
    :data:`CHUNK_BYTES`): a worker that takes the last big unit does not keep the others waiting
    at the end.  (The first part is only there to compile and remember, once, what the workers
    would each make again: its first 64–128 KB already make the pack compile most of the regexes the
    calls need, and each further kilobyte the parent audits keeps the second core idle.)"""
    first = max(1, CHUNK_BYTES // 64)
    least = max(1, CHUNK_BYTES // 16)
    start = pos = before = lines = 0  # lines: newlines between start and pos
    target, step = first, 2 * first  # (a first read of twice the target: its last line ends past it)
    with open(name, "rb") as handle:
        while block := handle.read(step):
            step = least
            nl = block.rfind(b"\n")
            if nl >= 0 and pos + nl + 1 - start >= target:
                cut = pos + nl + 1
                yield start, cut, before
                before += lines + block.count(b"\n", 0, nl + 1)
                lines = block.count(b"\n", nl + 1)
                start = cut
                target = min(CHUNK_BYTES, max(least, (size - start) // (2 * jobs)))
            else:
                lines += block.count(b"\n")
            pos += len(block)
    if pos > start:
        yield start, pos, before


class _Range:
    """A binary file read from its position up to ``end`` only."""

    def __init__(self, handle: Any, end: int) -> None:
        self.handle, self.end = handle, end

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.handle.tell()
        if left <= 0:
            return b""
        return self.handle.read(left if size < 0 else min(size, left))


def _worker_start() -> None:
    """A worker's set-up: no cyclic garbage collection while a unit is audited (see :func:`_work`)."""
    global _IN_WORKER
    _IN_WORKER = True
    gc.disable()


def _work(unit: tuple[Any, ...]) -> tuple[list[Entry], str | None, tuple[Any, int] | None]:
    """In a worker: the entries of one unit, (for a part of a file) its "no call" problem, and
    (when the workers render) the unit's summary and worst severity rank.

    A unit makes next to no reference cycles (its objects are freed as they are dropped), but
    the collector, left on, walks the worker's growing memories of lines again and again: 5–10 %
    of a worker's time.  So a worker collects once after each unit (whatever cycles it left:
    memory stays bounded by the unit) and then moves what survived out of the collector's sight."""
    try:
        return _work_unit(unit)
    finally:
        if _IN_WORKER:
            gc.collect()
            gc.freeze()


def _work_unit(unit: tuple[Any, ...]) -> tuple[list[Entry], str | None, tuple[Any, int] | None]:
    output = _OUTPUT() if _OUTPUT is not None else None
    if unit[0] == "file":
        entries = _audit(_tr.read_transcripts(unit[1]), output)
        return [e[:2] for e in entries], None, _share(output)
    _, name, encoding, start, end, before, _last = unit
    label, stem = name, os.path.splitext(os.path.basename(name))[0]
    try:
        handle = open(name, "rb")
    except OSError as exc:
        return [("problem", str(_tr._unopenable(name, exc)))], None, _share(output)
    with handle:
        handle.seek(start)
        stream = _Range(handle, end)
        head = stream.read(_tr._SNIFF)
        if start == 0 and head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        lines = itertools.chain(itertools.repeat(b"", before), _tr._lines(head, stream))  # type: ignore[arg-type]
        entries = _audit(_tr._read_jsonl(lines, label, encoding, stem), output)
    empty = None
    if entries and entries[-1][0] == "problem" and entries[-1][1] is not None and entries[-1][2]:
        empty = entries[-1][1]
    return [e[:2] for e in (entries[:-1] if empty else entries)], empty, _share(output)


def _share(output: Any) -> tuple[Any, int] | None:
    return None if output is None else (output.summary, output.worst)


def _audit(items: Iterator[Any], output: Any = None) -> list[Any]:
    """Entries ``(kind, value, is the "no call" problem)`` of what a reader yields, audited;
    with ``output``, each call's entry is its rendered text (consecutive ones joined)."""
    entries: list[Any] = []
    calls: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Problem):
            whole = item.code == _tr.EMPTY and not item.location.line
            entries.append(("problem", str(item), whole))
        else:
            entries.append(None)
            calls.append(item[0])
    found = iter(_PACK.audit_many(calls))
    it = iter(calls)
    for i, entry in enumerate(entries):
        if entry is None:
            call, findings = next(it), next(found)
            if output is not None:
                entries[i] = ("out", output.take(call, findings), False)
                continue
            if not findings and not _KEEP_ALL:
                call = {"meta": call.get("meta")}
            entries[i] = ("call", (call, findings), False)
    return _joined(entries) if output is not None else entries


def _joined(entries: list[Any]) -> list[Any]:
    """The entries with consecutive outputs joined into one, the empty ones left out."""
    out: list[Any] = []
    for entry in entries:
        if entry[0] != "out":
            out.append(entry)
        elif entry[1]:
            if out and out[-1][0] == "out":
                out[-1] = ("out", out[-1][1] + entry[1], False)
            else:
                out.append(entry)
    return out
