"""What Python's ``re`` and Jinja say about a broken pattern or template, said in Chinese with
what to type instead (the messages of SV025 and SV027)."""

from __future__ import annotations

import re

from trainer.base.templating import LINE_FILTERS

_REGEX_ZH = (
    ("missing ), unterminated subpattern", "少了右括号「)」", "每个「(」都要有配对的「)」；要匹配括号本身写成 \\( 或 \\)"),
    ("unbalanced parenthesis", "多了右括号「)」", "删掉多余的「)」；要匹配括号本身写成 \\)"),
    ("unterminated character set", "方括号「[」没有闭合", "补上「]」；要匹配方括号本身写成 \\["),
    ("nothing to repeat", "「*」「+」「?」前面没有可以重复的内容", "要匹配这些符号本身，前面加反斜杠，如 \\+"),
    ("multiple repeat", "重复符号连用了（如「**」「+*」）", "只保留一个重复符号"),
    ("bad escape", "反斜杠后面的字符不能这样用", "要匹配反斜杠本身写成 \\\\；YAML 里用单引号包住正则最省事"),
    ("missing )", "少了右括号「)」", "每个「(」都要有配对的「)」"),
)


def regex_problem_zh(exc: re.error) -> tuple[str, str]:
    """A Chinese message and fix hint for a regular expression Python refuses."""
    where = f"（第 {exc.pos + 1} 个字符）" if exc.pos is not None else ""
    for english, message, hint in _REGEX_ZH:
        if exc.msg.startswith(english):
            return f"正则表达式有误：{message}{where}", hint
    return (f"正则表达式有误{where}：{exc.msg}",
            "检查括号、方括号是否成对；要匹配 ( ) [ ] * + ? . 等符号本身，前面加反斜杠")


_JINJA_ZH = (
    ("unexpected '}'", "多了一个「}」", "变量写成 {{ 变量名 }}：左右各两个花括号"),
    ("unexpected end of template", "模板没有写完（{{ 或 {% 没有闭合）", "变量写成 {{ 变量名 }}；{% if %} 要配 {% endif %}"),
    ("expected token 'end of print statement'", "{{ }} 里只能写一个变量（可加过滤器）",
     "检查是否漏了「|」或多写了字；如 {{ balance | yuan }}"),
    ("unexpected char", "{{ }} 里有不认识的字符（中文标点或全角符号？）", "花括号和变量名都用半角（英文）字符"),
    ("Encountered unknown tag", "不认识的 {% %} 标签", "只能用 {% if 条件 %} … {% else %} … {% endif %}"),
    ("unexpected '", "模板里多了或少了符号", "变量写成 {{ 变量名 }}，条件写成 {% if 条件 %}…{% endif %}"),
)


def template_problem_zh(message: str) -> tuple[str, str | None]:
    """Jinja's English syntax messages, said in Chinese with what to type instead."""
    detail = message.removeprefix("模板语法错误：")
    if detail == message:  # already one of our Chinese messages
        if message.startswith("模板里用了不存在的过滤器"):
            return message, "可用的过滤器：" + "、".join(sorted(LINE_FILTERS)) + "，如 {{ balance | yuan }}"
        return message, None
    for english, zh, hint in _JINJA_ZH:
        if detail.startswith(english):
            return f"话术模板语法错误：{zh}", hint
    return f"话术模板语法错误（{detail}）", "变量写成 {{ 变量名 }}，条件写成 {% if 条件 %}…{% endif %}，花括号用半角"
