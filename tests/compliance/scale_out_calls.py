"""What the scale-out tests share: loading an example module by its file name, and the two small
transcript files they audit (a flagged call, a clean call, a bad line, an unknown speaker, a bad
start time, a call-level finding)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OPENING = {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"}


def load_example(name: str) -> ModuleType:
    """``examples/<name>.py`` imported under its file's name (the name workers import it by)."""
    path = EXAMPLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _lines(calls: list) -> str:
    return "".join((c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)) + "\n" for c in calls)


def write_files(folder: Path) -> list[Path]:
    first = folder / "a.jsonl"
    first.write_text(_lines([
        {"id": "a1", "meta": {"agent": "王明", "team": "一组", "started_at": "2026-03-02T23:15:00+08:00"},
         "turns": [OPENING, {"speaker": "debtor", "text": "是我"},
                   {"speaker": "agent", "text": "你个老赖，老赖，我是公安局的，你身份证110101199003071234"}]},
        {"id": "a2", "turns": [OPENING, {"speaker": "debtor", "text": "是我"},
                               {"speaker": "agent", "text": "好的，谢谢您。"}]},
    ]), "utf-8")
    second = folder / "b.jsonl"
    second.write_text(_lines([
        "{oops",
        {"id": "b1", "turns": [{"speaker": "robot", "text": "您好"}]},
        {"id": "b2", "meta": {"started_at": "昨天晚上"}, "turns": [OPENING]},
        {"id": "b3", "meta": {"agent": "李娜"}, "turns": [OPENING, {"speaker": "agent", "text": "再不还就抓你坐牢"}]},
    ]), "utf-8")
    return [first, second]
