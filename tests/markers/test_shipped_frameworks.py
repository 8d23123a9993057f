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
    assert all(point.citations for point in marker.knowledge_base)
    cited = " ".join(citation.source for point in marker.knowledge_base for citation in point.citations)
    for author in ("Chief Medical Officer", "Munro", "Berwick", "Health Foundation", "Dekker"):
        assert author in cited


def test_citations_are_the_sources_own_words_and_fuller_ones_are_kept_apart():
    marker = get_framework("scr-quality-markers").marker("clarity-of-purpose")
    sources = [citation.source for point in marker.knowledge_base for citation in point.citations]
    assert "Dekker 2012" in sources and "Berwick 2013" in sources
    added = " ".join(c.added or "" for point in marker.knowledge_base for c in point.citations)
    # The source names no span of years for the Munro reports: nothing may claim one.
    assert "2010" not in added
    assert "Munro, E. (2011)" in added


def test_the_rationale_of_publication_holds_only_the_sources_words():
    marker = get_framework("scr-quality-markers").marker("publication")
    assert "presumably" not in " ".join(marker.rationale)
    assert any("presumably means the Data Protection Act 1998" in note for note in marker.notes)


def test_the_statutory_link_says_beside_it_what_the_guidance_is_now():
    (link,) = get_framework("scr-quality-markers").marker("clarity-of-purpose").statutory_links
    assert "HM Government 2015" in link.text  # the marker's own words stay
    assert "29 June 2019" in link.added_note and "Working Together to Safeguard Children 2018" in link.added_note
    assert "not conducted to hold individuals, organisations or agencies to account" in link.added_note
    assert "https://" in link.added_note_source


def test_the_purpose_records_and_parallel_processes_evidence_the_markers_of_both_frameworks():
    from casereview.markers import CircumstanceKind, Evidence, Records

    scr, sar = get_framework("scr-quality-markers"), get_framework("sar-quality-markers")
    assert [m.number for m in scr.markers_evidenced_by(Records.PURPOSE)] == [5]
    assert [m.number for m in sar.markers_evidenced_by(Records.PURPOSE)] == [4]
    # SAR 4 holds no question, so the whole of the purpose evidence is shown for the marker itself.
    assert {kind for kind, _ in sar.marker("clarity-of-purpose").marker_evidence} == {
        Evidence.PARTIES_TOLD,
        Evidence.PURPOSE_COMMUNICATIONS,
        Evidence.COMPLICATING_CIRCUMSTANCES,
    }
    # SCR 5 shows the same records under its questions: not twice.
    assert scr.marker("clarity-of-purpose").marker_evidence == ()
    for marker in (scr.marker("parallel-processes"), sar.marker("parallel-processes")):
        assert marker.marker_evidence == ((Evidence.COMPLICATING_CIRCUMSTANCES, CircumstanceKind.PARALLEL_PROCESS),)


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
