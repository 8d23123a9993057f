"""Learning signals, counterfactual and hindsight wording read from the extra rows' misses (rules7): the
conditions of the work named ("the team was understaffed", "a shortage of experienced social workers",
"caseloads were too big"), a purpose that is not punishment, improvement already made; warnings ignored,
steps not taken, "did not adequately consider", "social workers did nothing", deaths "all avoidable"; an
outcome "could have been predicted", a need "apparent months earlier". And what is set aside: a question a
body has yet to answer ("the inquest will consider whether the death was avoidable"), a failure to learn
(no learning purpose). Each finds wording the rules missed; the near misses beside them stay clear.
Sentences written for this test; the rules alone are checked."""

import pytest

from casereview.language import check_text


def rule_ids(text: str) -> set[str]:
    return {f.rule_id for f in check_text(text, model=False).findings}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The duty team was understaffed throughout that winter.", "system-explanation"),
        ("The ward was short staffed on the night he was admitted.", "system-explanation"),
        ("A shortage of experienced social workers meant the case waited for allocation.", "system-explanation"),
        ("There was a lack of resources to meet the demand on the service.", "system-explanation"),
        ("There were not enough health visitors in the locality to see every family.", "system-explanation"),
        ("The registrar was working under pressure of work that night.", "system-explanation"),
        ("Homes struggling to recruit nursing staff relied on agency workers.", "system-explanation"),
        ("The team was struggling to cope with the volume of referrals.", "system-explanation"),
        ("Caseloads were too high for the assessments to be thorough.", "system-explanation"),
        ("Staffing pressures had built up across the service for a year.", "system-explanation"),
        ("They acted properly on the limited information they had at the time.", "local-rationality"),
        ("Prevention reports are not intended as a punishment.", "not-blame"),
        ("Reviews are not for the purposes of holding anyone to account.", "not-blame"),
        ("This is a case we must learn from.", "learning-purpose"),
        ("Significant changes have since been made to how referrals are screened.", "learning-purpose"),
        ("The partnership is taking steps to address the recommendations of the review.", "learning-purpose"),
        ("Managers ignored repeated warnings about the unit.", "not-done"),
        ("The concerns raised by the school were largely ignored.", "not-done"),
        ("The home did not take reasonable steps to keep her safe.", "not-done"),
        ("The hospital did not adequately consider his history of falls.", "not-done"),
        ("His deterioration was not properly appreciated on the ward.", "not-done"),
        ("The neighbours told the council, but social workers did nothing.", "not-done"),
        ("More supervision would certainly have prevented the fall.", "not-done"),
        ("The deaths that followed were all avoidable.", "preventable-death"),
        ("It could have been predicted that the baby would suffer significant harm.", "predictable-inevitable"),
        ("Her need for help was apparent months earlier.", "predictable-inevitable"),
        ("The family sued over a preventable and predictable death.", "predictable-inevitable"),
        ("The trust ignored clear evidence of a threat to patients.", "signs-missed"),
        ("Clear indicators of neglect were never acted upon.", "signs-missed"),
        # lessons learned after a failure elsewhere in the sentence are a learning purpose still
        ("Where agencies failed to share information, the partnership has learned lessons.", "learning-purpose"),
        ("The review looks at safeguarding failures in order to learn lessons for the future.", "learning-purpose"),
        # the question answered is a verdict again
        ("The inquest found that the death was avoidable.", "preventable-death"),
    ],
)
def test_a_rules7_frame_finds_wording_the_rules_missed(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the person, not the service: a family struggling is no explanation by the conditions of the work
        ("The parents were struggling to cope after the birth of the twins.", "system-explanation"),
        ("He was admitted because of a shortage of beds in the community.", "system-explanation"),
        # an inspection finding that nothing changed is no commitment to improve
        ("We found no improvements had been made since the last inspection.", "learning-purpose"),
        ("The minister was asked how the government would respond to the recommendations.", "learning-purpose"),
        # what a parent did is not measured against a professional's duty
        ("Her mother did nothing to stop the violence at home.", "not-done"),
        # a question a body is yet to answer is no verdict
        ("The inquest will consider whether the death was avoidable.", "preventable-death"),
        ("The coroner is looking into whether the death was avoidable.", "preventable-death"),
        ("The panel was unable to say categorically whether the harm was avoidable.", "preventable-death"),
        ("It would be unrealistic to think their conduct could have been foreseen.", "predictable-inevitable"),
        ("The report gives clear evidence that the new referral form works.", "signs-missed"),
        # a failure to learn is a complaint, not a learning purpose
        ("The report condemns a failure by successive governments to learn life-saving lessons.", "learning-purpose"),
        ("It found a repeated failure to investigate incidents properly and learn lessons.", "learning-purpose"),
        ("Opportunities for the trust to learn and improve were missed.", "learning-purpose"),
    ],
)
def test_a_near_miss_stays_clear(text, rule):
    assert rule not in rule_ids(text)
