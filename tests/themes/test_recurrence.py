"""A hand-made pair: Child H's finding repeats Child L's (health and school not sharing what each knew); another
earlier finding about housing does not match. The match is explained by the words the two share."""

from casereview.themes.recurrence import recurring, words

NEW = {
    "h3": "The school's worries about the child's attendance and the missed health contacts were held in separate "
    "systems and never brought together: no agency held the whole picture.",
}
EARLIER = {
    "l1": "Missed health appointments were not shared with the school, and the school's attendance worries were not "
    "shared with health: no agency held the whole picture.",
    "m1": "Housing repairs were logged by the landlord but the tenant's falls were not known to the adult social "
    "care team.",
}


def test_words_drop_grammar_and_plurals():
    assert words("The referrals were not read by the agencies") == ["referral", "read"]


def test_the_repeated_finding_matches_and_is_explained_by_shared_words():
    matches = recurring(NEW, EARLIER)
    assert [(match.finding, match.earlier) for match in matches] == [("h3", "l1")]
    match = matches[0]
    assert match.score > 0.4
    assert {"attendance", "school", "health", "picture"} <= set(match.shared_words)


def test_a_shared_theme_lowers_the_bar_but_does_not_make_a_match_of_nothing():
    weak = {"n": "Telephone referrals out of hours went to a separate log that the day team did not see."}
    earlier = {"e": "The day team did not see housing letters."}
    assert recurring(weak, earlier, threshold=0.5) == []
    themed = recurring(
        weak, earlier, threshold=0.5, themes={"n": ["information-sharing"], "e": ["information-sharing"]}
    )
    assert [match.shared_themes for match in themed] == [("information-sharing",)]
    assert recurring({"n": "Nothing alike."}, {"e": "Different words entirely."}, themes={"n": ["x"], "e": ["x"]}) == []


def test_empty_texts_match_nothing():
    assert recurring({"a": ""}, {"b": "The school."}) == []
    assert recurring({}, {}) == []


def test_the_fingerprint_changes_with_what_the_matches_depend_on(monkeypatch):
    """Kept matches are made again when the matching changes: its threshold, its stop words, its method."""
    from casereview.themes import recurrence

    before = recurrence.fingerprint()
    assert recurrence.fingerprint() == before
    monkeypatch.setattr(recurrence, "THRESHOLD", 0.3)
    assert recurrence.fingerprint() != before
    monkeypatch.undo()
    monkeypatch.setattr(recurrence, "STOP_WORDS", recurrence.STOP_WORDS | {"referral"})
    assert recurrence.fingerprint() != before
    monkeypatch.undo()
    monkeypatch.setattr(recurrence, "METHOD", recurrence.METHOD + 1)
    assert recurrence.fingerprint() != before
