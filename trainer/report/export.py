"""``trainer export``'s lines: one DESIGN.md transcript per line (JSON Lines).

Stored turns arrive as already-serialised JSON from :meth:`trainer.records.Store.export` and are
written out unparsed by :func:`trainer.content.transcript.dumps_line` (orjson), so exporting
100,000 calls costs about what reading them does.
"""

from __future__ import annotations

from typing import Any

from trainer.content.transcript import dumps_line


def transcript_jsonl(transcript: dict[str, Any]) -> str:
    """``export --format jsonl``: one transcript per line."""
    return dumps_line(transcript)
