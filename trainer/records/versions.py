"""Which versions of the content a call was played against: content hashes of scenario, script, rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trainer.records.common import content_hash


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

