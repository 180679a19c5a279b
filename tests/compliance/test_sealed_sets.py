"""Sealed held-out sets (tests/data/compliance/sealed/README.md): intact, and read by no training or
evaluation tool before the round they are named for."""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
from pathlib import Path

SEALED = Path(__file__).parents[1] / "data" / "compliance" / "sealed"
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))


def _recorded() -> dict[str, str]:
    rows = re.findall(r"^\| `([\w./]+\.gz)` \|.*\| `([0-9a-f]{64})` \|$", (SEALED / "README.md").read_text("utf-8"), re.M)
    return dict(rows)


def test_every_sealed_file_is_listed_with_its_hash_and_unchanged() -> None:
    recorded = _recorded()
    files = sorted(p for p in SEALED.rglob("*.gz"))
    assert files and {p.relative_to(SEALED).as_posix() for p in files} == set(recorded)
    for path in files:
        assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == recorded[path.relative_to(SEALED).as_posix()], path


def test_training_reads_nothing_sealed() -> None:
    import train_model

    assert train_model.data_files()
    assert not [p for p in train_model.data_files() if SEALED in p.parents]
