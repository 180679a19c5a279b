"""The one Jinja environment: script line templates and report pages.

Every template that comes from a YAML file runs in Jinja's sandbox with
``StrictUndefined`` (an unknown variable is an error, never an empty string).
Report pages shipped in ``trainer/report/templates/`` use a second sandboxed
environment with HTML autoescaping on, so anything that came from a file or a
transcript is escaped.  No other module imports jinja2.
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1)
def _line_env() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                        keep_trailing_newline=False)
    env.filters["yuan"] = money
    return env


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> jinja2.Template:
    return _line_env().from_string(source)


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
    stored = {n.name for n in ast.find_all(jinja2.nodes.Name) if n.ctx in ("store", "param")}
    return {n.name for n in ast.find_all(jinja2.nodes.Name) if n.ctx == "load"} - stored


def render_line(source: str, facts: dict[str, Any]) -> str:
    """Render a script line over account facts (sandboxed, undefined = error)."""
    try:
        return _compiled(source).render(**facts).strip()
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误：{exc.message}", exc.lineno) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"模板变量未定义：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"模板无法渲染：{exc}") from None


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
