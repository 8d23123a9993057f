import pytest

from casereview.datafiles import DataFileError
from casereview.themes import load_themes_text, shipped_themes


def test_the_shipped_themes_name_their_sources():
    themes = shipped_themes()
    ids = {theme.id for theme in themes.themes}
    assert {"neglect", "domestic-abuse", "mental-health", "self-neglect", "transition", "information-sharing"} <= ids
    sources = {source.id for source in themes.sources}
    assert {"care-act-guidance", "sar-analysis-2020", "sar-analysis-2024", "scrt"} <= sources
    for theme in themes.themes:
        assert theme.sources and all(source in sources for source in theme.sources)
    assert themes.theme("self-neglect").confirmed
    assert not themes.theme("transition").confirmed
    assert "not confirmed" in themes.note


def test_a_theme_citing_a_source_the_list_lacks_is_refused_with_its_line():
    text = """\
title: Tiny
sources:
  - {id: one, citation: A source}
themes:
  - {id: a, name: A, description: D, sources: [one]}
  - {id: b, name: B, description: D, sources: [two]}
"""
    with pytest.raises(DataFileError) as caught:
        load_themes_text(text, "tiny.yaml")
    assert str(caught.value) == (
        "tiny.yaml:6: source 'two' is not in the list's sources: add it there or correct the id."
    )


def test_a_duplicate_theme_is_refused():
    text = """\
title: Tiny
sources: [{id: one, citation: A source}]
themes:
  - {id: a, name: A, description: D, sources: [one]}
  - {id: a, name: B, description: D, sources: [one]}
"""
    with pytest.raises(DataFileError, match="theme id 'a' is used twice"):
        load_themes_text(text, "tiny.yaml")
