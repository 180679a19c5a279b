"""Property-based fuzzing of the loader: whatever bytes a file holds, the only
thing that escapes is a located problem — never a PyYAML or Python exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trainer.base.errors import InputError
from trainer.base.yamlio import load_document
from trainer.content.script import check_script
from trainer.content.validate import validate_file

VALID = (Path(__file__).parents[1] / "fixtures" / "scripts" / "valid.yaml").read_text("utf-8")
YAMLISH = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n\t ：，、。") + ["  ", "- ", ": ", "!!python/object:os.system",
                                                                 "&a", "*a", "<<: *a", "司法调查组", "{{", "}}", "{%"])


def _check(text: str) -> None:
    try:
        doc = load_document("fuzz.yaml", text=text)
    except InputError as exc:
        assert exc.problems and all(p.location.path == "fuzz.yaml" and p.code.startswith("SV") for p in exc.problems)
        return
    for problem in check_script(doc):
        assert problem.location.line >= 1 and problem.code.startswith("SV")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.characters(), YAMLISH), max_size=80).map("".join))
@example("\ud800")  # a lone surrogate cannot be encoded: once an uncaught UnicodeEncodeError
@example("id: a\ntitle: x\udc00y\n")
def test_arbitrary_text_gives_located_problems_only(text: str) -> None:
    _check(text)


def test_lone_surrogate_is_reported_where_it_is() -> None:
    try:
        load_document("fuzz.yaml", text="id: a\ntitle: x\udc00y\n")
    except InputError as exc:
        assert [str(p).split(" 无法")[0] for p in exc.problems] == ["fuzz.yaml:2:9: SV003"]
    else:
        raise AssertionError("no problem reported")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, 40), st.lists(YAMLISH, max_size=6))
def test_mutated_valid_script_gives_located_problems_only(at: int, cut: int, inserts: list[str]) -> None:
    _check(VALID[:at] + "".join(inserts) + VALID[at + cut:])


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_on_disk(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_bytes(data)
    for problem in validate_file(path):
        assert problem.location.path == str(path)
