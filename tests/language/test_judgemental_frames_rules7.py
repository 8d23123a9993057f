"""Judgemental frames and set-asides of rules7, read from the extra rows' misses and wrong matches: oversight
someone did not give, optimism called inappropriate, staff who lacked the skill, a service "not up to scratch",
failing "catastrophically"; and wording the guide does not flag: negligence as the name of an offence or a
claim, an outcome or rate "unacceptably" high, "something was wrong" of a child's state, and a lack of
understanding among the public. Sentences written for this test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {f.rule_id for f in check_text(text, model=False).findings}


def categories(text: str) -> set[str]:
    return {f.category.value for f in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Inspectors found a lack of senior clinical oversight on the night shift.", "practice-verdict"),
        ("The social workers were unrealistically optimistic about the father's progress.", "practice-verdict"),
        ("The panel saw a misplaced optimism about the mother's recovery.", "practice-verdict"),
        ("The team made inappropriate decisions about contact with the father.", "practice-verdict"),
        ("The response to the second referral was wholly inappropriate.", "practice-verdict"),
        ("The boy was cared for by carers who lacked the skills to manage his epilepsy.", "practice-verdict"),
        ("The officers were too eager to close the enquiry.", "practice-verdict"),
        ("Her parents felt that the ward was not up to scratch.", "practice-verdict"),
        ("The family said the agency did a shoddy job of the assessment.", "practice-verdict"),
        ("Inspectors described a culture of complacency on the ward.", "practice-verdict"),
        ("The board denied that anything had gone wrong on the unit.", "practice-verdict"),
        ("The mother believes the trust failed catastrophically in its duty to her son.", "conduct-verdict"),
        ("Her family say the agencies failed her horribly.", "conduct-verdict"),
        ("The coroner listed a string of hospital blunders in the weeks before he died.", "evaluative-label"),
        ("The report describes egregious failings in the home's night care.", "evaluative-label"),
        ("The daughter spoke of the institutional negligence she witnessed.", "careless-negligent"),
        ("The ombudsman found negligence by the care agency.", "careless-negligent"),
        ("The family wrote to the home about its negligence.", "careless-negligent"),
        ("The home's medicines were managed unacceptably poorly.", "unacceptable"),
        ("The decision to close the case was simply wrong.", "evaluative-label"),
        ("The review found a lack of understanding among staff of how coercive control works.", "practice-verdict"),
    ],
)
def test_a_rules7_frame_finds_its_wording(text, rule):
    assert rule in rule_ids(text)


# Each set-aside: the wording it now leaves clear, and a near miss in the same words that is still found.
@pytest.mark.parametrize(
    "text",
    [
        # negligence as the name of an offence or a claim
        "The father was convicted of manslaughter by gross negligence in 2019.",
        "The mother admitted gross negligence manslaughter at the crown court.",
        "The family brought a clinical negligence claim against the trust.",
        # an outcome or a rate, not anyone's work
        "The region had an unacceptably high rate of infant deaths that year.",
        # the child's state, or the harm, not a verdict
        "Her grandmother sensed that something was wrong with the baby.",
        "The health visitor asked the boy what was wrong.",
        "Case reviews are held when something has gone badly wrong.",
        # the public's understanding, and the panel's test
        "Social workers told us there is a lack of understanding about their role among the public.",
        "The panel weighed his lack of insight against the risk of repetition.",
    ],
)
def test_a_rules7_set_aside_leaves_it_clear(text):
    assert "judgemental" not in categories(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The trust's negligence left the ward without a doctor.", "careless-negligent"),
        ("The nurse acted negligently when she left the ward.", "careless-negligent"),
        ("The staff on the ward treated the residents unacceptably.", "unacceptable"),
        ("The manager's decision to close the case was wrong.", "evaluative-label"),
        ("The case was badly mishandled by the duty team.", "evaluative-label"),
        ("There was a lack of understanding of the risks among the police responders.", "practice-verdict"),
    ],
)
def test_a_rules7_near_miss_is_still_found(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        # not a verdict on practice: the parent's own abilities, an optimistic author, a service's shape
        "The mother lacked the ability to read the letters sent to her.",
        "I am optimistic that the new service will help families.",
        "The scheme aimed to end inappropriate hospital placements for autistic people.",
        "The review team met the family to discuss a culture of fear that staff had described.",
    ],
)
def test_a_rules7_frame_leaves_its_near_miss_clear(text):
    assert "judgemental" not in categories(text)
