"""No on-disk cache of compiled rule packs (a decision, kept here where the cache was).

Until this change, compiled packs were pickled to ``~/.cache/trainer/pack-<key>.pickle``
and unpickled by the next ``trainer rules``/``audit``/``play``.  The key was predictable from
public inputs, so anyone able to write into that directory (or to plant a symlink there)
could run code in the user's next process.

Rather than harden a cache, the cold load was made cheap enough not to need one: the
pattern regexes (most of the compile time: their homophone alternations) are now compiled
lazily, on the first turn that hits one of their anchors (:class:`.patterns.Compiled`,
:class:`.rulepack.RulePack`).  Measured on the bundled pack (``python3 -m trainer rules``,
whole process): 0.47 s cold and 0.20–0.24 s from the pickle before, 0.31–0.36 s now without
any cache.  Nothing is read from, or written to, a cache directory any more; a file left
there (a planted pickle, a symlink, anything) is never opened.  ``TRAINER_CACHE_DIR`` is
accepted and ignored.
"""

from __future__ import annotations

ENV = "TRAINER_CACHE_DIR"  # no longer read: kept so that scripts setting it keep working
