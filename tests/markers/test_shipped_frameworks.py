"""The frameworks that ship with casereview load, hold what the field says they hold, and never invent."""

import re
from pathlib import Path

import pytest

from casereview.markers import Section, get_framework, shipped_frameworks

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_8baf751c11191798.txt"


def test_both_frameworks_load():
    assert set(shipped_frameworks()) == {"scr-quality-markers", "sar-quality-markers"}


def test_scr_markers_are_the_eighteen_in_their_groups():
    framework = get_framework("scr-quality-markers")
    assert [m.number for m in framework.markers] == list(range(1, 19))
    assert [g.title for g in framework.groups] == ["Review setup", "Running the review", "Review outputs"]
    assert [m.number for m in framework.markers_in("setup")] == [1, 2, 3, 4, 5]
    assert [m.number for m in framework.markers_in("running")] == list(range(6, 14))
    assert [m.number for m in framework.markers_in("outputs")] == list(range(14, 19))
    assert framework.marker("clarity-of-purpose").number == 5


def test_sar_markers_are_the_fifteen_with_questions_grouped_by_role():
    framework = get_framework("sar-quality-markers")
    assert [m.number for m in framework.markers] == list(range(1, 16))
    assert framework.marker("clarity-of-purpose").number == 4
    roles = {indicator.role for marker in framework.markers for indicator in marker.indicators}
    assert {"accountable", "delegated", "reviewers", "support"} <= roles
    management = framework.marker("management-of-process")
    assert [role for role, _ in management.indicators_by_role()][0] == "accountable"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8").replace("\xa0", " ")


def _seed_between(start: str, end: str) -> str:
    text = _seed_text()
    return text[text.index(start) + len(start) : text.index(end)]


def test_clarity_of_purpose_is_word_for_word_the_seed():
    marker = get_framework("scr-quality-markers").marker("clarity-of-purpose")
    statement = _seed_between("Quality statement", "SCRs often provoke fear")
    assert _normalise(marker.statement) == _normalise(statement)

    rationale = _seed_between(_normalise(statement)[-20:], "How might you know")
    assert _normalise(" ".join(marker.rationale)) == _normalise(rationale)

    questions = _seed_between("How might you know if you are meeting this quality marker?", "Knowledge base")
    seed_questions = [_normalise(q) for q in re.split(r"\n\s*\d\.\s+", questions) if q.strip()]
    assert [_normalise(i.text) for i in marker.indicators] == seed_questions
    assert marker.indicators_complete and marker.is_complete

    for section, start, end, held in [
        (
            Section.KNOWLEDGE_BASE,
            "Knowledge base",
            "Link to statutory guidance",
            [p.text for p in marker.knowledge_base],
        ),
        (
            Section.STATUTORY_LINKS,
            "inspection criteria",
            "Tackling some common obstacles",
            [p.text for p in marker.statutory_links],
        ),
        (Section.OBSTACLES, "Tackling some common obstacles", "\x00", list(marker.obstacles)),
    ]:
        text = _seed_text() + "\x00"
        body = text[text.index(start) + len(start) : text.index(end)]
        seed_points = [_normalise(p) for p in body.split("•") if p.strip()]
        assert [_normalise(p) for p in held] == seed_points, section


def test_every_knowledge_base_point_of_clarity_of_purpose_names_its_references():
    marker = get_framework("scr-quality-markers").marker("clarity-of-purpose")
    assert all(point.references for point in marker.knowledge_base)
    cited = " ".join(ref for point in marker.knowledge_base for ref in point.references)
    for author in ("Chief Medical Officer", "Munro", "Berwick", "Health Foundation", "Dekker"):
        assert author in cited


@pytest.mark.parametrize("framework_id", ["scr-quality-markers", "sar-quality-markers"])
def test_a_marker_that_is_not_held_in_full_says_what_is_missing(framework_id):
    for marker in get_framework(framework_id).markers:
        if not marker.indicators_complete or marker.cut_off_count:
            assert marker.missing_notes(Section.INDICATORS), marker.id
        if not marker.is_complete:
            assert marker.missing, marker.id


def test_cut_off_questions_are_not_offered_for_an_answer():
    referral = get_framework("scr-quality-markers").marker("referral")
    assert referral.cut_off_count == 1
    assert referral.answerable_indicators == ()
