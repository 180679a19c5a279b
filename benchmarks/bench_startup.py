"""Start-up to first prompt: ``trainer practice`` in a pseudo-terminal, against baselines.

    python -m benchmarks.bench_startup [--runs 11] [--scenario first-contact-honest]

Each run spawns a fresh process on a pty (80×24, ``TERM=xterm-256color``,
``LANG=C.UTF-8``) and times, from just before the fork, until a marker shows
up in what the process wrote to the terminal:

* ``python -c pass`` — until it exits (the interpreter alone);
* a minimal prompt_toolkit ``PromptSession().prompt("> ")`` — until ``> `` (the floor for any
  prompt_toolkit program);
* ``trainer practice SCENARIO`` — until the dial prompt ``按回车拨号`` (the case card is above it):
  **time to first prompt**, the figure the README quotes (target 200 ms);
* ``trainer practice`` with no scenario — until the picker's prompt;
* ``python -c "import yaml; yaml.safe_load(...)"`` of the bundled scenario and script files — until
  it exits (the floor for any program that reads them);
* ``trainer scenarios`` — until it exits (target 150 ms);
* ``trainer practice SCENARIO`` + Enter at once — until the debtor's first line, counted from the
  fork: the worst case, nobody has read the card yet;
* the same with Enter pressed one second after the card appeared, counted from Enter — what a
  trainee waits for: the engine (session, state machine, rule pack) loads in the background while
  the card is read.

Cursor-position requests (``ESC[6n``) are answered like a terminal would.  The
command is the installed ``trainer`` script when there is one, else
``python -m trainer``.  If the bundled scenario cannot be loaded, the engine test
fixture ``tests/golden/engine/engine-honest.yaml`` is used instead (and said so).
The trainer runs use a fresh private cache directory (``TRAINER_CACHE_DIR``, see
``trainer/base/cache.py``), filled by the warm-up run, as on any machine after the first run;
``--no-cache`` measures with ``TRAINER_CACHE_DIR=off`` instead.
Figures are medians (min–max) over ``--runs`` runs after one warm-up; ratios
are against the minimal PromptSession measured in the same process.  The last column is the CPU
time the process had used when the marker appeared (``/proc/PID/stat``, all its threads, 10 ms
ticks; Linux only): on a shared machine it moves far less with the neighbours' load than the
wall time does.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "golden" / "engine" / "engine-honest.yaml"
MINIMAL = "from prompt_toolkit import PromptSession\nPromptSession().prompt('PROMPT> ')"
CPR_REQUEST = b"\x1b[6n"
DIAL = "按回车拨号".encode()
YAML_ONLY = ("import sys, yaml\nfor p in sys.argv[1:]:\n    yaml.safe_load(open(p, encoding='utf-8'))")
BUDGETS = {"trainer scenarios (until exit)": 150.0, "trainer practice SCENARIO -> first prompt": 200.0,
           "trainer practice SCENARIO + Enter -> debtor speaks": 250.0,
           "Enter after 1 s at the card -> debtor (from Enter)": 250.0}
CACHE: dict[str, str] = {}
CPU: list[float] = []  # CPU seconds of the child at its marker, one per run (when /proc has it)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    env.update(CACHE)
    # Measure warm, as a user's machine runs it: bytecode cached (in a private prefix, so the
    # work tree stays clean) even where the environment says not to write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "trainer-bench-pycache")
    return env


def spawn_until(argv: list[str], steps: list[tuple[bytes, bytes | None]], timeout: float = 10.0,
                cwd: str | None = None, read_pause: float = 0.0) -> float:
    """Seconds from fork until the last step's marker appears.

    ``steps``: ``(keys to send first, marker to wait for)`` in order; a marker of None means
    "until the process exits".  Afterwards Ctrl-D is sent until the process is gone.
    ``read_pause``: wait this long before the last step's keys (a person reading the case card)
    and count from those keys instead of from the fork.
    """
    env = _env()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        try:
            if cwd:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    step = 0
    if steps[0][0]:
        os.write(fd, steps[0][0])
    deadline = time.monotonic() + timeout
    try:
        while elapsed is None and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if steps[step][1] is None:
                        elapsed = time.perf_counter() - start
                    break
                seen += chunk
                if CPR_REQUEST in chunk:
                    os.write(fd, b"\x1b[1;1R")
            marker = steps[step][1]
            if marker is not None and marker in seen:
                if step == len(steps) - 1:
                    elapsed = time.perf_counter() - start
                    _note_cpu(pid)
                    break
                step += 1
                seen = b""
                if read_pause and step == len(steps) - 1:
                    time.sleep(read_pause)
                    start = time.perf_counter()
                if steps[step][0]:
                    os.write(fd, steps[step][0])
    finally:
        _reap(pid, fd)
    if elapsed is None:
        raise RuntimeError(f"{' '.join(argv)}: step {step} marker {steps[step][1]!r} not seen within "
                           f"{timeout}s; last output: {seen[-300:].decode('utf-8', 'replace')!r}")
    return elapsed


def _note_cpu(pid: int) -> None:
    """Record the CPU time (user + system, all threads) child ``pid`` has used so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        CPU.append((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        pass


def _reap(pid: int, fd: int) -> None:
    """Leave with Ctrl-D (at any prompt) until our child exits; SIGKILL it after 3 s."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            os.write(fd, b"\x04")
        except OSError:
            pass
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            break
        if done:
            break
        try:
            if select.select([fd], [], [], 0.02)[0]:
                os.read(fd, 65536)
        except OSError:
            pass
    else:
        os.kill(pid, signal.SIGKILL)   # our own child only
        os.waitpid(pid, 0)
    os.close(fd)


def _trainer() -> list[str]:
    exe = shutil.which("trainer")
    return [exe] if exe else [sys.executable, "-m", "trainer"]


def _scenario(name: str) -> tuple[str, str]:
    probe = subprocess.run([sys.executable, "-c", f"from trainer.content.scenario import load_scenario as l; l({name!r})"],
                           capture_output=True, text=True)
    if probe.returncode == 0:
        return name, name
    return str(FIXTURE), f"{FIXTURE.relative_to(ROOT)} (bundled '{name}' not loadable here)"


def measure(label: str, fn, runs: int) -> tuple[str, list[float], float | None]:
    fn()  # warm-up: bytecode caches, page cache
    CPU.clear()
    times = [fn() * 1000 for _ in range(runs)]
    cpu = statistics.median(CPU) * 1000 if len(CPU) == runs else None
    return label, times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--scenario", default="first-contact-honest")
    parser.add_argument("--no-cache", action="store_true", help="run the trainer with TRAINER_CACHE_DIR=off")
    args = parser.parse_args()
    cache_dir = tempfile.mkdtemp(prefix="bench-startup-cache-")
    CACHE["TRAINER_CACHE_DIR"] = "off" if args.no_cache else cache_dir
    yaml_files = [str(p) for folder in ("scenarios", "scripts") for p in sorted((ROOT / folder).glob("*.yaml"))]
    os.chdir(ROOT)
    scenario, shown = _scenario(args.scenario)
    trainer = _trainer()
    picker_dir = None
    if scenario == str(FIXTURE):   # no bundled scenario loads: give the picker local ones
        picker_dir = tempfile.mkdtemp(prefix="bench-startup-")
        os.mkdir(os.path.join(picker_dir, "scenarios"))
        for name in ("engine-honest.yaml", "engine-family.yaml", "engine_script.yaml"):
            shutil.copy(FIXTURE.parent / name, os.path.join(picker_dir, "scenarios", name))
    print(f"python {sys.version.split()[0]}, command: {' '.join(trainer)}, scenario: {shown}, runs: {args.runs}")
    rows = [
        measure("python -c pass (until exit)",
                lambda: spawn_until([sys.executable, "-c", "pass"], [(b"", None)]), args.runs),
        measure("minimal PromptSession (until its prompt)",
                lambda: spawn_until([sys.executable, "-c", MINIMAL], [(b"", b"PROMPT>")]), args.runs),
        measure("python -c 'import yaml; yaml.safe_load' (same files)",
                lambda: spawn_until([sys.executable, "-c", YAML_ONLY, *yaml_files], [(b"", None)]), args.runs),
        measure("trainer scenarios (until exit)",
                lambda: spawn_until([*trainer, "scenarios"], [(b"", None)]), args.runs),
        measure("trainer practice SCENARIO -> first prompt",
                lambda: spawn_until([*trainer, "practice", scenario], [(b"", DIAL)]), args.runs),
        measure("trainer practice (picker) -> first prompt",
                lambda: spawn_until([*trainer, "practice"], [(b"", "场景编号".encode())], cwd=picker_dir),
                args.runs),
        measure("trainer practice SCENARIO + Enter -> debtor speaks",
                lambda: spawn_until([*trainer, "practice", scenario], [(b"", DIAL), (b"\r", "客户：".encode())]),
                args.runs),
        measure("Enter after 1 s at the card -> debtor (from Enter)",
                lambda: spawn_until([*trainer, "practice", scenario], [(b"", DIAL), (b"\r", "客户：".encode())],
                                    read_pause=1.0),
                args.runs),
    ]
    floor = statistics.median(rows[1][1])
    print(f"{'what':<52}{'median ms':>10}{'min–max':>16}{'× minimal ptk':>15}{'CPU ms':>8}")
    for label, times, cpu in rows:
        med = statistics.median(times)
        print(f"{label:<52}{med:>10.1f}{f'{min(times):.0f}–{max(times):.0f}':>16}{med / floor:>15.2f}"
              f"{'—' if cpu is None else f'{cpu:.0f}':>8}")
    print(f"cache: {CACHE['TRAINER_CACHE_DIR']}")
    for label, times, _cpu in rows:
        if label in BUDGETS:
            med = statistics.median(times)
            verdict = "within" if med <= BUDGETS[label] else "OVER"
            print(f"{label}: {med:.0f} ms median — {verdict} the {BUDGETS[label]:.0f} ms target")
    shutil.rmtree(cache_dir, ignore_errors=True)
    if picker_dir:
        shutil.rmtree(picker_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
