"""Every marker page shows everything its framework file holds, and says plainly what it does not hold."""

import re

import pytest

from casereview.markers import SECTION_TITLES, Section, get_framework

from .pages import visible_text


def same_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def pages(client, reviews, people):
    client.force_login(people["carl"])

    def page_of(review_reference: str, marker_id: str) -> tuple[str, str]:
        response = client.get(f"/reviews/{reviews[review_reference].pk}/markers/{marker_id}/")
        assert response.status_code == 200
        body = response.content.decode()
        return body, visible_text(body)

    return page_of


CASES = [("Child H", "scr-quality-markers", m.id) for m in get_framework("scr-quality-markers").markers] + [
    ("Adult M", "sar-quality-markers", m.id) for m in get_framework("sar-quality-markers").markers
]


@pytest.mark.parametrize(("reference", "framework_id", "marker_id"), CASES)
def test_every_section_the_file_holds_is_on_the_page(pages, reference, framework_id, marker_id):
    framework = get_framework(framework_id)
    marker = framework.marker(marker_id)
    body, text = pages(reference, marker_id)

    assert same_space(marker.title) in text
    assert SECTION_TITLES[Section.STATEMENT] in text
    if marker.statement:
        assert same_space(marker.statement) in text
    for paragraph in marker.rationale:
        assert same_space(paragraph) in text
    for indicator in marker.indicators:
        if indicator.answerable:
            assert same_space(indicator.text) in text
        else:
            assert same_space(indicator.text) not in text  # a cut-off question is never offered as one
    for role, _ in marker.indicators_by_role():
        if role:
            assert same_space(framework.role_title(role)) in text
    for point in (*marker.knowledge_base, *marker.statutory_links):
        assert same_space(point.text) in text
        for citation in point.citations:
            assert same_space(citation.source) in text
            if citation.added:
                assert same_space(citation.added) in text
        if point.added_note:
            assert same_space(point.added_note) in text
    for item in (*marker.equality_and_diversity, *marker.obstacles, *marker.notes):
        assert same_space(item) in text
    for section in Section:
        if marker.shows(section):
            assert SECTION_TITLES[section] in text, section
    for missing in marker.missing:
        assert same_space(missing.note) in text
    if not marker.is_complete:
        assert "casereview holds only part of this marker" in text
    if marker.source_url:
        assert marker.source_url in body
    assert same_space(framework.copy_note) in text


def test_clarity_of_purpose_shows_every_section_and_no_not_held_notice(pages):
    body, text = pages("Child H", "clarity-of-purpose")
    for section in Section:
        if section is not Section.EQUALITY_AND_DIVERSITY:
            assert SECTION_TITLES[section] in text
    assert "Not held in casereview’s copy" not in text
    assert "This marker is held in full, word for word from the published page." in text


def test_a_marker_with_no_questions_held_says_so(pages):
    _, text = pages("Child H", "the-report")
    assert "casereview’s copy holds no question of this marker that can be answered" in text
