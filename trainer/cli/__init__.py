"""The ``trainer`` command: a thin skin over the library.

Each command module below registers its subcommands with :func:`register`
and gives each one a handler ``handler(args) -> exit code``.  Handlers parse,
call one library function and print; they hold no domain logic.  Errors that
are the user's (bad files, unknown scenarios) arrive as
:class:`trainer.base.errors.TrainerError` and are printed here with exit 2 — never a
traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import io
import os
import sys
from collections.abc import Sequence

from trainer.base.errors import InputError, TrainerError
from trainer.zh.display import clip, visible

# One module per group of commands; each has ``register(subparsers)``.
COMMAND_MODULES = ("scripts", "audit", "play", "practice", "records", "workbench", "review")

EXIT_OK, EXIT_PROBLEMS, EXIT_INPUT = 0, 1, 2
PATH_ECHO = 200  # characters of a path a message quotes back
_OS_REASONS = {errno.ENAMETOOLONG: "文件名太长", errno.ENOENT: "文件不存在", errno.EACCES: "没有权限",
               errno.EISDIR: "这是一个目录", errno.ELOOP: "链接形成循环", errno.ENOTDIR: "路径中有一段不是目录"}

# Set by a command that ended normally with nothing left to finish (``trainer audit``: its output
# written, its store closed, its workers gone): :func:`run` then leaves without the interpreter's
# teardown, which would free every object of the run one by one (60-80 ms after an audit)
leave_at_once = False


# argparse's own words (usage lines, help headings, parse errors), in the user's language.
# argparse looks them up through its module-level gettext functions at run time.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "后面需要跟一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected at most one argument": "后面最多只能跟一个值",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "多余的值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 参数错误：%(message)s\n",
}
_TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "路径"}


def _argparse_text(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "后面需要跟 %s 个值"
    return singular if n == 1 else plural


argparse._ = _argparse_text  # type: ignore[attr-defined]
argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message in the user's language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for name, chinese in _TYPE_NAMES.items():
            message = message.replace(f"不是有效的{name}", f"不是有效的{chinese}")
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: 参数错误：{message}\n")
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="trainer",
        description="催收话术陪练：练习通话、校验脚本、合规质检。",
        epilog="示例：trainer practice first-contact-honest\n每个命令的用法：trainer 命令 --help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from trainer import __version__

    parser.add_argument("--version", action="version", version=f"trainer {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"trainer.cli.{name}")
        except ModuleNotFoundError as exc:  # a command group not written yet
            if exc.name != f"trainer.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def command(sub: argparse._SubParsersAction, name: str, summary: str, example: str,
            handler: object) -> argparse.ArgumentParser:
    """Add a subcommand whose ``--help`` ends with a worked example."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=summary, epilog=f"示例：\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code.  Ctrl-C at any moment (even while the commands are
    being loaded) is a short line and exit 130, never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("trainer: 已取消")
        return 130


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_INPUT
    if sys.stdout is None:  # started with standard output closed (`trainer scenarios >&-`)
        _say("trainer: 标准输出已关闭，无处输出")
        return EXIT_INPUT
    for stream in (sys.stdout, sys.stderr):
        # a character the terminal or file cannot take (a lone surrogate from a JSON escape, or
        # anything outside a legacy console's code page) is written as an escape, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = int(handler(args))
        sys.stdout.flush()  # a full disk is found here, not at exit
        return code
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away; nothing left to say
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.filename is not None:  # a path given on the command line that cannot be used
            _say(f"trainer: 无法使用 {visible(clip(str(exc.filename), PATH_ECHO), one_line=True)}："
                 f"{_OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))}")
            return EXIT_INPUT
        if not _is_output_error(exc):
            return _internal(exc)
        _drop_stdout()
        _say(f"trainer: 无法写出输出：{exc.strerror or exc}")
        return EXIT_INPUT
    except InputError as exc:
        for problem in exc.problems:
            print(visible(str(problem), one_line=True), file=sys.stderr)
        return EXIT_INPUT
    except TrainerError as exc:
        print(f"trainer: {visible(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        return _internal(exc)


def _internal(exc: Exception) -> int:
    if os.environ.get("TRAINER_DEBUG"):
        raise exc
    _say(f"trainer: 内部错误（{type(exc).__name__}: {visible(str(exc))}）。"
         "这是 trainer 的缺陷，请设置 TRAINER_DEBUG=1 重现后报告。")
    return 3


def _is_output_error(exc: OSError) -> bool:
    """An error writing standard output (full disk, closed pipe, I/O error) — not a file trainer read."""
    return exc.filename is None and exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF,
                                                  errno.EDQUOT, errno.EFBIG)


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit cannot fail again."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
    except OSError:
        pass


def _say(message: str) -> None:
    """A message on standard error, if there still is one to write to."""
    try:
        if sys.stderr is not None:
            print(message, file=sys.stderr)
            sys.stderr.flush()
    except OSError:
        pass


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:  # between the command's end and exit
        code = 130
    if code == 130:
        # Ctrl-C may have come while the practice loader thread was importing: leave at once
        # (everything is unwound and flushed) rather than let interpreter shutdown race with it
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError, KeyboardInterrupt):
                pass
        os._exit(130)
    if leave_at_once:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass  # the normal exit reports it, as before
        else:
            os._exit(code)
    sys.exit(code)
