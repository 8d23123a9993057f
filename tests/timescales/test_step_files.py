"""The shipped step files are valid and sourced; a bad step file is refused with the file, the line and what to do."""

import textwrap

import pytest

from casereview.datafiles import DataFileError
from casereview.timescales import REVIEW_TYPES, Basis, load_steps_file, load_steps_text, shipped_step_sets, steps_for
from casereview.timescales.loader import STEPS_DIR

GOOD = textwrap.dedent("""\
    review_types: [other]
    title: A tiny review
    steps:
      - id: first
        name: First step
        counts_from: decision
        period: {amount: 5, unit: working days}
        basis: statutory
        source:
          document: A statute
          section: Section 1
          url: https://example.org/statute
          quote: within five days
      - id: second
        name: Second step
        counts_from: first
        period: {amount: 1, unit: months, direction: after}
        basis: local
      - id: third
        name: Third step
        counts_from: publication
        period: {amount: 7, unit: working days, direction: before}
        basis: local
    """)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(DataFileError) as caught:
        load_steps_text(text, "tiny.yaml")
    assert all(problem.file == "tiny.yaml" for problem in caught.value.problems)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_every_review_type_has_exactly_one_shipped_step_file():
    step_sets = shipped_step_sets()
    assert set(step_sets) == set(REVIEW_TYPES)
    assert steps_for("sar_mandatory") is steps_for("sar_discretionary")
    with pytest.raises(KeyError, match="'sar' is not a review type"):
        steps_for("sar")


@pytest.mark.parametrize("path", sorted(STEPS_DIR.glob("*.yaml")), ids=lambda path: path.name)
def test_each_shipped_file_is_valid_and_every_statutory_or_national_step_has_its_source(path):
    step_set = load_steps_file(path)
    for step in step_set.steps:
        if step.basis is Basis.LOCAL:
            assert step.note, f"{path.name}: say why '{step.id}' is a local expectation"
            continue
        source = step.source
        assert source and source.document and source.section and source.url.startswith(("https://", "http://"))
        assert source.quote and len(source.quote.split()) <= 12, f"{path.name}: quote only a short phrase"
        assert source.note, f"{path.name}: say how '{step.id}' was checked"


def test_the_child_review_timescales_a_business_manager_expects():
    rapid = steps_for("rapid_review")
    notify, review = rapid.step("notify-panel"), rapid.step("rapid-review-to-panel")
    assert (notify.counts_from, str(notify.period), notify.basis) == ("aware", "5 working days after", Basis.STATUTORY)
    assert (review.counts_from, str(review.period), review.basis) == (
        "notify-panel",
        "15 working days after",
        Basis.NATIONAL,
    )
    local = steps_for("lcspr")
    assert str(local.step("publish-report").period) == "6 months after"
    assert str(local.step("report-to-panel").period) == "7 working days before"
    # SARs have no national completion time: the board sets its own.
    assert all(step.basis is Basis.LOCAL for step in steps_for("sar_mandatory").steps)


def test_a_good_file_loads():
    step_set = load_steps_text(GOOD, "tiny.yaml")
    assert [step.id for step in step_set.steps] == ["first", "second", "third"]
    assert str(step_set.step("first").period) == "5 working days after"


def test_a_step_counting_from_itself_is_refused_at_its_line():
    found = problems(GOOD.replace("counts_from: first", "counts_from: second"))
    assert found == [(16, "step 'second' counts from itself: make it count from an earlier step or a key date.")]


def test_steps_counting_from_each_other_in_a_circle_are_refused_once():
    found = problems(GOOD.replace("counts_from: decision", "counts_from: second"))
    assert found == [
        (6, "steps count from each other in a circle (first → second → first): one of them must count from a key date.")
    ]


def test_an_unknown_step_or_key_date_is_refused_and_names_what_there_is():
    found = problems(GOOD.replace("counts_from: first", "counts_from: frist"))
    assert len(found) == 1 and found[0][0] == 16
    assert "step 'second' counts from 'frist', which is neither a step here (first, second, third)" in found[0][1]
    assert "nor a key date (incident, aware, referral, decision, initiation, publication)" in found[0][1]


@pytest.mark.parametrize("amount", ["0", "-3"])
def test_a_period_of_zero_or_below_is_refused(amount):
    found = problems(GOOD.replace("{amount: 1, unit: months", f"{{amount: {amount}, unit: months"))
    assert found == [
        (
            17,
            f"step 'second' has a period of {amount}: a period must be 1 or more (to count backwards, use "
            "direction: before).",
        )
    ]


def test_a_statutory_step_without_a_source_is_refused():
    without_source = GOOD.replace(
        "    source:\n      document: A statute\n      section: Section 1\n"
        "      url: https://example.org/statute\n      quote: within five days\n",
        "",
    )
    assert "source:" not in without_source
    found = problems(without_source)
    assert found == [
        (
            8,
            "step 'first' is marked statutory but gives no source: add its source (document, section, url and the "
            "words quoted) or mark it local.",
        )
    ]


def test_a_wrong_unit_a_wrong_basis_and_a_bad_url_are_all_reported_at_once():
    bad = (
        GOOD.replace("unit: working days}", "unit: weeks}")
        .replace("basis: local\n  - id: third", "basis: optional\n  - id: third")
        .replace("https://example.org/statute", "example.org")
    )
    found = problems(bad)
    assert [line for line, _ in found] == [7, 12, 18]
    assert "'weeks'" in found[0][1] and "'working days', 'calendar days' or 'months'" in found[0][1]
    assert "must be a web address" in found[1][1]
    assert "'optional'" in found[2][1]


def test_a_duplicate_step_id_is_refused_where_the_second_one_stands():
    found = problems(GOOD.replace("- id: third", "- id: first"))
    assert (19, "step id 'first' is used twice: give each step its own id.") in found


def test_an_unknown_review_type_is_refused():
    found = problems(GOOD.replace("review_types: [other]", "review_types: [lscb]"))
    assert found[0][0] == 1 and "'lscb'" in found[0][1]
