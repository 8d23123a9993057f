"""Every path through the just culture guide, checked against the guide's rules as DOMAIN.md states them."""

import pytest

from casereview.datafiles import DataFileError
from casereview.justculture import InvalidRun, all_paths, load_guide_text, run_guide, shipped_guide


def expected_outcome(answers: dict[str, bool]) -> str:
    """The rules of the guide, written here independently of the data file."""
    if answers["deliberate-harm"]:
        return "deliberate-harm"
    if answers["substance-misuse"]:
        return "substance-misuse"
    if answers["physical-ill-health"] or answers.get("mental-ill-health"):
        return "ill-health"
    if not answers["agreed-practice"] or not answers["workable-practice"] or not answers["knowing-departure"]:
        return "system-action"
    if answers["peers-same"] or answers["missed-training"] or answers["missed-supervision"]:
        return "system-action"
    return "mitigation" if answers["mitigation"] else "management-action"


PATHS = list(all_paths(shipped_guide()))


def test_there_are_twelve_paths_reaching_all_six_outcomes():
    assert len(PATHS) == 12
    assert {outcome.id for _, outcome in PATHS} == {o.id for o in shipped_guide().outcomes}


@pytest.mark.parametrize(("answers", "outcome"), PATHS, ids=[" ".join("YN"[not a] for _, a in p) for p, _ in PATHS])
def test_each_path_reaches_the_outcome_the_rules_give(answers, outcome):
    run = run_guide(shipped_guide(), answers)
    assert run.finished and run.outcome == outcome
    assert outcome.id == expected_outcome(dict(answers))
    assert [step.question.id for step in run.path] == [question for question, _ in answers]


def test_a_partial_run_asks_the_next_question():
    run = run_guide(
        shipped_guide(), [("deliberate-harm", False, "No suggestion of intent"), ("substance-misuse", False)]
    )
    assert not run.finished
    assert run.next_question.id == "physical-ill-health"
    assert run.path[0].note == "No suggestion of intent"


def test_a_skipped_question_is_refused_with_the_reason():
    with pytest.raises(InvalidRun, match="answer 2 is to 'agreed-practice', but the guide asks 'substance-misuse'"):
        run_guide(shipped_guide(), [("deliberate-harm", False), ("agreed-practice", True)])


def test_an_answer_after_the_outcome_is_refused():
    with pytest.raises(InvalidRun, match="comes after the guide reached its outcome, 'Intention to harm'"):
        run_guide(shipped_guide(), [("deliberate-harm", True), ("substance-misuse", False)])


def test_an_answer_must_be_yes_or_no():
    with pytest.raises(InvalidRun, match="must be yes or no"):
        run_guide(shipped_guide(), [("deliberate-harm", "maybe")])


def test_the_outcomes_speak_of_the_review_and_the_agency_and_the_guide_states_its_limits():
    guide = shipped_guide()
    assert "Open Government Licence v3.0" in guide.source
    assert any("one act or omission at a time" in limit for limit in guide.limits)
    system = guide.outcome("system-action")
    assert "unlikely to be appropriate" in system.for_agency
    for outcome in guide.outcomes:
        assert "patient" not in (outcome.for_review + outcome.for_agency).lower()


BROKEN = """\
id: tiny
title: Tiny
source: Test
limits: [One act at a time.]
start: first
questions:
  - id: first
    test: One
    text: First?
    yes: {next: second}
    no: {outcome: done}
  - id: second
    test: Two
    text: Second?
    yes: {next: first}
    no: {outcome: done}
outcomes:
  - {id: done, title: Done, for_review: R, for_agency: A}
  - {id: never, title: Never, for_review: R, for_agency: A}
"""


def test_a_guide_file_with_an_unreachable_outcome_is_refused():
    with pytest.raises(DataFileError, match="outcome 'never' cannot be reached"):
        load_guide_text(BROKEN)


def test_a_guide_file_that_loops_is_refused():
    with pytest.raises(DataFileError, match="the questions loop: first -> second -> first"):
        load_guide_text(BROKEN.replace("  - {id: never, title: Never, for_review: R, for_agency: A}\n", ""))


def test_a_step_must_lead_somewhere_once():
    with pytest.raises(DataFileError, match="give either 'next'"):
        load_guide_text(BROKEN.replace("no: {outcome: done}", "no: {outcome: done, next: first}", 1))


def test_every_question_reads_right_for_an_act_and_an_omission():
    for question in shipped_guide().questions:
        for kind in ("act", "omission"):
            assert "{" not in question.text_for(kind)
    assert shipped_guide().question("agreed-practice").text_for("omission").endswith("for this omission?")
    with pytest.raises(ValueError, match="an act or an omission"):
        shipped_guide().question("agreed-practice").text_for("accident")
