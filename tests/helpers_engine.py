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
