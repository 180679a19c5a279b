"""Output formats as a registry: one writer per format of each command's output.

The CLI takes its ``--format`` choices from :attr:`Formats.choices` and looks the writer up with
:meth:`Formats.writer`; adding a format means adding a writer and one entry here.  Entries name
their writer as ``"module:attribute"`` and are imported on first use, so building the argument
parser loads no renderer.  Writers return strings (or a :class:`Page` when part of the output is
a note for standard error); the CLI prints them.

JSON output (formats ``json`` and ``jsonl``) passes through :func:`json_text` on its way out:
``json.dumps`` escapes only C0 control characters, so C1 controls (U+0080–U+009F, e.g. the CSI
U+009B) and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) from a
transcript would otherwise reach a terminal or a log viewer raw.  They are written as ``\\uXXXX``
escapes, which every JSON reader turns back into the same characters.  A writer class whose
``escapes_json`` is true (``trainer audit``'s JSON array) escapes each string as it writes it,
the same text, and is not wrapped.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from trainer.zh.display import visible


@dataclass(frozen=True)
class Page:
    """What a writer produced: ``out`` for standard output, ``err`` a note for standard error."""

    out: str
    err: str = ""


def shown(value: Any) -> Any:
    """``value`` with every string in it (nested in dicts, lists and tuples) made one visible line
    (:func:`trainer.zh.display.visible`): what the text writers do to data before laying it out, so
    a transcript, a record or a name cannot move the cursor, clear the screen or forge a line."""
    if isinstance(value, str):
        return visible(value, one_line=True)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, tuple):
        return tuple(shown(v) for v in value)
    return value


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


_JSON_ESCAPED = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(text: str) -> str:
    """JSON text with C1 controls and bidi overrides written as ``\\uXXXX`` escapes.  Outside
    strings JSON is ASCII, so this changes only how strings are spelled, never what they hold.
    (A regex search first: ``str.translate`` looks up every character of a Chinese text in the
    table, about 20 µs per finding, while the search is over in a few.)"""
    if _JSON_ESCAPED.search(text) is None:
        return text
    return text.translate(_JSON_ESCAPES)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return json_text(value)
    if isinstance(value, Page):
        return Page(json_text(value.out), value.err)
    return value


class _EscapingWriter:
    """A streaming writer (an object with ``start``/``add``/``end``) whose every output is escaped."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr
        return lambda *args, **kwargs: _escaped(attr(*args, **kwargs))


def _json_writer(writer: Any) -> Any:
    if getattr(writer, "escapes_json", False):  # it escapes every string as it writes it
        return writer
    if isinstance(writer, type):
        return lambda *args, **kwargs: _EscapingWriter(writer(*args, **kwargs))
    return lambda *args, **kwargs: _escaped(writer(*args, **kwargs))


JSON_FORMATS = frozenset({"json", "jsonl"})


class Formats:
    """The writers of one kind of output, by format name, in the order ``--format`` lists them."""

    def __init__(self, **writers: str) -> None:
        self._writers = dict(writers)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._writers)

    @property
    def default(self) -> str:
        return next(iter(self._writers))

    def writer(self, name: str) -> Any:
        module, _, attribute = self._writers[name].partition(":")
        writer = getattr(importlib.import_module(module), attribute)
        return _json_writer(writer) if name in JSON_FORMATS else writer


# trainer audit: streaming writers (start(), add(transcript, findings), end(summary, problems) -> Page)
AUDIT = Formats(text="trainer.report.audit:TextWriter", json="trainer.report.audit:JsonWriter",
                csv="trainer.report.audit:CsvWriter", html="trainer.report.audit:HtmlWriter")
# trainer rules [RULE]: (pack, rule or None) -> str
RULES = Formats(text="trainer.report.rules:rules_text", json="trainer.report.rules:rules_json")
# trainer play: (result, scenario, unused_lines) -> str
PLAY = Formats(text="trainer.report.scorecard:play_text", json="trainer.report.scorecard:play_json")
# trainer scenarios: ([(scenario, bundled, path)]) -> Page
SCENARIOS = Formats(text="trainer.report.listing:scenarios_text", json="trainer.report.listing:scenarios_json")
# trainer report: (data, cohort=, db_path=, generated=) -> str
PROGRESS = Formats(text="trainer.report.progress:report_text", html="trainer.report.progress:report_html",
                   csv="trainer.report.progress:report_csv")
# trainer export: (transcript) -> one line
EXPORT = Formats(jsonl="trainer.report.export:transcript_jsonl")
# trainer replay: (results, or None when there is no records file, missing-file message) -> str
REPLAY = Formats(text="trainer.report.progress:replay_page_text", json="trainer.report.progress:replay_page_json")
# trainer test: (TestRun) -> Page (failures and summary; unusable files' problems on standard error)
TESTS = Formats(text="trainer.report.scenario_tests:tests_text", junit="trainer.report.scenario_tests:tests_junit")
# trainer coverage: ([ScriptCoverage], source label) -> Page
COVERAGE = Formats(text="trainer.report.coverage:coverage_text", json="trainer.report.coverage:coverage_json",
                   dot="trainer.report.coverage:coverage_dot", mermaid="trainer.report.coverage:coverage_mermaid")
