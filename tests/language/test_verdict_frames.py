"""Frames read from the train split's misses in judgemental, hindsight and blame wording: reputation put before
the people served, a clouded judgement, a service that "messed up"; the outcome called plain ("it is quite
obvious that", "surely someone would have noticed", "ignored time and again"); fault and punishment ("their
conduct is under investigation", "the staff paid to protect her"); and (rules6, from the extra rows' misses)
failings, however described, made the cause of a death ("failure to recognise how ill he was led to his death").
Each finds wording the corpus never used; the near misses beside them stay clear. Sentences written for this
test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {f.rule_id for f in check_text(text, model=False).findings}


def categories(text: str) -> set[str]:
    return {f.category.value for f in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # judgemental: a verdict on conduct
        ("The hospital cared about its reputation, as ever, ahead of patients and their families.", "conduct-verdict"),
        ("The board was keener on protecting its own image than on listening to families.", "conduct-verdict"),
        ("Loyalty to a colleague clouded his professional judgement.", "conduct-verdict"),
        ("The family was known to an ineffective team of professionals for six years.", "conduct-verdict"),
        ("The mother said the ward had messed up her son's discharge.", "conduct-verdict"),
        ("The handover between the two teams was a fiasco.", "conduct-verdict"),
        ("The review found the health visitor over-optimistic about the father's progress.", "conduct-verdict"),
        ("Her decision to close the case was a grave error of judgement.", "conduct-verdict"),
        ("Staff were substandard in how they kept records.", "conduct-verdict"),
        # hindsight: the outcome as plain then
        ("The neglect went on under his very nose.", "signs-missed"),
        ("She deteriorated before their eyes.", "signs-missed"),
        ("The abuse took place in full view of the agencies involved.", "signs-missed"),
        ("It is quite obvious that the boy was frightened of going home.", "obviously-clearly"),
        ("The baby was plainly at risk of serious harm by the autumn.", "obviously-clearly"),
        ("Surely the school nurse would have noticed the weight loss?", "could-not-miss"),
        ("The family's GP must surely have known about the drinking.", "could-not-miss"),
        ("Her complaints about the carer were ignored time and again.", "signs-missed"),
        # blame: punishment and fault
        ("Two health visitors were told that their conduct was under investigation.", "held-to-account"),
        ("Campaigners say the managers should be standing in the dock.", "held-to-account"),
        ("The question is how far their culpability extends.", "to-blame"),
        ("Omissions with tragic consequences for the family were found in every agency.", "failings-of-people"),
        ("He was ignored by the very professionals who were paid to protect him.", "failings-of-people"),
        ("She died alone, let down by the staff employed to care for her.", "failings-of-people"),
        ("Put simply, the agency dropped the ball.", "failings-of-people"),
        ("Professionals who fail children will be held properly accountable.", "held-to-account"),
        ("Her MP called for heads to roll at the trust.", "held-to-account"),
        ("The managers should be ashamed of what happened on their watch.", "held-to-account"),
        ("The buck has to stop with the director of children's services.", "to-blame"),
        ("Three deaths were blamed on the ward's failings.", "to-blame"),
        ("Somebody has to be accountable for what happened to our son.", "to-blame"),
        ("The family asked who would hold managers to account.", "held-to-account"),
        # blame (rules6, from the extra rows' misses): failings, however described, made the cause of the harm
        ("A failure to see how unwell the baby was led to her death.", "harm-through-failings"),
        ("The coroner found that failings in the ward's care contributed to his death.", "harm-through-failings"),
        ("Errors at every stage of the referral caused the harm she suffered.", "harm-through-failings"),
        ("He died needlessly because of appalling care on the ward.", "harm-through-failings"),
    ],
)
def test_a_frame_finds_wording_the_corpus_never_used(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The service has a good reputation among families in the borough.", "conduct-verdict"),
        ("The review protects the reputation of no one and names no practitioner.", "conduct-verdict"),
        ("The medication proved ineffective and was changed in March.", "conduct-verdict"),
        ("The weather clouded over before the visit.", "conduct-verdict"),
        ("The kitchen was a mess when the health visitor called.", "conduct-verdict"),
        ("The family lived in substandard housing for six years.", "conduct-verdict"),
        ("The nurse cleaned the superficial cuts on his arm.", "conduct-verdict"),
        ("The report was before the board in March.", "signs-missed"),
        ("It is quite clear that the family valued the support they received.", "obviously-clearly"),
        ("The plan clearly set out who would visit and when.", "obviously-clearly"),
        ("Surely the review should hear from the family as well?", "could-not-miss"),
        ("The referral was considered time and again at the weekly meeting.", "signs-missed"),
        ("Their conduct during the review meetings was open and generous.", "held-to-account"),
        ("The mother was referred to the perinatal mental health team.", "held-to-account"),
        ("The father stood in the dock for eleven days.", "held-to-account"),
        ("Nobody was blamed on the day, and the meeting went on.", "to-blame"),
        ("No one should be ashamed of asking for help with a baby.", "held-to-account"),
        ("Mistakes with serious consequences are more likely when teams are short of staff.", "failings-of-people"),
        ("The checks that were supposed to protect children were not in place.", "failings-of-people"),
        ("Mistakes were made in the weeks leading up to the deaths.", "harm-through-failings"),
        ("Medication errors are a leading cause of harm in care homes.", "harm-through-failings"),
        ("The board could not confirm that the failings had caused his death.", "harm-through-failings"),
        ("The provider admitted failing to provide safe care, resulting in avoidable harm.", "harm-through-failings"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)
