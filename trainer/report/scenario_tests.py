"""Writers of ``trainer test``: linter-style text and JUnit XML.

Both take a :class:`trainer.sim.scenario_tests.TestRun` and return a :class:`Page`; the problems of
unusable test files go to standard error in the ``path:line:col: CODE message`` form either way, so
a CI job reading the XML still sees why a file was skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from trainer.report.writers import Page
from trainer.zh.display import visible

_STATUS = {"pass": "通过", "fail": "失败", "xfail": "预期失败", "xpass": "意外通过", "error": "出错"}


def _problems(run: Any) -> str:
    return "".join(visible(str(p)) + "\n" for p in run.problems)


def _where(r: Any) -> str:
    return visible(f"{r.case.path}:{r.case.line}: {r.case.name} (seed {r.seed})", one_line=True)


def summary(run: Any) -> str:
    """The one summary line."""
    parts = [f"通过 {run.count('pass')}", f"失败 {run.count('fail')}"]
    for status in ("xfail", "xpass", "error"):
        if run.count(status):
            parts.append(f"{_STATUS[status]} {run.count(status)}")
    if run.problems:
        parts.append(f"无法使用的文件问题 {len(run.problems)} 处")
    verdict = {0: "全部符合预期", 1: "有用例不符合预期", 2: "有无法运行的测试"}[run.exit_code]
    return (f"{len(run.files)} 个测试文件，{len(run.runs)} 次运行（用例 × 种子）：" + "，".join(parts)
            + f"。{verdict}。\n")


def tests_text(run: Any) -> Page:
    """``test --format text``: one line per failed expectation, then one summary line."""
    lines: list[str] = []
    xfails: dict[int, list[Any]] = {}
    for r in run.runs:  # an expected failure is said once per case, with its seeds
        if r.status == "xfail":
            xfails.setdefault(id(r.case), []).append(r)
    for r in run.runs:
        if r.status in ("fail", "error"):
            lines += [f"{_where(r)}: {visible(f, one_line=True)}" for f in r.failures]
        elif r.status == "xfail" and xfails[id(r.case)][0] is r:
            seeds = ",".join(str(x.seed) for x in xfails[id(r.case)])
            where = visible(f"{r.case.path}:{r.case.line}: {r.case.name} (seed {seeds})", one_line=True)
            lines.append(f"{where}: 预期失败（{visible(r.case.xfail, one_line=True)}）")
        elif r.status == "xpass":
            lines.append(f"{_where(r)}: 意外通过：标了 xfail（{visible(r.case.xfail, one_line=True)}），"
                         "但所有期望都满足了；请删掉 xfail")
    return Page("".join(line + "\n" for line in lines) + summary(run), _problems(run))


def tests_junit(run: Any) -> Page:
    """``test --format junit``: JUnit XML, one ``testsuite`` per file, one ``testcase`` per case × seed."""
    root = ET.Element("testsuites", name="trainer test")
    suites: dict[str, ET.Element] = {}
    for path in run.files:
        suites[path] = ET.SubElement(root, "testsuite", name=path)
    for r in run.runs:
        suite = suites.setdefault(r.case.path, ET.SubElement(root, "testsuite", name=r.case.path))
        case = ET.SubElement(suite, "testcase", classname=r.case.scenario.id,
                             name=f"{r.case.name} [seed {r.seed}]", file=r.case.path, line=str(r.case.line))
        text = "\n".join(r.failures)
        if r.status == "fail":
            ET.SubElement(case, "failure", message=r.failures[0], type="expectation").text = text
        elif r.status == "error":
            ET.SubElement(case, "error", message=r.failures[0], type="error").text = text
        elif r.status == "xpass":
            ET.SubElement(case, "failure", message=f"意外通过（xfail：{r.case.xfail}）", type="xpass")
        elif r.status == "xfail":
            ET.SubElement(case, "skipped", message=f"预期失败：{r.case.xfail}").text = text
    for problem in run.problems:
        suite = suites.setdefault(problem.location.path,
                                  ET.SubElement(root, "testsuite", name=problem.location.path))
        case = ET.SubElement(suite, "testcase", classname="trainer.test", name=f"{problem.code} 文件检查")
        ET.SubElement(case, "error", message=str(problem), type=problem.code).text = str(problem)
    for suite in suites.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(len(suite.findall("testcase/failure"))))
        suite.set("errors", str(len(suite.findall("testcase/error"))))
        suite.set("skipped", str(len(suite.findall("testcase/skipped"))))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites.values())))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return Page('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", _problems(run))
