"""Each validation code has a fixture that fails with it at the expected line:col,
and the CLI prints every problem as path:line:col: CODE message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.validate import validate_paths

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scripts"
CASES = sorted(p for p in FIXTURES.glob("SV*.yaml"))


def _expected(path: Path) -> list[tuple[str, str | None]]:
    head = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    return [(code, where or None) for code, where in re.findall(r"(SV\d{3})(?: (\d+:\d+))?", head)]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_reports_its_code_at_its_place(path: Path) -> None:
    report = validate_paths([path])
    got = {(p.code, f"{p.location.line}:{p.location.col}") for p in report.problems}
    for code, where in _expected(path):
        if where is None:
            assert code in {c for c, _ in got}, report.problems
        else:
            assert (code, where) in got, [str(p) for p in report.problems]


def test_every_validation_code_has_a_fixture() -> None:
    import trainer.base.schema
    import trainer.base.yamlio
    import trainer.content.script

    sources = "".join(Path(m.__file__).read_text("utf-8") for m in (trainer.base.schema, trainer.content.script, trainer.base.yamlio))
    codes = set(re.findall(r'"(SV0\d\d)"', sources)) - {"SV000", "SV009"}
    covered = {c for p in CASES for c, _ in _expected(p)}
    assert codes <= covered, f"codes without a failing fixture: {sorted(codes - covered)}"


def test_valid_fixture_is_clean() -> None:
    assert validate_paths([FIXTURES / "valid.yaml"]).problems == []


def test_cli_prints_every_problem_located(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(FIXTURES / "SV021_dangling.yaml"), str(FIXTURES / "SV026_template_undefined.yaml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert any(re.match(r".*SV021_dangling\.yaml:10:15: SV021 目标阶段 'closed_ptpp' 不存在.*closed_ptp", ln)
               for ln in out), out
    assert any(":10:15: SV026 模板变量 'nmae' 未定义" in ln and "name" in ln for ln in out), out


def test_unknown_key_suggests_the_right_one() -> None:
    (problem,) = validate_paths([FIXTURES / "SV010_unknown_key.yaml"]).problems
    assert "titel" in problem.message and "title" in (problem.hint or "")


def test_object_building_tag_is_refused_without_running(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    bad = tmp_path / "bad.yaml"
    bad.write_text(f'id: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8")
    report = validate_paths([bad])
    assert [p.code for p in report.problems] == ["SV006"]
    assert not marker.exists()


def test_missing_path_is_unusable_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 2
    err = capsys.readouterr().err
    assert "no/such/file.yaml" in err and "Traceback" not in err


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = (FIXTURES / "valid.yaml").read_text("utf-8")
    text = text.replace("next: purpose", "next: purpse").replace("{{ card_tail }}", "{{ card }}")
    path = tmp_path / "two.yaml"
    path.write_text(text, "utf-8")
    codes = sorted(p.code for p in validate_paths([path]).problems)
    assert "SV021" in codes and "SV026" in codes
