"""Plain listings: the scenarios (``trainer scenarios``) and stored calls as JSON Lines (``trainer export``)."""

from __future__ import annotations

import json
from typing import Any

from trainer.base.vocab import OUTCOMES, PERSONAS
from trainer.report.writers import Page
from trainer.zh.display import pad, visible


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns, at least one space after it."""
    return pad(text, width, minimum=1)


def scenarios_text(found: list[tuple[Any, bool, str]]) -> Page:
    """``scenarios --format text``: one aligned row per ``(scenario, bundled, path)``."""
    found = [(_Shown(s), b, p) for s, b, p in found]
    lines = [_pad("场景", 32) + _pad("难度", 8) + _pad("客户类型", 22) + _pad("来源", 6) + "标题"]
    for s, b, _ in found:
        persona = PERSONAS.get(s.persona, s.persona)
        lines.append(_pad(s.id, 32) + _pad("★" * s.difficulty, 8) + _pad(persona, 22) + _pad("内置" if b else "本地", 6)
                     + f"{s.title}（成功：{'/'.join(OUTCOMES[o] for o in s.success_outcomes)}）")
    return Page("".join(visible(line, one_line=True) + "\n" for line in lines),
                f"共 {len(found)} 个场景。练习：trainer practice 场景；回放：trainer play 场景 --input 话术.txt\n")


class _Shown:
    """A scenario whose text fields are one visible line each (ids and titles are cells)."""

    def __init__(self, scenario: Any) -> None:
        self._scenario = scenario
        self.id = visible(str(scenario.id), one_line=True)
        self.title = visible(str(scenario.title), one_line=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._scenario, name)


def scenarios_json(found: list[tuple[Any, bool, str]]) -> Page:
    """``scenarios --format json``: a list of objects."""
    rows = [{"id": s.id, "title": s.title, "source": "bundled" if b else "local", "path": path,
             "script": s.script_id, "persona": s.persona, "difficulty": s.difficulty,
             "pass_mark": s.pass_mark, "success": list(s.success_outcomes),
             "answered_by": s.answered_by, "summary": s.summary} for s, b, path in found]
    return Page(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def transcript_jsonl(transcript: dict[str, Any]) -> str:
    """``export --format jsonl``: one transcript per line."""
    return json.dumps(transcript, ensure_ascii=False) + "\n"
