"""A hand-made pair: Child H's finding repeats Child L's (health and school not sharing what each knew); another
earlier finding about housing does not match. The match is explained by the words the two share."""

import math
import random
from collections import Counter

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


def pairwise(new, earlier, themes, threshold):
    """The matching written the plain way, one pair at a time, to hold the arrays of ``recurring`` to."""
    counts = {("new", key): Counter(words(text)) for key, text in new.items()}
    counts.update({("earlier", key): Counter(words(text)) for key, text in earlier.items()})
    seen = Counter(word for counted in counts.values() for word in counted)
    idf = {word: math.log((1 + len(counts)) / (1 + times)) + 1 for word, times in seen.items()}
    vectors = {key: {word: times * idf[word] for word, times in counted.items()} for key, counted in counts.items()}
    norms = {key: math.sqrt(sum(value * value for value in vector.values())) for key, vector in vectors.items()}
    found = []
    for new_key in new:
        for old_key in earlier:
            vector, other = vectors["new", new_key], vectors["earlier", old_key]
            shared = set(vector) & set(other)
            if not shared:
                continue
            score = sum(vector[word] * other[word] for word in shared) / (
                norms["new", new_key] * norms["earlier", old_key]
            )
            common = tuple(sorted(set(themes.get(new_key, ())) & set(themes.get(old_key, ()))))
            if score >= (threshold / 2 if common else threshold):
                ranked = sorted(shared, key=lambda word: (-vector[word] * other[word], word))
                found.append((new_key, old_key, round(score, 3), tuple(ranked[:6]), common))
    return sorted(found, key=lambda match: -match[2])


def test_many_findings_match_as_they_would_one_pair_at_a_time():
    """A partnership's findings are matched all at once, in arrays; the matches, scores and shared words are those
    of comparing each pair on its own, at every threshold, with and without themes."""
    rng = random.Random(7)  # noqa: S311 - made-up findings, the same every run
    prose = " ".join([*NEW.values(), *EARLIER.values()]).split()
    for round_number in range(12):
        new = {f"n{i}": " ".join(rng.choices(prose, k=rng.randrange(0, 30))) for i in range(rng.randrange(1, 6))}
        earlier = {f"e{i}": " ".join(rng.choices(prose, k=rng.randrange(0, 30))) for i in range(200)}
        themes = {key: rng.sample(["neglect", "information-sharing"], rng.randrange(3)) for key in [*new, *earlier]}
        for threshold in (0.0, 0.25, 0.5):
            chosen = themes if round_number % 2 else {}
            expected = pairwise(new, earlier, chosen, threshold)
            assert expected, "each round has matches to compare"
            found = recurring(new, earlier, themes=chosen, threshold=threshold)
            assert [
                (match.finding, match.earlier, match.score, match.shared_words, match.shared_themes) for match in found
            ] == expected
