"""Round 7 (r9 material): who is on the line, and what is told to whom — kinds, in our own words.

Each kind has new sentences (different words from any author's, the same kind of utterance) and
lawful neighbours that must stay clean: a person's identifiers (number fragments, the building,
employer and pay, contacts, transfers, location) told to a third party or held over the debtor;
a demand or dismissal pressed on a listener the call, or the agent's own words, shows is bereaved,
in hospital, a child or in crisis (crying, 「不想活了」); a child asked where a parent works or what
is in their account; a third party made to pay, take charge or pass the debt on. Refusing to give
details out, condolences and deferring, asking a child to have a parent call back, and a relative's
illness given by the debtor as hardship stay clean.
"""

from __future__ import annotations

from helpers_audit import (
    WRONG_NUMBER,
    ZHOU_AFTER_SURGERY,
    ZHOU_CARER,
    ZHOU_CHILD,
    ZHOU_COLLEAGUE,
    ZHOU_CRYING,
    ZHOU_HARDSHIP,
    ZHOU_MOTHER,
    ZHOU_NO_DEPT,
    ZHOU_WIDOW,
    categories,
    findings,
)

OPENING = ZHOU_NO_DEPT
COLLEAGUE = ZHOU_COLLEAGUE
CHILD = ZHOU_CHILD
WIDOW = ZHOU_WIDOW
PATIENT = ZHOU_AFTER_SURGERY
CARER = ZHOU_CARER
CRYING = ZHOU_CRYING
HARDSHIP = ZHOU_HARDSHIP
WRONG = WRONG_NUMBER
MOTHER = ZHOU_MOTHER


def test_a_number_held_as_the_means_of_a_threat_is_one_breach() -> None:
    found = findings(OPENING, "你们公司人事的电话我这儿也有，明天上班我就打过去跟你们领导聊聊。")
    assert {f["category"] for f in found} == {"threat"}
    assert "privacy" in {a["category"] for f in found for a in f.get("also", ())}


def test_an_illness_told_as_over_is_no_patient_on_the_line() -> None:
    well = [*OPENING[:3], {"speaker": "debtor", "text": "去年我做了个手术，在家歇了半年，现在好了，回单位上班了。"}]
    assert "vulnerable" not in categories(well, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")
    assert "vulnerable" in categories(PATIENT, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")


def test_a_relatives_illness_given_as_hardship_is_no_vulnerable_customer() -> None:
    assert "vulnerable" not in categories(HARDSHIP, "理解，那您看这个月底能先还两千吗？")
    # the same demand on the person in hospital is pressure
    assert "vulnerable" in categories(PATIENT, "理解，那您看这个月底之前能先还两千吗？")


