"""A bad framework file is refused with the file, the line and what to do, for every problem in it."""

import textwrap

import pytest

from casereview.markers import FrameworkError, load_framework_file, load_framework_text

GOOD = textwrap.dedent("""\
    id: tiny
    title: A tiny framework
    short_title: Tiny
    publisher: Nobody
    year: 2026
    source_url: https://example.org/
    summary: For tests.
    copy_note: Made up.
    groups:
    - id: setup
      title: Review setup
    markers:
    - id: first
      number: 1
      title: First
      group: setup
      statement: Something good happens.
      indicators:
      - id: q1
        text: Did it happen?
      indicators_complete: true
    - id: second
      number: 2
      title: Second
      group: setup
      indicators: []
      indicators_complete: false
      missing:
      - section: indicators
        note: All questions.
    """)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, "tiny.yaml")
    return [(p.line, p.message) for p in caught.value.problems]


def test_a_good_file_loads():
    framework = load_framework_text(GOOD, "tiny.yaml")
    assert framework.marker("first").indicator("q1").text == "Did it happen?"


def test_missing_id_names_the_line_and_the_field():
    found = problems(GOOD.replace("- id: first\n", "- number_first: 1\n", 1))
    assert any(line == 13 and "markers[0].id is required" in message for line, message in found), found


def test_duplicate_marker_id_is_refused_where_the_second_one_stands():
    found = problems(GOOD.replace("- id: second", "- id: first"))
    assert found == [(22, "marker id 'first' is used twice: give each marker its own id.")]


def test_unknown_group_is_refused_and_names_the_groups_there_are():
    found = problems(GOOD.replace("  group: setup\n  statement", "  group: outputs\n  statement"))
    assert found[0][0] == 16
    assert "'outputs', which is not in this file's groups (setup)" in found[0][1]


def test_wrong_type_says_what_was_found():
    found = problems(GOOD.replace("year: 2026", "year: last year"))
    assert found[0][0] == 5
    assert "year" in found[0][1] and "'last year'" in found[0][1]


def test_yaml_syntax_error_names_the_line():
    found = problems(GOOD.replace("  title: First\n", "  title: First: [unclosed\n"))
    assert found[0][0] == 15
    assert "YAML syntax error" in found[0][1]


def test_every_problem_is_reported_at_once():
    bad = GOOD.replace("year: 2026", "year: soon").replace("  number: 2\n", "  number: two\n")
    found = problems(bad)
    assert {line for line, _ in found} == {5, 23}


def test_a_key_given_twice_is_refused():
    found = problems(GOOD.replace("title: A tiny framework\n", "title: A tiny framework\ntitle: Again\n"))
    assert found == [(3, "the key 'title' is given twice here: keep one of them.")]


def test_an_unknown_field_is_refused_with_its_spelling():
    found = problems(GOOD.replace("  statement: Something", "  statment: Something"))
    assert found[0][0] == 17 and "statment is not a field" in found[0][1]


def test_missing_file_and_file_errors_carry_the_path(tmp_path):
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(tmp_path / "absent.yaml")
    assert str(caught.value).startswith(str(tmp_path / "absent.yaml") + ":1:")
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9".encode("latin-1"))
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_framework_file(path)


def test_marker_evidence_is_read_from_the_file():
    from casereview.markers import CircumstanceKind, Records

    text = GOOD.replace(
        "  indicators_complete: false\n",
        "  indicators_complete: false\n  evidence:\n  - purpose\n  - circumstances: parallel-process\n",
    )
    marker = load_framework_text(text, "tiny.yaml").marker("second")
    assert [(item.records, item.circumstance_kind) for item in marker.evidence] == [
        (Records.PURPOSE, None),
        (Records.CIRCUMSTANCES, CircumstanceKind.PARALLEL_PROCESS),
    ]


def test_unknown_marker_evidence_names_its_line():
    text = GOOD.replace(
        "  indicators_complete: false\n",
        "  indicators_complete: false\n  evidence:\n  - circumstances: parallel-proces\n",
    )
    found = problems(text)
    assert any(
        line == 29 and "markers[1].evidence[0]" in message and "parallel-process" in message for line, message in found
    ), found


def test_a_citation_not_in_the_points_words_is_refused_where_it_stands():
    text = GOOD.replace(
        "  statement: Something good happens.\n",
        "  statement: Something good happens.\n  knowledge_base:\n  - text: Just culture matters (Dekker 2012).\n"
        "    citations:\n    - source: Dekker 2010\n      added: Dekker, S. (2012) Just culture.\n",
    )
    found = problems(text)
    assert any(line == 21 and "'Dekker 2010'" in message and "2010 not found" in message for line, message in found), (
        found
    )
