"""Blame frames (rules7) read from the extra training rows' misses: a person, role or agency made the cause of the
harm ("caused by gross failings", "played a contributing role in her death", "failed to prevent his death"), and the
search for who is at fault ("accountability lies with", "pointed the finger at", "identify those responsible",
"calling on the director to resign", "has to take responsibility"). Each finds wording the corpus never used; the
near misses beside them stay clear. Sentences written for this test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {f.rule_id for f in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # a person, role or agency made the cause of the harm
        ("His injuries were caused by serious failings on the ward.", "person-caused-outcome"),
        ("The agency's negligence played a key role in the boy's death.", "person-caused-outcome"),
        ("The ombudsman found that the delay caused an injustice to Mrs K.", "person-caused-outcome"),
        ("The panel found omissions by the surgery possibly causative of her death.", "person-caused-outcome"),
        ("Health visitors failed to prevent the baby's death.", "failings-caused-harm"),
        ("The report called the failure of the services involved to protect him shameful.", "failings-caused-harm"),
        ("The council failed a hungry boy who was starving at home.", "failings-caused-harm"),
        ("Children's services failed more than two hundred children in the town.", "failings-caused-harm"),
        ("She endured years of neglect at the hands of the council.", "failings-caused-harm"),
        ("The old man died as a result of neglect by the care agency.", "failings-caused-harm"),
        ("An inquest found that poor care contributed to her death.", "failings-caused-harm"),
        ("If the school had done its job, she would have been safe.", "failings-caused-harm"),
        ("The girl was failed at almost every turn by the authorities.", "let-down"),
        # the search for who is at fault
        ("The inquiry decided that accountability rests with the board.", "to-blame"),
        ("Responsibility for the failings must rest with the health board.", "to-blame"),
        ("The mistakes lie squarely at the door of the directors.", "to-blame"),
        ("There were plenty of people to blame for what happened.", "to-blame"),
        ("There is enough blame to go round in this case.", "to-blame"),
        ("The managers were let off the hook again.", "to-blame"),
        ("The coroner pointed the finger at the ward sister.", "to-blame"),
        ("The midwives were blamed for the baby's injuries.", "to-blame"),
        ("Officials tried to pass the buck to the nursery.", "to-blame"),
        ("The family still want to know who's to blame.", "who-is-to-blame"),
        ("Who's losing their job over this?", "who-is-to-blame"),
        ("The local paper called on the director of children's services to resign.", "held-to-account"),
        ("Campaigners demanded the resignation of the chief executive.", "held-to-account"),
        ("She should do the honourable thing.", "held-to-account"),
        ("The only decent course is to resign.", "held-to-account"),
        ("The leader should fall on his sword.", "held-to-account"),
        ("The chair now needs to step aside.", "held-to-account"),
        ("The minister promised to punish those responsible.", "held-to-account"),
        ("Families want the managers to pay a heavy price.", "held-to-account"),
        ("The director really has to take responsibility.", "held-to-account"),
        ("The trust must take responsibility for these failures.", "held-to-account"),
        ("Two managers lost their jobs as a result.", "held-to-account"),
        ("The council's payment to him was a reward for failure.", "held-to-account"),
    ],
)
def test_a_frame_finds_wording_the_corpus_never_used(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The fractures were caused by a fall from the climbing frame.", "person-caused-outcome"),
        ("The family played a central role in planning the review.", "person-caused-outcome"),
        ("The health visitor helped to prevent further injuries.", "failings-caused-harm"),
        ("The boy suffered neglect and cruelty at the hands of his mother.", "failings-caused-harm"),
        ("Deaths due to neglect and abuse are falling across the region.", "failings-caused-harm"),
        (
            "If they had done their job differently, it is not clear anything would have changed.",
            "failings-caused-harm",
        ),
        ("In the meeting, blame falls on whoever spoke last, and the panel wants to change that.", "to-blame"),
        ("Ultimate responsibility for the abuse must lie with the man who committed it.", "to-blame"),
        ("The door of the office was left open.", "to-blame"),
        ("The review team will take responsibility for sharing the learning.", "held-to-account"),
        ("The foster carer went to the shop and came back with a price list.", "held-to-account"),
        ("She was removed from her post in March, and a new manager started in May.", "held-to-account"),
        ("The employment tribunal ruled that the social worker had been unfairly sacked.", "failings-caused-harm"),
        ("The mother lost her job because of the pandemic.", "held-to-account"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)
