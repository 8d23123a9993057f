"""Dev, business manager of South Partnership, and a colleague at the command line import the same file of Child H
at the same moment. Both find "Child H" free in South and the theme "County lines" missing; the database lets the
first have them, and the second, instead of being refused, takes the next free reference and uses the theme the
first made. A PostgreSQL test: on SQLite one import waits for the other's lock before it looks."""

import threading
import time

import pytest
from django.db import connection, transaction

from casereview.workspace.accounts.models import Partnership
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import services as findings
from casereview.workspace.findings.models import LocalTheme
from casereview.workspace.transfer.services import export_review, import_review


def waiting_for_a_lock(within_seconds: float = 20) -> bool:
    """Whether another session of the test database is waiting for a row lock (the second import's insert,
    waiting to see whether the first commits its review)."""
    deadline = time.monotonic() + within_seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def _child_h_coded_to_county_lines(people, tmp_path):
    """North's Child H, its first finding coded to North's own theme "County lines", exported."""
    north = Partnership.objects.get(name="North Partnership")
    child_h = north.reviews.get(reference="Child H")
    theme = findings.add_local_theme(people["amina"], north, name="County lines")
    first_finding = child_h.findings.get(number=1)
    findings.save_finding(
        people["bea"],
        child_h,
        first_finding,
        statement=first_finding.statement,
        evidence=first_finding.evidence,
        categories=first_finding.categories,
        themes=[*first_finding.themes, theme.theme_id],
        documents=[],
    )
    path = tmp_path / "child-h.zip"
    export_review(child_h, path, with_concerns=False)
    return path


def _while_the_first_is_open(first, second) -> tuple[object, object]:
    """Run ``first`` in a transaction held open once it has written, start ``second``, and commit the first once
    the second waits for its lock; what each returned (or raised)."""
    results: dict[str, object] = {}
    first_written, release = threading.Event(), threading.Event()

    def run_first() -> None:
        try:
            with transaction.atomic():
                results["first"] = first()
                first_written.set()
                release.wait(timeout=30)
        except Exception as error:
            results["first"] = error
        finally:
            first_written.set()
            connection.close()

    def run_second() -> None:
        try:
            results["second"] = second()
        except Exception as error:
            results["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first, name="first")]
    threads[0].start()
    assert first_written.wait(timeout=60)
    threads.append(threading.Thread(target=run_second, name="second"))
    threads[1].start()
    try:
        assert waiting_for_a_lock(), "the second never waited for the first: they did not race"
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)
    for result in results.values():
        assert not isinstance(result, Exception), result
    return results["first"], results["second"]


def test_two_imports_of_one_file_at_once_both_land_under_different_references(transactional_db, people, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite an import holds the write lock from its start, so two cannot race")
    south = Partnership.objects.get(name="South Partnership")
    path = _child_h_coded_to_county_lines(people, tmp_path)

    one, other = _while_the_first_is_open(
        lambda: import_review(path, south, file_name=path.name, user=people["dev"]),
        lambda: import_review(path, south, file_name=path.name),
    )

    assert (one.review.reference, other.review.reference) == ("Child H", "Child H (imported)")
    assert other.reference_changed
    assert sorted(south.reviews.filter(reference__startswith="Child H").values_list("reference", flat=True)) == [
        "Child H",
        "Child H (imported)",
    ]
    # The theme was made once, by the first; the second's finding is coded to it.
    made = LocalTheme.objects.get(partnership=south)
    assert (made.theme_id, made.name) == ("county-lines", "County lines")
    for imported in (one, other):
        assert "county-lines" in imported.review.findings.get(number=1).themes
    entries = {
        entry.review_id: entry.after["own_themes_made"]
        for entry in AuditEvent.objects.filter(partnership=south, object_type="reviewimport")
    }
    assert entries == {one.review.pk: ["County lines"], other.review.pk: []}


def test_a_theme_of_another_name_made_meanwhile_under_the_same_short_name_is_left_alone(
    transactional_db, people, tmp_path
):
    """Dev adds South's own theme "County lines!" (short name county-lines) while the file is imported: the
    import's "County lines" takes the next short name, and its finding is coded to that."""
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite an import holds the write lock from its start, so it cannot race a new theme")
    south = Partnership.objects.get(name="South Partnership")
    path = _child_h_coded_to_county_lines(people, tmp_path)

    theirs, imported = _while_the_first_is_open(
        lambda: findings.add_local_theme(people["dev"], south, name="County lines!"),
        lambda: import_review(path, south, file_name=path.name),
    )

    assert theirs.theme_id == "county-lines"
    themes = dict(LocalTheme.objects.filter(partnership=south).values_list("theme_id", "name"))
    assert themes == {"county-lines": "County lines!", "county-lines-2": "County lines"}
    coded = imported.review.findings.get(number=1).themes
    assert "county-lines-2" in coded and "county-lines" not in coded
