"""The blame and hindsight rules carry the labelling guide's definitions as frames: who is faulted or punished
for the harm ("castigates the trust for failing", "lost their jobs over", "whose fault"), and the outcome
presented as plain then ("obvious to anyone", "why did no one notice", "glaring signs"). Each finds wording the
corpus never used; the near misses beside them (a job lost to cuts, praise, a plan that was clear to everyone)
stay clear. Sentences written for this test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def findings(text: str) -> set[tuple[str, str]]:
    return {(f.rule_id, f.category.value) for f in check_text(text, model=False).findings}


def rule_ids(text: str) -> set[str]:
    return {rule for rule, _ in findings(text)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # blame: who is faulted, punished or made the price of the harm
        ("The coroner castigates the trust for failing to act on the scan.", "held-to-account"),
        ("Not one of the managers lost their job over the deaths on the ward.", "held-to-account"),
        ("The duty social worker took the blame for the missed visit.", "held-to-account"),
        ("Campaigners want those in charge brought to book.", "held-to-account"),
        ("The directors must be answerable for the deaths of the residents.", "held-to-account"),
        ("Two nurses were suspended over the death of the baby.", "held-to-account"),
        ("After a death like this, somebody has to pay.", "held-to-account"),
        ("The panel will ask whose fault it was.", "who-is-to-blame"),
        ("Families want to know who was ultimately responsible for the failings.", "who-is-to-blame"),
        ("A string of blunders by the hospital cost the baby her life.", "harm-through-failings"),
        # hindsight: the outcome presented as plain then
        ("It is painfully obvious that the boy was being starved.", "obviously-clearly"),
        ("It was very clear that the baby was losing weight.", "obviously-clearly"),
        ("The bruising was obvious to anyone who saw her.", "obviously-clearly"),
        ("The neglect was as plain as day.", "obviously-clearly"),
        ("Why did nobody spot the fractures?", "could-not-miss"),
        ("No one could have missed the bruising on her arms.", "could-not-miss"),
        ("His weight loss was impossible to miss.", "could-not-miss"),
        ("The school ignored the significance of her absences.", "signs-missed"),
        ("There were glaring signs of exploitation.", "signs-missed"),
        ("All the signs pointed to abuse at home.", "signs-missed"),
        ("The risks were obvious by then.", "signs-missed"),
        ("The writing was on the wall by the spring.", "predictable-inevitable"),
        ("The unit was an accident waiting to happen.", "predictable-inevitable"),
    ],
)
def test_a_frame_finds_wording_the_corpus_never_used(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The coroner praises the trust for acting on the scan so quickly.", "held-to-account"),
        ("Three family support workers lost their jobs when the funding ended.", "held-to-account"),
        ("The manager will take the lead for the action plan.", "held-to-account"),
        ("The board is accountable for the quality of the review.", "held-to-account"),
        ("Parents should not have to pay for respite care.", "held-to-account"),
        ("The review will learn whose view carried weight at each meeting.", "who-is-to-blame"),
        ("The practitioner who was responsible for the case took part in the review.", "who-is-to-blame"),
        ("The delays cost the council money.", "harm-through-failings"),
        ("The new plan was clear to everyone in the team.", "obviously-clearly"),
        ("The risk was assessed as low at the time.", "signs-missed"),
        ("The writing in the case file was hard to read.", "predictable-inevitable"),
        # ordinary review sentences about the family, a perpetrator, a purpose or what was known at the time
        ("The mother lost her job because of the pandemic and the family's finances worsened.", "held-to-account"),
        ("Mr B lost his job over the summer and began drinking heavily.", "held-to-account"),
        ("The father alone is answerable for the abuse he inflicted on the children.", "held-to-account"),
        ("The father's attacks on the mother continued for not less than two years.", "held-to-account"),
        ("Someone will pay for the taxi to the contact centre.", "held-to-account"),
        ("It should be plain to everyone involved that the review is for learning, not blame.", "obviously-clearly"),
        ("The purpose of the review must be evident to everyone taking part in it.", "obviously-clearly"),
        ("It is very clear that the family valued the support of the health visitor.", "obviously-clearly"),
        ("The signs point to a need for better training on bruising in babies.", "signs-missed"),
        ("The risks were apparent to the social worker at the time and she escalated them.", "signs-missed"),
        ("The risk was evident in the assessment and a strategy meeting was held.", "signs-missed"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)


def test_should_have_been_aware_is_both_hindsight_and_counterfactual():
    # on the corpus's train split every clear sentence with these words is labelled both
    found = findings("The health visitor should have been aware of the father's history.")
    assert {category for _, category in found} == {"hindsight", "counterfactual"}
    assert {category for _, category in findings("The GP should have known.")} == {"hindsight"}
