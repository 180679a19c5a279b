"""Diagrams people can read: one edge per stage pair, stays as notes, every bundled tree renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trainer.content import graph
from trainer.content.script import Script, bundled_script_paths, load_script

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scripts"


def test_edges_are_merged_one_per_stage_pair() -> None:
    script = load_script("first_contact")
    merged = graph.edges(script)
    pairs = [(e.source, e.target) for e in merged]
    assert len(pairs) == len(set(pairs))
    assert all(e.source != e.target for e in merged)  # stays are notes, not self-loops
    raw = sum(1 for s in script.stages.values() for r in s.responses if r.next and r.next != s.id)
    assert len(merged) < raw  # first_contact has many answers per pair


def test_a_long_label_is_capped_with_a_count() -> None:
    assert graph.capped(("甲", "乙", "丙", "丁", "戊")) == "甲、乙、丙 等5项"
    assert graph.capped(("甲", "乙")) == "甲、乙"


def test_staying_answers_are_a_note_on_the_node(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script("first_contact")
    dot = graph.to_dot(script)
    assert not re.search(r'"(\w+)" -> "\1"', dot)
    assert "↺" in dot and "cluster_legend" in dot and "图例" in dot
    assert 'label="与本人沟通"' in dot


def test_no_two_drawn_edges_share_a_pair() -> None:
    for path in bundled_script_paths():
        dot = graph.to_dot(Script.from_yaml(path))
        drawn = re.findall(r'^\s+"(\w+)" -> "(\w+)"', dot, re.M)
        assert len(drawn) == len(set(drawn)), path.name


@pytest.mark.parametrize("path", bundled_script_paths(), ids=lambda p: p.stem)
def test_every_bundled_tree_renders_with_dot_on_a_few_pages(path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot is not installed")
    done = subprocess.run(["dot", "-Tsvg"], input=graph.to_dot(Script.from_yaml(path)).encode(),
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    width, height = (float(x) for x in re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
                                                  done.stdout).groups())
    assert width < 2000 and height < 2000  # was 9,279 px wide before edges were merged


def _hostile(tmp_path: Path) -> Script:
    text = (FIXTURES / "valid.yaml").read_text("utf-8").replace(
        "title: 开场\n", "title: <script>alert(1)</script>开场\n", 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, "utf-8")
    return Script.from_yaml(path)


def test_html_escapes_a_stage_title_with_dot(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot is not installed")
    page = graph.to_html(_hostile(tmp_path))
    assert "<svg" in page and "<script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "src=" not in page


def test_html_without_dot_shows_the_mermaid_source_escaped(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph.shutil, "which", lambda name: None)
    page = graph.to_html(_hostile(tmp_path))
    assert "<svg" not in page and "<pre>" in page and "Graphviz" in page
    assert "<script>" not in page


def test_graph_html_command(capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.cli import main

    assert main(["graph", str(FIXTURES / "valid.yaml"), "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "全部去向" in out


def test_a_stage_called_end_does_not_break_mermaid(tmp_path: Path) -> None:
    text = (FIXTURES / "valid.yaml").read_text("utf-8").replace("closed_ptp", "end")
    path = tmp_path / "end.yaml"
    path.write_text(text, "utf-8")
    out = graph.to_mermaid(Script.from_yaml(path))
    assert "stage__end([" in out and "| stage__end" in out
    assert not re.search(r"^\s+end\(", out, re.M)


def test_dot_takes_extra_attributes_per_edge_for_coverage_views() -> None:
    script = Script.from_yaml(FIXTURES / "valid.yaml")
    dot = graph.to_dot(script, edge_attrs=lambda e: {"color": "red"} if e.target == "purpose" else {})
    assert re.search(r'"opening" -> "purpose" \[.*color="red"', dot)
