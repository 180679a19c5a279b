"""Shared test set-up: no test ever writes to the real user's training records."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_records(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path_factory.mktemp("records") / "records.db"
    monkeypatch.setenv("TRAINER_DB", str(db))
    return db
