"""Shared by the engine tests: a model trainee who always says the script's recommended line."""

from __future__ import annotations

from typing import Any

from trainer.sim.session import Call


def model_trainee(call: Call, max_turns: int = 40) -> dict[str, Any]:
    """Say the script's recommended line — the one that answers the last reply first — until the end."""
    for _ in range(max_turns):
        if call.ended:
            break
        options = call.suggestions()
        call.say(options[0] if options else "好的，感谢您的配合，再见。")
    return call.result() if call.ended else call.end("incomplete")


# -- playing a trainee's lines (the natural-session tests) --------------------------------------


def play(scenario: str, lines: list[str], seed: int) -> dict[str, Any]:
    """``trainer play`` of a bundled scenario with these lines."""
    from trainer.content.scenario import load_scenario
    from trainer.sim.session import play_lines

    return play_lines(load_scenario(scenario), lines, seed=seed, mode="play")


def replies(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The other side's turns of a played call."""
    return [t for t in result["transcript"]["turns"] if t["speaker"] != "agent"]


def reply_to(result: dict[str, Any], line: str) -> dict[str, Any]:
    """The reply to the agent line ``line``."""
    turns = result["transcript"]["turns"]
    i = next(i for i, t in enumerate(turns) if t["speaker"] == "agent" and t["text"] == line)
    return turns[i + 1]


def reasons(result: dict[str, Any]) -> str:
    """Every deduction's reason, in one string."""
    return " ".join(d["reason"] for d in result["score"]["deductions"])
