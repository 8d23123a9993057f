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
