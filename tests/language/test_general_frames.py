"""The rules carry the labelling guide's definitions as frames, not copied phrases: each frame finds wording
the corpus never used, and the near misses beside it (praise, a recommendation, a neutral fact, a machine)
stay clear. Sentences written for this test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {finding.rule_id for finding in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # blame: the harm as the result of people's failings or of care withheld
        ("Residents died for want of the most basic nursing care.", "harm-through-failings"),
        ("Two families lost their babies because of poor care on the unit.", "harm-through-failings"),
        ("The inspectors listed failings that were partly responsible for the deaths.", "harm-through-failings"),
        ("The family accused the social workers assigned to her of failing to act.", "held-to-account"),
        ("The director of children's services should resign.", "held-to-account"),
        ("Campaigners renewed their calls for his resignation.", "held-to-account"),
        ("The trust was partly culpable.", "to-blame"),
        # hindsight: the outcome presented as plain then
        ("The most predictable of outcomes followed.", "signs-missed"),
        ("Warnings from the school were ignored.", "signs-missed"),
        ("There were obvious signs that the baby was losing weight.", "signs-missed"),
        ("The bruising was a telltale sign.", "signs-missed"),
        ("Managers seem to have been blind to the pressure on the ward.", "signs-missed"),
        ("The neglect was there for all to see.", "signs-missed"),
        ("The risk was staring them in the face.", "signs-missed"),
        ("The warnings were all there.", "signs-missed"),
        ("It was a tragedy waiting to happen.", "predictable-inevitable"),
        ("The health visitor should have been aware of the father's history.", "should-have-known"),
        ("The missed appointments should have alerted the practice.", "should-have-known"),
        ("The nurse could not have failed to notice the weight loss.", "could-not-miss"),
        ("The referral couldn't have been clearer.", "could-not-miss"),
        ("No one can say they didn't know.", "could-not-miss"),
        # judgemental: verdicts on people's conduct
        ("Staff were dismissive when the mother raised her worries.", "conduct-verdict"),
        ("Callers were fobbed off by the duty team.", "conduct-verdict"),
        ("It is astonishing that the plan was never reviewed.", "conduct-verdict"),
        ("The assessment team jumped to conclusions about the father.", "conduct-verdict"),
        ("The service failed miserably.", "conduct-verdict"),
        ("Leaving the referral unread was a dereliction of duty.", "conduct-verdict"),
        ("The board kept its head in the sand.", "conduct-verdict"),
        ("The handling of the complaint was a disgrace.", "conduct-verdict"),
    ],
)
def test_a_frame_finds_wording_the_corpus_never_used(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Deaths on the ward were reviewed by the medical examiner.", "harm-through-failings"),
        ("The chair decided to step down after ten years.", "held-to-account"),
        ("The review does not examine whether anyone was culpable.", "to-blame"),
        ("There were clear signs of improvement by the spring.", "signs-missed"),
        ("Inspectors saw clear examples of good practice.", "signs-missed"),
        ("The report was astonishing in its candour.", "conduct-verdict"),
        ("The toddler had inexplicable injuries.", "conduct-verdict"),
        ("Practitioners have been alerted to the new guidance.", "should-have-known"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)
