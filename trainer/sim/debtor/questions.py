"""Direct questions, and saying a point again without saying it again.

A trainee who asks something (「怎么一直没还呢？」「有没有报过警？」「您是他什么人？」) gets an
answer, never a bare 「嗯，您说」: :func:`asks` recognises a question broadly (？, 吗/么/呢 at a
clause end, 能不能/有没有/是不是/为什么/多少/几号 …) and :func:`topic_answer` gives the
persona's answer for the question's topic from ``questions`` in ``trainer/data/debtor.yaml``
(the reason once it was told, the income, reporting a stolen card, who they are to the debtor),
else a short line that takes the question up.

When a point has been made and the lines for it are used up, or the next one would say the same
thing again in other words (character-bigram similarity, :func:`similar`), :func:`moved_on` gives
a line that moves the conversation on instead (``moved_on`` in the bank, by meaning and persona).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from trainer.base.yamlio import load_document
from trainer.sim.understand import Understanding

if TYPE_CHECKING:  # pragma: no cover
    from trainer.sim.debtor import Debtor

# 「不用您现在做什么。」「没有没有，您别多想」 ask nothing: 什么/怎么 at a full stop, 没有没有
ASKS = re.compile(r"[?？]|(?:吗|呢|(?<![什怎这那多])么)(?=[,，。.!！…~]|$)|能不能|可不可以|行不行|(?<!没)有没有|是不是|要不要|会不会|"
                  r"对不对|好不好|"
                  r"为什么|为啥|怎么回事|多少|几号|哪天|什么时候|哪(个|种|一)")
CLAUSE = re.compile(r"[^。！!；;，,]*(?:[?？]|(?:吗|呢|(?<![什怎这那多])么)(?=[,，。.!！…~]|$))")
ALIVE = re.compile("本人|找他|问他|他自己|他回来|等他|让他")   # lines that assume the person can be reached
WORDLESS = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
CHOICE = re.compile("哪(个|种|一种|样)|还是")     # a question offering options
NEAR = 0.8          # bigram similarity at which a line counts as said before
# what a meaning group is (response codes → the ``moved_on`` group)
GROUPS = {"NO_MONEY": "hardship", "NO_ABILITY": "hardship", "HARDSHIP_EVENT": "hardship",
          "REPORTS_HOSPITALIZED": "hardship", "STALL_WAIT_FUNDS": "hardship", "CLAIM_PARTIAL": "hardship",
          "PTP_OFFER": "promise", "ACCEPT_PLAN": "promise", "PAY_NOW": "promise", "CONFIRM_RECAP": "promise",
          "NOT_MY_CHARGES": "dispute", "ASK_WHO": "question", "ASK_STAFF_ID": "question",
          "DISPUTE_AMOUNT": "question", "ASK_CONSEQUENCE": "question", "ASK_INSTALLMENT": "question",
          "ASK_WAIVER": "question", "ASK_PURPOSE": "question", "SUSPECT_SCAM": "question",
          "HANDLED": "handled", "CHOICE": "choice", "LOWBALL": "lowball", "REFUSE_PAY": "stall", "STALL_LATER": "stall",
          "STALL_TRY": "stall", "STALL_SOON": "stall", "STALL_BUSY": "stall", "STALL_FORGOT": "stall",
          "STALL_LOCATION": "stall", "BUSY_CALLBACK": "stall"}


@dataclass(frozen=True)
class _Questions:
    topics: tuple[tuple[str, re.Pattern[str], Mapping[str, tuple[str, ...]]], ...]
    fallback: Mapping[str, tuple[str, ...]]
    moved_on: Mapping[str, Mapping[str, tuple[str, ...]]]
    pressed: Mapping[str, tuple[str, ...]]
    never_said: tuple[str, ...]
    payday_wrong: tuple[str, ...]
    echo: Mapping[str, tuple[str, ...]]
    requested: Mapping[str, tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def bank() -> _Questions:
    """``questions`` and ``moved_on`` of ``trainer/data/debtor.yaml`` (loaded once)."""
    source = resources.files("trainer").joinpath("data", "debtor.yaml")
    data = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/debtor.yaml").data
    q = data["questions"]
    topics = tuple((t["topic"], re.compile(t["match"]), {k: tuple(v) for k, v in t["lines"].items()})
                   for t in q["topics"])
    moved = {g: {k: tuple(v) for k, v in lines.items()} for g, lines in data["moved_on"].items()}
    pressed = {k: tuple(v) for k, v in data["pressed"].items()}
    return _Questions(topics, {k: tuple(v) for k, v in q["fallback"].items()}, moved, pressed,
                      tuple(data["never_said"]), tuple(data["payday_wrong"]),
                      {k: tuple(v) for k, v in q.get("echo", {}).items()},
                      {k: tuple(v) for k, v in q.get("requested", {}).items()})


def asks(u: Understanding | None) -> bool:
    """Whether the agent's line asks the other side something directly."""
    return u is not None and bool(ASKS.search(u.text))


def asked_part(u: Understanding) -> str:
    """The clause that asks (the words before it are often a statement), else the whole line."""
    return "".join(CLAUSE.findall(u.text)) or u.text


def _role(d: Debtor) -> str:
    return "third_party" if d.speaker == "third_party" and d.scenario.answered_by != "deceased_family" \
        else d.scenario.persona if d.speaker == "debtor" else "deceased_family"


def _pool(d: Debtor, lines: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    role = _role(d)
    if role == "deceased_family" and role not in lines:
        # a third party's words, but never 「你得问他本人」「你直接找他」 about someone who has died
        # (when the group has none, the bereaved take it in plainly: not 「他的事我不清楚」, which answers a
        # question about the debt that nobody asked)
        return tuple(t for t in lines.get("third_party", ()) if not ALIVE.search(t)) or bereaved_listening()
    return lines.get(role) or lines.get("default") or ()


def bereaved_listening() -> tuple[str, ...]:
    """What the family of someone who has died says when they take in what they were told."""
    from trainer.sim.debtor.wording import bank as replies

    return replies().listen.get("bereaved", ()) or bank().fallback.get("deceased_family", ())


def topic_answer(d: Debtor, u: Understanding) -> tuple[str, tuple[str, ...]]:
    """(topic, lines) answering the question in ``u`` in the persona's words; ``tell`` (no lines) when
    it asks the reason they have not told yet; ``fallback`` when no topic fits what is known."""
    asked = asked_part(u)
    for topic, pattern, lines in bank().topics:
        # the reason, and which charges (「是某几笔，还是整张账单？」 asks in two clauses), anywhere in the line
        if not (pattern.search(asked) or topic in ("reason", "charges") and pattern.search(u.text)):
            continue
        if topic == "reason" and d.speaker == "debtor" and not d.agenda.objection_said:
            if d.agenda.objection:
                return "tell", ()       # asked the reason before telling it: tell it now
            continue
        if topic == "income" and d.speaker == "debtor" and not d.deal.payday and d.scenario.persona != "malicious":
            continue
        pool = _pool(d, lines)
        if pool:
            return topic, pool
    echoed = _echo(d, asked)
    if echoed:
        return "yes_no", echoed
    if REQUESTED.search(asked) and bank().requested:
        # asked to do something (call back, give word, get a paper ready): taken up as a request, never
        # met with 「这个我说不好」 or 「他的事我不清楚」, which answer a question about what they know
        return "request", _pool(d, bank().requested)
    return "fallback", _pool(d, bank().fallback)


# the question asks them to do something: ring back, let the bank know, get a document ready
REQUESTED = re.compile("(打|拨|回)[^，。？?]{0,12}(电话|热线|号码)|回(个)?电话?|回电|说一声|告诉(我们|我)一声|(跟|和|联系)(我们|我)[^，。？?]{0,4}"
                       "(说|讲|联系)|准备(一下|好)?|提供|带(上|好)|(发|寄)(给|过来|一下)")


# a yes/no question on a plain verb (「您还记得吧？」「这个您能理解吗？」): answered, as Chinese does, by saying the verb
TAG = re.compile("(能|会)?(记得|知道|清楚|明白|理解|听清楚了|听明白了|同意|认可)(的)?(了)?(吧|吗|么|是吧|对吧|不)")


def _echo(d: Debtor, asked: str) -> tuple[str, ...]:
    hits = list(TAG.finditer(asked))
    if not hits:
        return ()
    verb = (hits[-1].group(1) or "") + hits[-1].group(2)
    return tuple(t.replace("{verb}", verb) for t in _pool(d, bank().echo))


@functools.lru_cache(maxsize=8192)
def bigrams(text: str) -> frozenset[str]:
    """The line's character bigrams, punctuation left out (cached: replies are compared often)."""
    text = WORDLESS.sub("", text)
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def similarity(a: str, b: str) -> float:
    """How much two lines say the same (0–1): the Dice coefficient of their character bigrams, or,
    when the shorter line has five bigrams or more, the share of it found in the longer one (so the
    same sentence behind a new opening counts as the same)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 1.0 if WORDLESS.sub("", a) == WORDLESS.sub("", b) else 0.0
    dice = 2 * len(x & y) / (len(x) + len(y))
    small = min(len(x), len(y))
    return max(dice, len(x & y) / small) if small >= 5 else dice


def said_alike(d: Debtor, text: str) -> bool:
    """Whether the other side already said ``text`` or the same in slightly other words."""
    mine = bigrams(text)
    if len(mine) < 3:
        return d.memory.said_before(text)
    for _turn, _code, said in d.memory.replies:
        theirs = bigrams(said)
        if theirs and len(mine & theirs) >= NEAR * min(len(mine), len(theirs)) and similarity(text, said) >= NEAR:
            return True
    return False


def moved_on(d: Debtor, code: str) -> tuple[str, ...]:
    """Lines that move on from a point already made (the meaning group's, by persona; the plain
    「你接着说吧」 ones for a code of no group or a group with none for this persona)."""
    groups = bank().moved_on
    return _pool(d, groups.get(GROUPS.get(code, "default"), groups["default"])) or _pool(d, groups["default"])
