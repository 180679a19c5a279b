"""Commands for instructors' files: ``validate``, ``graph``, ``schema``."""

from __future__ import annotations

import argparse
import json
import sys

from trainer.cli import EXIT_OK, EXIT_PROBLEMS, command
from trainer.zh.display import visible

PROBLEMS_PER_FILE = 100  # `validate` lists the first 100 problems of a file, then how many more


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "validate", "检查脚本树、场景和规则包文件，一次列出所有问题和警告（路径:行:列: 代码 说明）",
                "trainer validate my_scripts/ scenarios/vip.yaml --strict", validate)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="文件或目录；不写则检查全部内置文件，以及当前目录下的 scripts/ 和 scenarios/")
    p.add_argument("-q", "--quiet", action="store_true", help="没有问题时不输出")
    p.add_argument("--strict", action="store_true", help="有警告（SW…/CW… 代码）也算不通过，退出码 1")

    p = command(sub, "graph", "把脚本树画成图（Mermaid、Graphviz DOT，或一页可打印的 HTML）",
                "trainer graph first_contact --format html > first_contact.html", graph)
    p.add_argument("script", metavar="SCRIPT", help="内置脚本名（如 first_contact）或 YAML 文件路径")
    p.add_argument("--format", choices=("mermaid", "dot", "html"), default="mermaid",
                   help="mermaid（默认）、dot，或 html：单个网页，装了 Graphviz 时内嵌图，否则附 Mermaid 源码")

    p = command(sub, "schema", "输出某类文件的 JSON Schema，供编辑器补全和检查",
                "trainer schema script > script.schema.json", schema)
    p.add_argument("kind", choices=("script", "scenario", "rules"), metavar="script|scenario|rules")


def validate(args: argparse.Namespace) -> int:
    from trainer.base.errors import Problem
    from trainer.content.validate import validate_paths

    report = validate_paths(args.paths)
    shown: dict[str, int] = {}
    problems = sorted([*report.problems, *report.warnings], key=Problem.sort_key)
    for problem in problems:
        path = problem.location.path
        shown[path] = shown.get(path, 0) + 1
        if shown[path] <= PROBLEMS_PER_FILE:
            print(visible(str(problem), one_line=True))
        elif shown[path] == PROBLEMS_PER_FILE + 1:
            rest = sum(1 for p in problems if p.location.path == path) - PROBLEMS_PER_FILE
            print(f"{visible(path, one_line=True)}: 还有 {rest} 个问题未列出（每个文件最多列出 {PROBLEMS_PER_FILE} 个）")
    n_files = len(report.files)
    n_warn = len(report.warnings)
    warned = f"，另有 {n_warn} 个警告" if n_warn else ""
    if report.problems:
        bad = len({p.location.path for p in report.problems})
        print(f"发现 {len(report.problems)} 个问题{warned}，涉及 {bad} 个文件（共检查 {n_files} 个）。",
              file=sys.stderr)
        return EXIT_PROBLEMS
    if n_warn:
        print(f"没有错误，但有 {n_warn} 个警告（共检查 {n_files} 个文件）"
              + ("；--strict 下警告也算不通过。" if args.strict else "。"), file=sys.stderr)
        return EXIT_PROBLEMS if args.strict else EXIT_OK
    if not args.quiet:
        print(f"全部通过：检查了 {n_files} 个文件，没有发现问题。", file=sys.stderr)
    return EXIT_OK


def graph(args: argparse.Namespace) -> int:
    from trainer.content.graph import to_dot, to_html, to_mermaid
    from trainer.content.script import load_script

    script = load_script(args.script)
    render = {"mermaid": to_mermaid, "dot": to_dot, "html": to_html}[args.format]
    print(render(script), end="")
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    from trainer.base import schema as schema_mod

    if args.kind == "script":
        import trainer.content.includes  # noqa: F401  (registers the script schema with its include key)
    elif args.kind == "scenario":
        import trainer.content.scenario  # noqa: F401  (registers its schema)
    elif args.kind == "rules":
        import trainer.compliance  # noqa: F401  (registers its schema)
    print(json.dumps(schema_mod.SCHEMAS[args.kind], ensure_ascii=False, indent=2))
    return EXIT_OK
