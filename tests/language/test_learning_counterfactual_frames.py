"""The learning and counterfactual rules carry the labelling guide's definitions as frames: a learning purpose
("make services safer", "continuous improvement", "what the review taught us"), an explanation by the
system ("systemic barriers", "make errors more likely", "what needs to change"), and what did not
happen measured against what is known now ("should also have", "had the nurse been properly briefed").
Each finds wording the corpus never used; the near misses beside them (a plain fact, a landlord's repair,
a coroner's report, a finding of weaknesses) stay clear. Sentences written for this test; the rules alone
are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {finding.rule_id for finding in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # learning: the purpose is learning and improvement
        ("Our aim is to make services safer for older people.", "learning-purpose"),
        ("The trust has committed to continuous improvement in its discharge process.", "learning-purpose"),
        ("What the review taught us will shape next year's training.", "learning-purpose"),
        ("The changes should help agencies respond better to young carers.", "learning-purpose"),
        ("Reviews like this one drive continuous improvement across the region.", "learning-purpose"),
        ("The council accepted all of the panel's recommendations.", "learning-purpose"),
        ("The workshop helped midwives draw out learning from the case.", "learning-purpose"),
        ("These reviews are about learning.", "learning-purpose"),
        ("The panel's first task is to identify the learning for each agency.", "learning-purpose"),
        ("We never attribute blame or liability to anyone who takes part.", "not-blame"),
        ("Its reports focus on learning, not attributing blame.", "not-blame"),
        ("The nurse acted reasonably, given what she knew at the time.", "local-rationality"),
        # learning: an explanation by the system and the conditions of work
        ("The review found systemic barriers to sharing records.", "system-explanation"),
        ("Night shifts with one nurse make errors more likely.", "system-explanation"),
        ("The panel set out what needs to change.", "system-explanation"),
        ("The health visiting workforce was under considerable pressure that winter.", "system-explanation"),
        # counterfactual: what did not happen, measured against what is known now
        ("The school should also have told the family.", "should-have"),
        ("The fall could possibly have been prevented.", "could-would-have-prevented"),
        ("I wish we had called the ambulance sooner.", "had-they-done"),
        ("Had the nurse been properly briefed, the call would have gone differently.", "had-they-done"),
        ("The GP didn't always follow up missed appointments.", "did-not"),
        ("The officer did not contact the housing team.", "did-not"),
        ("The risks had not been fully assessed.", "not-done"),
        ("Her complaints were not taken seriously.", "not-done"),
        ("The outcome may have been different with an earlier scan.", "not-done"),
        ("Nor did the midwife notice the bleeding.", "not-done"),
        ("With earlier treatment she'd still be alive.", "not-done"),
        ("The plans were agreed but rarely acted upon.", "not-done"),
        ("No further checks followed.", "not-done"),
        ("The report criticised the team for not acting on the school's alerts.", "not-done"),
        ("The death was potentially preventable.", "preventable-death"),
        ("There were chances to see him at home, and these were sadly missed.", "missed-opportunity"),
        ("The fall would not have happened if the rails had been fitted.", "had-they-done"),
        ("The baby might not have died with an earlier scan.", "could-would-have-prevented"),
    ],
)
def test_a_frame_finds_wording_the_corpus_never_used(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The flat was made safer by the landlord.", "learning-purpose"),
        ("The coroner sent a report to prevent future deaths.", "learning-purpose"),
        ("The day centre is about learning disabilities and autism.", "learning-purpose"),
        ("The assessment identified learning difficulties early.", "learning-purpose"),
        ("The report found systemic weaknesses and poor individual practice.", "system-explanation"),
        ("The pressure sores did nothing to change how the owners behaved.", "not-done"),
        ("The minister asked why no one has been dismissed.", "not-done"),
        ("Residents were kept safe from avoidable harm.", "preventable-death"),
        ("The mother did not always attend the clinic.", "did-not"),
        ("Chances of a place at the nursery were never missed by the family.", "missed-opportunity"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)
