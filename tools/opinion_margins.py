"""How far the model may move before a test's promise breaks: the second opinion's margins.

    python tools/opinion_margins.py [--shifts -1 -0.5 0.5 1] [--by-category] [TESTS ...]

Every retrain moves some lines' probabilities; where a test promises that a breach in new words is
reported (the second opinion keeps the rule's finding) or that a lawful line is not (it withdraws
it), a line near its category's withdrawal level (trainer/data/rules/model.yaml) can cross it. This
runs the tests (default: tests/compliance and tests/sim) once per shift ``d`` with every level moved
as if the model's probabilities moved by ``d`` in log-odds (level' = sigmoid(logit(level) - d); a
level of 0, never withdrawn, stays 0), and lists the tests that fail then but pass unshifted.
``d < 0``: the model less sure of every breach (more findings withdrawn: the promised breaches are
at risk); ``d > 0``: surer (the promised withdrawals are). A retrain whose tests pass at every shift of ``--shifts`` has at least
that margin on both sides; ``--by-category`` shifts one category at a time, to say whose level is
tight.

It is also a pytest plugin (``-p opinion_margins`` with tools/ on the path): the environment's
``OPINION_SHIFT`` (log-odds) and ``OPINION_SHIFT_CATEGORY`` (one category; all when unset) move
the levels for that session. Only the test process is shifted: a test that starts ``trainer`` in
a subprocess sees the shipped levels.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TESTS = ("tests/compliance", "tests/sim")
DEFAULT_SHIFTS = (-1.0, -0.5, 0.5, 1.0)
CATEGORIES = ("impersonation", "threat", "abuse", "false_claim", "third_party_disclosure", "privacy", "vulnerable")
_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


def shifted(level: float, shift: float) -> float:
    """``level`` as it reads when every probability moves by ``shift`` in log-odds."""
    if level <= 0.0:
        return level
    z = math.log(level / (1.0 - level)) - shift
    return 1.0 / (1.0 + math.exp(-z))


def pytest_configure(config: Any) -> None:  # the plugin: move the levels for this session
    shift = float(os.environ.get("OPINION_SHIFT", "0") or 0)
    only = os.environ.get("OPINION_SHIFT_CATEGORY") or None
    if not shift:
        return
    from trainer.compliance.second_opinion import SecondOpinion

    plain = SecondOpinion.level

    def level(self: SecondOpinion, category: str) -> float:
        value = plain(self, category)
        return shifted(value, shift) if only in (None, category) else value

    SecondOpinion.level = level  # type: ignore[method-assign]


def failing(tests: list[str], shift: float, category: str | None = None) -> list[str]:
    """The test ids that fail with the levels moved by ``shift`` (for ``category`` only, if given)."""
    env = {**os.environ, "OPINION_SHIFT": repr(shift), "OPINION_SHIFT_CATEGORY": category or "",
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tools"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "opinion_margins",
                          "-rfE", *tests], cwd=ROOT, env=env, capture_output=True, text=True)
    return sorted(set(_FAILED.findall(run.stdout)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", default=list(DEFAULT_TESTS), help="test paths (default: %(default)s)")
    ap.add_argument("--shifts", type=float, nargs="+", default=list(DEFAULT_SHIFTS),
                    help="log-odds shifts of the model's probabilities against the levels")
    ap.add_argument("--by-category", action="store_true", help="shift one category at a time")
    args = ap.parse_args(argv)
    already = set(failing(args.tests, 0.0))
    print(f"unshifted: {len(already)} failing" + "".join(f"\n  {n}" for n in sorted(already)))
    broken = 0
    for shift in args.shifts:
        for category in (CATEGORIES if args.by_category else (None,)):
            names = [n for n in failing(args.tests, shift, category) if n not in already]
            broken += bool(names)
            where = f"{category}: " if category else ""
            print(f"shift {shift:+.2f} {where}{len(names)} more failing" + "".join(f"\n  {n}" for n in names))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
