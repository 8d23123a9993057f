"""``casereview report`` and ``casereview self-assessment``, run as a user runs them, on a SQLite database of
the demonstration data."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import docx
import pypdfium2
import pytest

from tests.test_cli import casereview


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-cli")
    env = {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3"}
    made = casereview("demo", env=env)
    assert made.returncode == 0, made.stderr
    return folder, env


def _docx_text(path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_the_board_report_of_child_l_as_pdf(demo, tmp_path):
    _, env = demo
    out = tmp_path / "child-l.pdf"
    result = casereview("report", "Child L", "--format", "pdf", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert f"Wrote the board report of Child L (North Partnership) to {out}" in result.stdout
    pdf = pypdfium2.PdfDocument(out.read_bytes())
    text = re.sub(r"\s+", " ", " ".join(page.get_textpage().get_text_range() for page in pdf))
    pdf.close()
    assert "Child L: board report" in text
    assert "Publication waited for the inquest to finish" in text


def test_a_report_in_word_by_role_with_a_section_left_out_found_by_reference_in_any_case(demo, tmp_path):
    _, env = demo
    out = tmp_path / "h.docx"
    result = casereview("report", "child h", "--out", str(out), "--roles", "--leave-out", "wording", env=env)
    assert result.returncode == 0, result.stderr
    assert "names replaced by roles; left out: wording check of the review's texts" in result.stdout
    text = _docx_text(out)
    assert "Child H: board report" in text
    assert "Bea" not in text and "Lewis" not in text and "Amina" not in text
    assert "Wording check of the review's texts" in text  # named as left out, and only that
    assert "How it underlines the learning purpose" not in text
    # Findings, recommendations and actions are in it by default, and can be left out as any section.
    assert "Finding 1\nHealth visiting records show each missed appointment" in text
    without = tmp_path / "h-without-findings.docx"
    result = casereview("report", "Child H", "--out", str(without), "--leave-out", "findings", env=env)
    assert result.returncode == 0, result.stderr
    assert "left out: findings, recommendations and actions" in result.stdout
    assert "Health visiting records show each missed appointment" not in _docx_text(without)


def test_an_unknown_review_is_explained_and_exits_2_without_a_file(demo, tmp_path):
    _, env = demo
    out = tmp_path / "nothing.pdf"
    result = casereview("report", "Child Q", "--format", "pdf", "--out", str(out), env=env)
    assert result.returncode == 2
    assert 'No review has the reference or id "Child Q"' in result.stderr
    assert not out.exists()


def test_a_file_format_is_asked_for_when_neither_given_nor_read_from_the_name(demo, tmp_path):
    _, env = demo
    result = casereview("report", "Child L", "--out", str(tmp_path / "report.txt"), env=env)
    assert result.returncode == 2
    assert "--format pdf or --format docx" in result.stderr


def _south_child_l(env) -> str:
    """South Partnership gets its own "Child L" (references are unique only within a partnership); its id."""
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'casereview.workspace.settings'); "
        "django.setup(); from casereview.workspace.reviews.models import Review; "
        "from casereview.workspace.accounts.models import Partnership; "
        "r, _ = Review.objects.get_or_create(partnership=Partnership.objects.get(name='South Partnership'), "
        "reference='Child L', defaults={'review_type': 'lcspr', 'framework_id': 'scr-quality-markers'}); print(r.pk)"
    )
    made = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env={**os.environ, **env}
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def test_a_reference_two_partnerships_share_is_ambiguous_until_the_partnership_or_id_is_given(demo, tmp_path):
    _, env = demo
    south_id = _south_child_l(env)
    out = tmp_path / "l.docx"
    ambiguous = casereview("report", "Child L", "--out", str(out), env=env)
    assert ambiguous.returncode == 2
    assert 'More than one review has the reference "Child L": North Partnership (id' in ambiguous.stderr
    assert f"South Partnership (id {south_id})" in ambiguous.stderr
    assert not out.exists()
    chosen = casereview("report", "Child L", "--partnership", "south partnership", "--out", str(out), env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert "Child L (South Partnership)" in chosen.stdout
    by_id = casereview("report", south_id, "--out", str(tmp_path / "by-id.docx"), env=env)
    assert by_id.returncode == 0 and "Child L (South Partnership)" in by_id.stdout
    unknown = casereview("report", "Child L", "--partnership", "West", "--out", str(out), env=env)
    assert unknown.returncode == 2 and 'There is no partnership called "West"' in unknown.stderr


def test_the_self_assessment_of_a_partnership_as_word(demo, tmp_path):
    _, env = demo
    out = tmp_path / "north.docx"
    result = casereview("self-assessment", "--partnership", "North Partnership", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    text = _docx_text(out)
    assert (
        "Quality marker self-assessment" in text
        and "1. Referral (held in part)" in text
        and "5. Clarity of purpose\n" in text
    )
    unknown = casereview("self-assessment", "--partnership", "Nowhere", "--out", str(out), env=env)
    assert unknown.returncode == 2 and 'There is no partnership called "Nowhere"' in unknown.stderr


def test_a_file_that_cannot_be_written_is_explained(demo, tmp_path):
    _, env = demo
    out = tmp_path / "no-such-folder" / "report.docx"
    result = casereview("report", "Child R", "--out", str(out), env=env)
    assert result.returncode == 1
    assert f"Could not write {out}" in result.stderr


def test_an_export_to_a_folder_that_does_not_exist_is_explained_without_a_traceback(demo, tmp_path):
    _, env = demo
    out = tmp_path / "no-such-folder" / "adult-m.zip"
    result = casereview("export", "Adult M", "--out", str(out), env=env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Nothing exported: Could not write {out}: ") and "Traceback" not in result.stderr
    assert "Choose a folder you can write to." in result.stderr
    assert not out.parent.exists()


def test_export_and_import_find_a_review_and_a_partnership_as_report_does(demo, tmp_path):
    """One lookup for every command that names a review: the same exit code (2) and the same words."""
    _, env = demo
    south_id = _south_child_l(env)
    out = tmp_path / "l.zip"
    reported = casereview("report", "Child L", "--out", str(tmp_path / "l.docx"), env=env)
    exported = casereview("export", "Child L", "--out", str(out), env=env)
    assert reported.returncode == exported.returncode == 2
    assert exported.stderr.strip() == f"Nothing exported: {reported.stderr.strip()}"
    assert f"South Partnership (id {south_id})" in exported.stderr and not out.exists()
    unknown = casereview("export", "Child Q", "--out", str(out), env=env)
    assert unknown.returncode == 2 and 'No review has the reference or id "Child Q"' in unknown.stderr
    nowhere = casereview("export", "Child L", "--partnership", "West", "--out", str(out), env=env)
    assert nowhere.returncode == 2 and 'There is no partnership called "West"' in nowhere.stderr
    chosen = casereview("export", "child l", "--partnership", "south partnership", "--out", str(out), env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert "Exported Child L of South Partnership" in chosen.stdout
    into_nowhere = casereview("import", str(out), "--partnership", "West", env=env)
    assert into_nowhere.returncode == 2
    assert 'Nothing was imported: There is no partnership called "West". Partnerships: North Partnership' in (
        into_nowhere.stderr
    )
