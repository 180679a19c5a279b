"""Each validation code has a fixture that fails with it at the expected line:col,
and the CLI prints every problem as path:line:col: CODE message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.validate import validate_paths

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scripts"
SCENARIO_FIXTURES = FIXTURES.parent / "scenarios"
CASES = sorted([*FIXTURES.glob("S[VW]*.yaml"), *SCENARIO_FIXTURES.glob("*.yaml")])
CODE = r"((?:SV|SW|SC|CW)\d{3})"


def _expected(path: Path) -> list[tuple[str, str | None]]:
    head = path.read_bytes().split(b"\n", 1)[0].decode("ascii", "replace")
    return [(code, where or None) for code, where in re.findall(CODE + r"(?: (\d+:\d+))?", head)]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_reports_its_code_at_its_place(path: Path) -> None:
    together = [FIXTURES / "valid.yaml"] if "SW003" in path.name else []  # a duplicate needs a first
    report = validate_paths([*together, path])
    got = {(p.code, f"{p.location.line}:{p.location.col}") for p in report.problems + report.warnings
           if p.location.path == str(path)}
    for code, where in _expected(path):
        if where is None:
            assert code in {c for c, _ in got}, report.problems
        else:
            assert (code, where) in got, [str(p) for p in report.problems]


def test_every_validation_code_has_a_fixture() -> None:
    import trainer.base.schema
    import trainer.base.yamlio
    import trainer.content.includes
    import trainer.content.lint
    import trainer.content.scenario
    import trainer.content.script

    modules = (trainer.base.schema, trainer.content.script, trainer.base.yamlio, trainer.content.lint,
               trainer.content.includes)
    sources = "".join(Path(m.__file__).read_text("utf-8") for m in modules)
    codes = set(re.findall(r'"(S[VW]0\d\d|CW0\d\d)"', sources)) - {"SV000", "SV009"}
    new_scenario_codes = {"SC010", "SC011"}
    assert new_scenario_codes <= set(re.findall(r'"(SC0\d\d)"', Path(trainer.content.scenario.__file__).read_text("utf-8")))
    codes |= new_scenario_codes
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


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "SW002_key_point_unmet.yaml")
    assert main(["validate", path]) == 0
    out, err = capsys.readouterr()
    assert "SW002 警告：" in out and "警告" in err
    assert main(["validate", "--strict", path]) == 1


def test_warnings_do_not_stop_a_tree_from_loading() -> None:
    from trainer.content.script import Script

    assert Script.from_yaml(FIXTURES / "SW001_no_persona.yaml").id == "mini"


def test_no_path_checks_local_folders_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.content.validate import bundled_paths

    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "mine.yaml").write_text(
        (FIXTURES / "SV021_dangling.yaml").read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    report = validate_paths()
    assert len(report.files) == len(bundled_paths()) + 1
    assert any(p.code == "SV021" and "mine.yaml" in p.location.path for p in report.problems)


def test_no_path_from_the_repository_root_lists_bundled_files_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.content.bundled import bundled_dir
    from trainer.content.validate import bundled_paths

    monkeypatch.chdir(bundled_dir("scripts").parent)
    files = validate_paths().files
    assert len(files) == len(set(Path(f).resolve() for f in files)) == len(bundled_paths())


def test_scenario_id_with_underscore_is_told_to_use_hyphens(tmp_path: Path) -> None:
    text = (SCENARIO_FIXTURES / "sc010-objection.yaml").read_text("utf-8").replace(
        "id: sc010-objection", "id: sc010_objection")
    path = tmp_path / "sc010_objection.yaml"
    path.write_text(text.replace("../scripts/valid.yaml", str(FIXTURES / "valid.yaml")), "utf-8")
    (problem,) = [p for p in validate_paths([path]).problems if p.code == "SV013"]
    assert "连字符" in (problem.hint or "") and "sc010-objection" in (problem.hint or "")
    assert "下划线" not in (problem.hint or "").replace("不能用下划线", "")


def test_every_fixture_problem_is_chinese_with_a_fix_hint() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    paths = [FIXTURES / "valid.yaml", *CASES]
    report = validate_paths(paths)
    assert report.problems and report.warnings
    for problem in report.problems + report.warnings:
        assert cjk.search(problem.message), str(problem)
        assert problem.hint and cjk.search(problem.hint), f"no fix hint: {problem}"


@pytest.mark.parametrize("kind", ["script", "scenario"])
def test_published_schema_labels_every_enum_in_chinese(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "enum" in node and len(node["enum"]) > 4:  # the vocabularies, not e.g. 先生/女士
                found.append(node)
                assert len(node["enumDescriptions"]) == len(node["enum"])
                assert len(node["markdownEnumDescriptions"]) == len(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert found
    labels = [label for node in found for label in node["enumDescriptions"]]
    assert ("确认是本人" if kind == "script" else "老实本分、一时困难") in labels


@pytest.mark.parametrize(("fixture", "english", "chinese"), [
    ("SV025_template_syntax.yaml", "unexpected", "花括号"),
    ("SV027_bad_regex.yaml", "unterminated", "右括号"),
])
def test_regex_and_template_mistakes_are_said_in_chinese(fixture: str, english: str, chinese: str) -> None:
    (problem,) = validate_paths([FIXTURES / fixture]).problems
    assert english not in problem.message
    assert chinese in problem.message + (problem.hint or "")
