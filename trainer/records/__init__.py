"""Training records: every call kept in one SQLite file (docs/records.md).

Read the modules in this order:

* :mod:`~trainer.records.common` — constants, :class:`StoreError`, where the file lives, JSON helpers;
* :mod:`~trainer.records.store` — opening the file and the :class:`Store` (the only importer of
  :mod:`sqlite3`): durability, concurrency, reads and writes;
* :mod:`~trainer.records.migrations` — the schema, version by version;
* :mod:`~trainer.records.rows` — :class:`CallRow` and the rows written for each call;
* :mod:`~trainer.records.misses` — what a call missed (key points, unanswered responses);
* :mod:`~trainer.records.versions` — content hashes of what a call was played against;
* :mod:`~trainer.records.recorder` — :class:`Recorder` (a ``Call`` observer) and :func:`record_recital`;
* :mod:`~trainer.records.replay` — stored calls played again through today's engine;
* :mod:`~trainer.records.review` — audited calls, findings with stable ids, the review trail.

The names below are the package's API; import them from ``trainer.records``.
"""

from trainer.records.common import (
    INCOMPLETE,
    RECITE_MODE,
    SCHEMA_VERSION,
    StoreError,
    content_hash,
    default_db_path,
    default_trainee,
    resolve_db_path,
)
from trainer.records.misses import missed_from_call, missed_responses, misses_from_result
from trainer.records.recorder import Recorder, record_recital
from trainer.records.replay import Replayed, replay
from trainer.records.review import ReviewDesk, ReviewError
from trainer.records.rows import CallRow
from trainer.records.store import Store, open_store
from trainer.records.versions import rules_digest, versions_of

__all__ = [
    "INCOMPLETE", "RECITE_MODE", "SCHEMA_VERSION", "CallRow", "Recorder", "Replayed", "ReviewDesk",
    "ReviewError", "Store", "StoreError",
    "content_hash", "default_db_path", "default_trainee", "missed_from_call", "missed_responses",
    "misses_from_result", "open_store", "record_recital", "replay", "resolve_db_path", "rules_digest",
    "versions_of",
]
