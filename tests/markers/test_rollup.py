from casereview.markers import Answer, Judgement, Progress, get_framework, summarise_framework, summarise_marker


def test_marker_summary_counts_answers_and_ignores_cut_off_questions():
    framework = get_framework("scr-quality-markers")
    commissioning = framework.marker("commissioning")  # 4 questions, the last cut off
    summary = summarise_marker(commissioning, {"q1": Answer.YES, "q2": Answer.NO, "q4": Answer.YES})
    assert summary.total == 3
    assert summary.answered == 2
    assert summary.answer_counts[Answer.YES] == 1
    assert summary.progress is Progress.IN_PROGRESS


def test_progress_moves_from_not_started_to_judged():
    marker = get_framework("scr-quality-markers").marker("clarity-of-purpose")
    assert summarise_marker(marker, {}).progress is Progress.NOT_STARTED
    all_answered = {"q1": Answer.YES, "q2": Answer.PARTLY, "q3": Answer.NOT_APPLICABLE}
    assert summarise_marker(marker, all_answered).progress is Progress.ANSWERED
    assert summarise_marker(marker, {}, Judgement.NOT_MET).progress is Progress.JUDGED


def test_framework_summary_groups_markers_as_the_framework_does():
    framework = get_framework("scr-quality-markers")
    groups = summarise_framework(
        framework,
        {"clarity-of-purpose": {"q1": Answer.YES}},
        {"clarity-of-purpose": Judgement.PARTLY_MET, "referral": Judgement.MET},
    )
    assert [g.title for g in groups] == ["Review setup", "Running the review", "Review outputs"]
    setup = groups[0]
    assert setup.judgement_counts[Judgement.PARTLY_MET] == 1
    assert setup.judgement_counts[Judgement.MET] == 1
    assert setup.judgement_counts[Judgement.NOT_JUDGED] == 3
    assert setup.answered == 1
    assert sum(len(g.markers) for g in groups) == 18


def test_questions_are_counted_in_words_that_claim_no_more_than_is_held():
    framework = get_framework("scr-quality-markers")
    assert summarise_marker(framework.marker("clarity-of-purpose"), {}).questions_text == "0 of 3 questions answered"
    decision = summarise_marker(framework.marker("decision-making"), {"q1": Answer.YES})
    assert decision.partial
    assert decision.questions_text == "The one question held of a longer list: answered"
    commissioning = summarise_marker(framework.marker("commissioning"), {"q1": Answer.YES})
    assert commissioning.questions_text == "1 of the 3 questions held (of a longer list) answered"
    assert not summarise_marker(framework.marker("advising-board-members"), {}).partial


def test_a_judgement_against_the_answers_is_named():
    from casereview.markers import judgement_against_answers

    scr = get_framework("scr-quality-markers")
    clarity = scr.marker("clarity-of-purpose")
    answers = {"q1": Answer.PARTLY, "q2": Answer.YES}
    assert judgement_against_answers(clarity, answers, Judgement.MET) == [
        "Question 1 is answered Partly.",
        "Question 3 is not answered yet.",
    ]
    assert judgement_against_answers(clarity, answers, Judgement.PARTLY_MET) == []
    all_yes = {"q1": Answer.YES, "q2": Answer.YES, "q3": Answer.YES}
    assert judgement_against_answers(clarity, all_yes, Judgement.MET) == []
    assert judgement_against_answers(clarity, all_yes, Judgement.NOT_MET) == ["Every question held is answered Yes."]
    sar_clarity = get_framework("sar-quality-markers").marker("clarity-of-purpose")
    assert "holds no question of this marker" in judgement_against_answers(sar_clarity, {}, Judgement.MET)[0]
