"""The one Jinja environment: script line templates and report pages.

Every template that comes from a YAML file runs in Jinja's sandbox with
``StrictUndefined`` (an unknown variable is an error, never an empty string).
Report pages shipped in ``trainer/report/templates/`` use a second sandboxed
environment with HTML autoescaping on, so anything that came from a file or a
transcript is escaped.  No other module imports jinja2.
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from trainer.zh.display import money


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered; ``line`` is 1-based within it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# Bounds of the line sandbox: a line template comes from a YAML file anyone may have written, so
# neither arithmetic, repetition nor output may grow without limit (a "template bomb").
MAX_LINE_OUTPUT = 10_000      # characters a rendered line may have
MAX_SEQUENCE = 10_000         # length of a string or list built by *, + or ~
MAX_POWER_BITS = 256          # size of a number built by **
# Filters a script line may use: none of them can grow a text without bound.
LINE_FILTERS = frozenset({"yuan", "default", "d", "round", "int", "float", "abs", "trim", "length",
                          "upper", "lower", "string", "first", "last"})
# What a script line may use: expressions, filters and {% if %}; no loops, macros, blocks or includes.
_ALLOWED_BLOCKS = (jinja2.nodes.If,)
_FORBIDDEN_BLOCKS = (jinja2.nodes.For, jinja2.nodes.Macro, jinja2.nodes.CallBlock,
                     jinja2.nodes.FilterBlock, jinja2.nodes.Assign, jinja2.nodes.AssignBlock,
                     jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport,
                     jinja2.nodes.Extends, jinja2.nodes.Block, jinja2.nodes.With, jinja2.nodes.Scope)


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with arithmetic and repetition bounded (see the MAX_ constants)."""

    intercepted_binops = frozenset({"*", "**", "+", "//", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _too_big_power(left, right):
            raise jinja2.exceptions.SecurityError(f"乘方结果过大（上限 {MAX_POWER_BITS} 位）")
        if operator == "*" and _too_long_repeat(left, right):
            raise jinja2.exceptions.SecurityError(f"重复后的内容过长（上限 {MAX_SEQUENCE} 个字符）")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_SEQUENCE:
            raise jinja2.exceptions.SecurityError(f"拼接后的内容过长（上限 {MAX_SEQUENCE} 个字符）")
        return result


def _too_big_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int | float) or not isinstance(exponent, int | float):
        return False
    if abs(base) <= 1:
        return False
    bits = abs(base).bit_length() if isinstance(base, int) else math.log2(abs(base))
    return exponent * max(1.0, bits) > MAX_POWER_BITS


def _too_long_repeat(left: Any, right: Any) -> bool:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times > MAX_SEQUENCE
    return False


@functools.lru_cache(maxsize=1)
def _line_env() -> ImmutableSandboxedEnvironment:
    env = _BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=False,
                          keep_trailing_newline=False)
    env.filters["yuan"] = money
    return env


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> jinja2.Template:
    env = _line_env()
    _check_blocks(env.parse(source))
    return env.from_string(source)


def _check_blocks(ast: jinja2.nodes.Template) -> None:
    for node in ast.find_all(_FORBIDDEN_BLOCKS):
        raise TemplateProblem("话术模板只能用 {{ 变量 }}、过滤器和 {% if %}，不能用循环、宏、赋值或引用其他模板"
                              f"（这里用了 {type(node).__name__}）", node.lineno)
    for node in ast.find_all(jinja2.nodes.Call):
        raise TemplateProblem("话术模板里不能调用函数或方法（如 range()、.center()）：只用变量、过滤器和 {% if %}",
                              node.lineno)
    for node in ast.find_all(jinja2.nodes.Filter):
        if node.name not in LINE_FILTERS:
            raise TemplateProblem(f"话术模板里不能用过滤器 '{node.name}'（可用：{'、'.join(sorted(LINE_FILTERS))}）",
                                  node.lineno)


def template_variables(source: str) -> set[str]:
    """Names a line template reads; raises :class:`TemplateProblem` on a syntax error
    or an unknown filter.  (A parse and a tree walk: no compilation, so checking a
    large script stays cheap.)"""
    env = _line_env()
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误：{exc.message}", exc.lineno) from None
    for node in ast.find_all(jinja2.nodes.Filter):
        if node.name not in env.filters:
            raise TemplateProblem(f"模板里用了不存在的过滤器 '{node.name}'", node.lineno)
    _check_blocks(ast)
    stored = {n.name for n in ast.find_all(jinja2.nodes.Name) if n.ctx in ("store", "param")}
    return {n.name for n in ast.find_all(jinja2.nodes.Name) if n.ctx == "load"} - stored


def render_line(source: str, facts: dict[str, Any]) -> str:
    """Render a script line over account facts (sandboxed, undefined = error)."""
    try:
        return _bounded_render(_compiled(source), facts).strip()
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(f"模板超出安全限制：{exc}") from None
    except (OverflowError, MemoryError, RecursionError, ZeroDivisionError, ValueError, TypeError) as exc:
        raise TemplateProblem(f"模板无法渲染：{type(exc).__name__}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误：{exc.message}", exc.lineno) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"模板变量未定义：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"模板无法渲染：{exc}") from None


def _bounded_render(template: jinja2.Template, facts: dict[str, Any]) -> str:
    out: list[str] = []
    size = 0
    for piece in template.generate(**facts):
        size += len(piece)
        if size > MAX_LINE_OUTPUT:
            raise jinja2.exceptions.SecurityError(f"渲染结果过长（上限 {MAX_LINE_OUTPUT} 个字符）")
        out.append(piece)
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _page_env() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FunctionLoader(_load_packaged_template),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = money
    return env


def _load_packaged_template(name: str) -> str:
    return resources.files("trainer.report").joinpath("templates", name).read_text("utf-8")


def render_page(name: str, **context: Any) -> str:
    """Render a packaged report template (``trainer/report/templates/NAME``); HTML is autoescaped
    when the name ends in ``.html.j2``, other formats are rendered as plain text."""
    env = _page_env()
    template = env.get_template(name)
    if not name.endswith(".html.j2"):
        with_plain = env.overlay(autoescape=False)
        template = with_plain.get_template(name)
    return template.render(**context)
