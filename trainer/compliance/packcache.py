"""The rule pack's start-up cache: what compiling a pack derives from its text, as plain JSON.

Without it every process reads and checks each pack file (YAML, schema, every pattern) and folds
and expands every term, spelling and pattern: about 0.1 s before the first turn can be judged.
The entry ``rulepack-….json`` (in :mod:`trainer.base.cache`'s directory) holds, for one list of
pack files:

* ``docs`` — each file's name and parsed data, which had passed every check (merged again in
  order, as :func:`.pack.read_packs` does);
* ``tables`` — the :class:`.compile.Tables`: folded lexicon terms, evasion spellings, each
  pattern's anchor literals, each rule's allow-list and the terms of its word groups, and each
  pattern's regex source as text (written out once, when the entry is made: 0.3–0.4 s for the
  bundled pack; read back, 1 ms for all 880, instead of 1 ms for each pattern a process meets,
  in every process and every ``--jobs`` worker).

Its key (:func:`trainer.base.cache.key`) covers the bytes of every pack file in order, the source
of the compliance package, of the folding and of the YAML reader and schema, the homophone table
and the folding's other inputs: any change means a new entry.  Only strings, numbers and lists
are read back (``json.loads``, nothing executed; the regexes are compiled from the pack's own
patterns on first use); an entry that is missing, corrupt, of another shape or for other inputs
is ignored, the pack compiled afresh and the entry replaced.  A regex source read back is
compiled with ``re.compile`` as one written afresh would be (never evaluated as code).  A pack file with problems never
gets an entry, so its problems are reported exactly as without the cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Any

from trainer.base import cache
from trainer.base.gcutil import paused_gc
from trainer.base.yamlio import Document

from .compile import Tables
from .pack import PackData, _load_checked, bundled_pack_paths, merge
from .patterns import PatternError
from .rulepack import RulePack

PREFIX = "rulepack-"
_PACKAGE = Path(__file__).resolve().parent
_TRAINER = _PACKAGE.parent


def load(extra: tuple[str, ...] = ()) -> RulePack:
    """The bundled pack plus ``extra`` pack files, compiled (from the cache where it holds them).

    Raises :class:`trainer.base.errors.InputError` listing every problem of a bad pack."""
    with paused_gc():  # tens of thousands of long-lived objects: no collections re-walking them
        return _load(extra)


def _load(extra: tuple[str, ...]) -> RulePack:
    paths = [*bundled_pack_paths(), *(Path(p) for p in extra)]
    try:
        contents = [path.read_bytes() for path in paths]
    except OSError:
        contents = None  # read_packs reports the file that cannot be read
    name = PREFIX + hashlib.sha256("\0".join(map(str, paths)).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    entry_key = _key(paths, contents) if contents is not None and cache.cache_dir() is not None else None
    if entry_key is not None:
        pack = _from_entry(cache.load(name, entry_key), contents or [])
        if pack is not None:
            return pack
    docs, data = _read(paths)
    pack = RulePack(data)
    if entry_key is not None and _unchanged(paths, contents):
        plain = _plain_docs(docs)
        if plain is not None:
            if not cache.store(name, entry_key, {"docs": plain, "tables": tables_to_plain(pack.tables,
                                                                                   _expressions(pack))}):
                # too large with the regex sources (a big local pack): kept without them
                cache.store(name, entry_key, {"docs": plain, "tables": tables_to_plain(pack.tables)})
    return pack


def _key(paths: list[Path], contents: list[bytes]) -> str:
    parts: list[bytes | str] = []
    for path, content in zip(paths, contents, strict=True):
        parts += [str(path), content]
    homophones = _TRAINER / "data" / "homophones.tsv"
    parts.append(cache.file_digest(homophones) or "no homophone table")
    parts.append(_module_stamp("pypinyin"))  # homophones of characters the table lacks
    from trainer.zh import text

    parts += text.fold_table_inputs()
    code = sorted(str(p) for p in _PACKAGE.rglob("*.py"))
    code += [str(_TRAINER / "zh" / "text.py"), *(str(_TRAINER / "base" / f) for f in ("yamlio.py", "schema.py",
                                                                                       "vocab.py"))]
    return cache.key(parts, code=code)


def _module_stamp(module: str) -> str:
    try:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec else None
        info = Path(origin).stat() if origin else None
    except (ImportError, OSError, ValueError):
        return f"{module} ?"
    return f"{module} {origin} {info.st_size} {info.st_mtime_ns}" if info else f"{module} -"


def _read(paths: list[Path]) -> tuple[list[Document], PackData]:
    """Read and check every pack file in order (as :func:`.pack.read_packs`), keeping the documents."""
    data = PackData()
    digest = hashlib.sha256()
    docs = []
    for path in paths:
        doc = _load_checked(path, data if data.names else None)
        merge(data, doc)
        docs.append(doc)
        digest.update(path.read_bytes())
    data.digest = digest.hexdigest()
    return docs, data


def _unchanged(paths: list[Path], contents: list[bytes] | None) -> bool:
    """The files still hold the bytes the key was made of (none was saved in between)."""
    try:
        return contents is not None and [p.read_bytes() for p in paths] == contents
    except OSError:
        return False


def _plain_docs(docs: list[Document]) -> list[list[Any]] | None:
    """The documents as JSON values, or None when JSON would not give back exactly the same data
    (a YAML date, a number as a key…): such a pack is not cached."""
    plain = [[doc.name, doc.data] for doc in docs]
    return plain if cache.round_trips(plain) else None


def _from_entry(entry: Any, contents: list[bytes]) -> RulePack | None:
    """The pack an entry describes, or None when it is not one (nothing in it is trusted further)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("docs"), list) \
            or len(entry["docs"]) != len(contents):
        return None
    tables = tables_from_plain(entry.get("tables"))
    if tables is None:
        return None
    data = PackData()
    try:
        for item in entry["docs"]:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                    and isinstance(item[1], dict)):
                return None
            merge(data, Document(item[0], item[1]))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    data.digest = hashlib.sha256(b"".join(contents)).hexdigest()
    try:
        return RulePack(data, tables)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, LookupError):
        return None


def _expressions(pack: RulePack) -> dict[str, str]:
    """Each pattern's regex source (written out here if it was not yet); none if one cannot be."""
    try:
        return {p.compiled.source: p.compiled.expression for p in pack._patterns if p.compiled is not None}
    except (PatternError, ValueError, RecursionError):  # reported where the pattern is first used
        return {}


def tables_to_plain(tables: Tables, expressions: dict[str, str] | None = None) -> dict[str, Any]:
    """:class:`.compile.Tables` as JSON values (sets as sorted lists, so equal tables write equal files),
    with the patterns' regex sources."""
    def sets(mapping: dict[str, frozenset[str]]) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in sorted(mapping.items())}

    return {"lexicons": {k: [sorted(terms), weak] for k, (terms, weak) in sorted(tables.lexicons.items())},
            "variants": sets(tables.variants), "low": sorted(tables.low), "anchors": sets(tables.anchors),
            "unless": sets(tables.unless), "items": sets(tables.items),
            "expressions": dict(sorted((expressions or {}).items()))}


def tables_from_plain(plain: Any) -> Tables | None:
    """The tables :func:`tables_to_plain` wrote, or None for anything of another shape."""
    if not isinstance(plain, dict):
        return None
    lexicons_raw = plain.get("lexicons")
    if not isinstance(lexicons_raw, dict):
        return None
    lexicons = {}
    for name, value in lexicons_raw.items():
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], bool)):
            return None
        terms = _strings(value[0])
        if terms is None:
            return None
        lexicons[name] = (terms, value[1])
    low = _strings(plain.get("low"))
    maps = [_string_sets(plain.get(field)) for field in ("variants", "anchors", "unless", "items")]
    if low is None or any(m is None for m in maps):
        return None
    variants, anchors, unless, items = maps
    assert variants is not None and anchors is not None and unless is not None and items is not None
    expressions = plain.get("expressions", {})
    if not (isinstance(expressions, dict) and all(isinstance(v, str) for v in expressions.values())):
        return None
    return Tables(lexicons, variants, low, anchors, unless, items, expressions)


def _strings(value: Any) -> frozenset[str] | None:
    if not isinstance(value, list):
        return None
    got = frozenset(value)
    return got if not got or set(map(type, got)) == {str} else None


def _string_sets(value: Any) -> dict[str, frozenset[str]] | None:
    if not isinstance(value, dict):
        return None
    out = {}
    for key, items in value.items():
        got = _strings(items)
        if got is None:
            return None
        out[key] = got
    return out


__all__ = ["load", "tables_to_plain", "tables_from_plain", "PREFIX"]
