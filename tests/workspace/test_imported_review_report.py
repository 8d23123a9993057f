"""The board report of a review imported from another partnership names its people as the review's page does.

Dev of South imports North's Child H. Amina and Bea have no account in South, so the import keeps them by name
on the records they made, and the review's page says "Bea Lewis (bea), named in the imported file; no account
here". The board report must say the same, not "Lead reviewer: Not assigned yet" and "Answered by someone no
longer on casereview"; and by role, their names are as gone as any member's."""

import re

import pytest
from django.db import transaction

from casereview.workspace.reports.content import Options
from casereview.workspace.reports.services import board_report_file
from casereview.workspace.transfer.services import export_review, import_review

from .test_board_report import docx_text


@pytest.fixture
def imported_child_h(people, reviews, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "Child H.zip"
    export_review(reviews["Child H"], path, with_concerns=False)
    south = reviews["Child S"].partnership
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return import_review(path, south, file_name=path.name, user=people["dev"]).review


def test_the_report_names_the_people_the_import_kept_by_name(imported_child_h, people):
    text = docx_text(board_report_file(imported_child_h, Options(), "docx", made_by=people["dev"]).content)
    assert "Lead reviewer Bea Lewis (bea), named in the imported file; no account here" in text
    assert "Answered by Amina Hussain (amina) on" in text
    assert "written by Amina Hussain (amina) on" in text
    assert "someone no longer on casereview" not in text


def test_by_role_the_kept_names_are_gone_too(imported_child_h, people):
    text = docx_text(board_report_file(imported_child_h, Options(by_role=True), "docx", made_by=people["dev"]).content)
    assert "Lead reviewer Named in the imported file; no account here" in text
    assert "Answered by a person named in the imported file on" in text
    for name in ("Amina", "Hussain", "Bea", "Lewis"):
        assert not re.search(rf"\b{name}\b", text), name
