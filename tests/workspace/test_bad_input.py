"""Arbitrary input at every form: text of any kind and size, dates that are not dates, files that are not
what they say. The app answers with a page (a validation message) or a 4xx, never a 500; when it refuses,
nothing already stored has changed.

Fields are read from each form class, so a field added to a form is thrown at too.
"""

import functools
from pathlib import Path

import pytest
from django import forms
from django.conf import settings as settings_module
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.workspace.accounts.forms import CodeForm, PolicyForm
from casereview.workspace.assessments.forms import AnswerForm as IndicatorAnswerForm
from casereview.workspace.assessments.forms import JudgementForm
from casereview.workspace.audit.forms import TrailFilterForm
from casereview.workspace.backup import backed_up_models
from casereview.workspace.clocks.forms import ClosureForm, ExtensionForm, LocalStepForm, PeriodForm, StepRecordForm
from casereview.workspace.concerns.forms import AnswerForm as GuideAnswerForm
from casereview.workspace.concerns.forms import ConcernForm, DisclosureForm
from casereview.workspace.forms import DateField
from casereview.workspace.learning.forms import FrameworkForm
from casereview.workspace.purpose.forms import (
    CircumstanceForm,
    CommunicationForm,
    LetterForm,
    NotApplicableForm,
    PartyForm,
    StatementForm,
)
from casereview.workspace.reviews.forms import ReviewForm
from tests.conftest import docx_bytes, pdf_bytes

# url (filled from the records below), form class, fields the view reads besides the form's own
FORMS = {
    "reviews:create": ("/reviews/new/", ReviewForm, []),
    "reviews:edit": ("/reviews/{review}/edit/", ReviewForm, []),
    "assessments:answer": ("/reviews/{review}/markers/clarity-of-purpose/indicators/q3/", IndicatorAnswerForm, []),
    "assessments:judgement": ("/reviews/{review}/markers/clarity-of-purpose/judgement/", JudgementForm, []),
    "purpose:statement": ("/reviews/{review}/purpose/statement/", StatementForm, ["action"]),
    "purpose:statement-check": ("/reviews/{review}/purpose/statement/check/", StatementForm, []),
    "purpose:party-add": ("/reviews/{review}/purpose/parties/new/", PartyForm, []),
    "purpose:party-edit": ("/reviews/{review}/purpose/parties/{party}/", PartyForm, []),
    "purpose:group": ("/reviews/{review}/purpose/groups/family/", NotApplicableForm, ["action"]),
    "purpose:communication-add": ("/reviews/{review}/purpose/communications/new/", CommunicationForm, []),
    "purpose:communication-edit": (
        "/reviews/{review}/purpose/communications/{communication}/",
        CommunicationForm,
        [],
    ),
    "purpose:letter": ("/reviews/{review}/purpose/letters/practitioners/", LetterForm, ["action"]),
    "purpose:circumstance-add": ("/reviews/{review}/purpose/circumstances/new/", CircumstanceForm, []),
    "purpose:circumstance-edit": ("/reviews/{review}/purpose/circumstances/{circumstance}/", CircumstanceForm, []),
    "learning:framework-edit": ("/partnerships/{partnership}/learning-framework/edit/", FrameworkForm, []),
    "concerns:add": ("/reviews/{review}/concerns/new/", ConcernForm, []),
    "concerns:edit": ("/reviews/{review}/concerns/{concern}/edit/", ConcernForm, []),
    "concerns:question": ("/reviews/{review}/concerns/{open_concern}/runs/1/questions/1/", GuideAnswerForm, []),
    "concerns:disclosure-add": ("/reviews/{review}/concerns/shared/new/", DisclosureForm, []),
    "concerns:disclosure-edit": ("/reviews/{review}/concerns/shared/{disclosure}/", DisclosureForm, []),
    "accounts:security-policy": ("/accounts/partnerships/{partnership}/security/", PolicyForm, []),
    "clocks:record": ("/reviews/{review}/steps/notify/", StepRecordForm, []),
    "clocks:extend": ("/reviews/{review}/steps/notify/extensions/new/", ExtensionForm, []),
    "timescales:closure-add": ("/partnerships/{partnership}/timescales/closures/new/", ClosureForm, []),
    "timescales:step-add": ("/partnerships/{partnership}/timescales/steps/new/", LocalStepForm, []),
    "timescales:period": ("/partnerships/{partnership}/timescales/sar_mandatory/decide/period/", PeriodForm, []),
    "accounts:two-factor": ("/accounts/two-factor/", CodeForm, ["action"]),
    "accounts:password-change": ("/accounts/password/", None, ["old_password", "new_password1", "new_password2"]),
    "accounts:sign-in": ("/accounts/sign-in/", None, ["username", "password", "next"]),
}
OK_ANSWERS = {200, 302, 400, 403, 404, 405, 409, 413, 429}
# Records that change as a side effect of any request and say nothing about stored review data.
NOT_COMPARED = {"audit.auditevent", "accounts.signinfailure"}

texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
    st.integers(1_000, 60_000).map(lambda length: "x" * length),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x")',
            "0",
            "-1",
            "99999999999999999999",
            "1e400",
            "yes",
            "no",
            "none",
            "partly_met",
            "board",
            "letter",
            "business_manager",
            "scr-quality-markers",
            "learning-together",
            "\u202eevil",
            "a\x00b",
        ]
    ),
)
date_parts = st.one_of(texts, st.integers(-(10**6), 10**6).map(str))
uploads = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["a.docx", "a.pdf", "a.txt", "../../etc/passwd", "x.docx.exe", "a" * 300 + ".pdf"]),
    st.one_of(
        st.binary(max_size=2000),
        st.just(docx_bytes("A real letter")),
        st.just(pdf_bytes(1)),
        st.just(pdf_bytes(1)[:200]),
        st.just(b"PK\x03\x04" + b"\x00" * 100),
    ),
)


def field_strategies(form_class, extra: list[str]) -> dict:
    found = {}
    for name, field in form_class.base_fields.items() if form_class else []:
        if isinstance(field, DateField):
            for part in ("day", "month", "year"):
                found[f"{name}-{part}"] = date_parts
        elif isinstance(field, forms.FileField):
            found[name] = uploads
        elif isinstance(field, forms.MultipleChoiceField):
            found[name] = st.lists(texts, max_size=3)
        else:
            found[name] = texts
    for name in extra:
        found[name] = texts
    return found


def stored() -> dict[str, list[tuple]]:
    """Every stored record's values (each column, and each many-to-many link), by model: compared exactly, and
    read as plain rows, which costs a fraction of serialising every record for each example."""
    records = {}
    for model in compared_models():
        records[model._meta.label_lower] = list(model._base_manager.order_by("pk").values_list())
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            records[through._meta.label_lower] = list(through._base_manager.order_by("pk").values_list())
    return records


@functools.cache
def compared_models() -> list:
    return [model for model in backed_up_models() if model._meta.label_lower not in NOT_COMPARED]


@pytest.mark.parametrize("name", sorted(FORMS))
def test_any_input_gets_an_answer_and_a_refusal_changes_nothing(client, people, reviews, ids, name):
    path_template, form_class, extra = FORMS[name]
    path = path_template.format(review=reviews["Child H"].pk, **ids)
    strategy = st.fixed_dictionaries({}, optional=field_strategies(form_class, extra))
    answers = set()

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,  # the same inputs on every run, so CI never fails by chance
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=strategy)
    def post(data):
        # Each example starts from the records as they were before the first: what an accepted one saved is
        # undone, so the records are read once for the test, and again only after a refusal.
        saved = transaction.savepoint()
        try:
            if name != "accounts:sign-in":
                client.force_login(people["amina"])
            response = client.post(path, data)
            answers.add(response.status_code)
            assert response.status_code in OK_ANSWERS, (response.status_code, data)
            if response.status_code >= 400:
                assert stored() == before, f"{name} refused {data!r} but changed stored data"
        finally:
            transaction.savepoint_rollback(saved)

    # Signing Amina in again for each example would change her last sign-in time, which the records compare
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    try:
        if name != "accounts:sign-in":
            # Amina opens the form first, as a person does: what showing it sets up (an authenticator app's
            # secret waiting to be confirmed) is there before any input is posted
            client.force_login(people["amina"])
            client.get(path)
        before = stored()
        post()
    finally:
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
    # a form refused or not found every time was never given the input at all
    assert answers - {403, 404, 405}, f"{name} never reached its form: {sorted(answers)}"


@given(
    query=st.fixed_dictionaries({}, optional=field_strategies(TrailFilterForm, ["page"])),
)
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_filter_of_the_audit_trail_gets_an_answer(client, people, reviews, query):
    client.force_login(people["amina"])
    response = client.get(f"/partnerships/{reviews['Child H'].partnership_id}/audit-trail/", query)
    assert response.status_code in {200, 400}
    assert client.get(f"/partnerships/{reviews['Child H'].partnership_id}/audit-trail.csv", query).status_code in {
        200,
        400,
    }


@given(upload=uploads)
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_uploaded_file_is_stored_whole_or_refused_with_a_reason(
    people, reviews, django_capture_on_commit_callbacks, upload
):
    from casereview.workspace.documents.services import UploadRejected, store_upload

    before = reviews["Child H"].documents.count()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            document = store_upload(people["amina"], reviews["Child H"], upload)
    except UploadRejected as reason:
        assert str(reason)
        assert reviews["Child H"].documents.count() == before
    else:
        assert document.kind in {"docx", "pdf"}
        assert (Path(settings_module.UPLOAD_DIR) / document.storage_name).read_bytes()[:4] in {b"PK\x03\x04", b"%PDF"}


def test_stored_html_is_shown_as_text_on_every_page(client, people, reviews, ids, settings, tmp_path):
    """Script typed into every kind of record comes back as text on every page that shows it."""
    import datetime

    from casereview.workspace.concerns import services as concerns
    from casereview.workspace.purpose import services as purpose
    from tests.workspace.conftest import made_report_of_child_h
    from tests.workspace.test_permissions import PAGES

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    amina, review = people["amina"], reviews["Child H"]
    purpose.save_statement(amina, review, f"Purpose {payload}")
    purpose.add_party(amina, review, group="others", role=f"Role {payload}", organisation=payload, name=payload)
    purpose.save_circumstance(
        amina, review, kind="media", description=payload, identified_on=datetime.date(2026, 5, 1),
        acknowledged_on=None, acknowledged_how="", acknowledged_to="",
    )  # fmt: skip
    concerns.save_concern(
        amina, review, kind="act", description=payload, role=f"Nurse {payload}", organisation=payload,
        name=payload, raised_on=datetime.date(2026, 5, 1),
    )  # fmt: skip
    settings.REPORT_DIR = tmp_path
    ids = {**ids, "report_job": made_report_of_child_h()}  # the board report made of those records
    client.force_login(amina)
    shown = 0
    for name, (path, _) in PAGES.items():
        if "{document}" in path:
            continue
        response = client.get(path.format(review=review.pk, **ids))
        assert response.status_code == 200, name  # a refusal would show nothing, escaped or not
        if not response["Content-Type"].startswith("text/html"):
            # an export holds the text as typed, in a file no browser will run as a page
            downloads = ("text/csv", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            assert response["Content-Type"].startswith(downloads) and "attachment" in response["Content-Disposition"]
            assert response["X-Content-Type-Options"] == "nosniff"
            continue
        page = response.content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, name
        shown += "&lt;script&gt;alert(" in page
    assert shown >= 5
