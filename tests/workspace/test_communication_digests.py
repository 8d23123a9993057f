"""A logged communication keeps its text's digest, so the Clarity of purpose marker page finds each one's stored
wording check without reading the text: a review with a hundred long letters costs the page no more than one
with short notes. A check missing under the current rules is still made once and kept."""

import importlib
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.language import fingerprint
from casereview.workspace.purpose import services
from casereview.workspace.purpose.models import Communication
from casereview.workspace.wording.models import StoredCheck, digest

from .test_stored_wording_checks import log, long_account, page

FAILED = "The health visitor failed to share the bruising with the GP, and the school nurse missed the signs."
PLAIN = "Agencies held different parts of the picture; the letter explained the review is for learning."


def marker_page(client, review) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        shown = page(client, f"/reviews/{review.pk}/markers/clarity-of-purpose/")
    return shown, [query["sql"] for query in captured.captured_queries]


def wording_line(shown: str, communication) -> str:
    start = shown.index(f'<li id="communication-{communication.pk}">')
    return shown[start : shown.index("</li>", start)]


def test_saving_and_changing_a_communication_keeps_its_texts_digest(reviews, people):
    communication = log(people["amina"], reviews["Child H"], FAILED)
    assert Communication.objects.get(pk=communication.pk).summary_digest == digest(FAILED)
    services.save_communication(
        people["amina"], reviews["Child H"], communication=communication, parties=[], groups=[], summary=PLAIN
    )
    assert Communication.objects.get(pk=communication.pk).summary_digest == digest(PLAIN)


def test_the_marker_page_reads_no_communication_text(client, reviews, people):
    review = reviews["Child H"]
    letter = log(people["amina"], review, long_account(20_000), day=2)
    client.force_login(people["carl"])
    shown, queries = marker_page(client, review)
    assert not [sql for sql in queries if '"purpose_communication"."summary",' in sql.replace(" ", "")], queries
    findings = StoredCheck.objects.get(digest=digest(letter.summary)).result["findings"]
    assert f"Wording: {findings:,} findings (" in wording_line(shown, letter)


def test_a_check_missing_under_the_current_rules_is_made_once_and_kept(client, reviews, people):
    review = reviews["Child H"]
    communication = log(people["amina"], review, FAILED, day=2)
    StoredCheck.objects.filter(digest=digest(FAILED)).update(rules="rules-of-an-older-version")
    client.force_login(people["carl"])
    first, _ = marker_page(client, review)
    assert StoredCheck.objects.get(digest=digest(FAILED)).rules == fingerprint()
    second, queries = marker_page(client, review)
    assert wording_line(first, communication) == wording_line(second, communication)
    assert re.search(r"Wording: \d+ findings? \(", wording_line(second, communication))
    assert not [sql for sql in queries if "summary" in sql and "purpose_communication" in sql and "IN" in sql]


def test_communications_restored_without_digests_each_show_their_own_check(client, reviews, people):
    """A backup made before communications kept digests restores them empty: each still shows its own check."""
    review = reviews["Child H"]
    failed = log(people["amina"], review, FAILED, day=2)
    plain = log(people["amina"], review, PLAIN, day=3)
    client.force_login(people["carl"])
    before, _ = marker_page(client, review)
    Communication.objects.filter(pk__in=[failed.pk, plain.pk]).update(summary_digest="")
    after, _ = marker_page(client, review)
    assert wording_line(after, failed) == wording_line(before, failed)
    assert wording_line(after, plain) == wording_line(before, plain)
    assert wording_line(after, failed) != wording_line(after, plain).replace(str(plain.pk), str(failed.pk))


def test_the_data_migration_fills_every_communications_digest(reviews, people):
    log(people["amina"], reviews["Child H"], FAILED, day=2)
    Communication.objects.update(summary_digest="")
    migration = importlib.import_module(
        "casereview.workspace.purpose.migrations.0004_fill_communication_summary_digest"
    )
    migration.fill(apps, None)
    for summary, kept in Communication.objects.values_list("summary", "summary_digest"):
        assert kept == digest(summary)
