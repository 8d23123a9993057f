"""A board report or self-assessment written with `casereview report` / `casereview self-assessment` is in the audit
trail as a download from a page is, naming the system account that ran the command; Amina, business manager of
North Partnership, finds it on her trail. No file is left without its entry."""

import getpass

import pytest

from casereview.cli import main
from casereview.workspace.audit.models import AuditEvent

from .pages import visible_text

RAN_IT = f"command line ({getpass.getuser()})"


@pytest.fixture
def amina(client, people):
    client.force_login(people["amina"])
    return client


def trail_text(client, partnership_id: int, **filters) -> str:
    page = client.get(f"/partnerships/{partnership_id}/audit-trail/", filters)
    assert page.status_code == 200
    return visible_text(page)


def test_a_board_report_written_on_the_command_line_is_on_the_trail(amina, reviews, tmp_path, capsys):
    child_h = reviews["Child H"]
    out = tmp_path / "child-h.docx"
    assert main(["report", "Child H", "--out", str(out), "--roles"]) == 0, capsys.readouterr().err
    assert out.stat().st_size > 0 and not (tmp_path / "child-h.docx.partial").exists()
    text = trail_text(amina, child_h.partnership_id)
    assert (
        f"{RAN_IT} Downloaded Board report of Child H as Word (.docx), names replaced by roles; every section Child H"
    ) in text
    # "command line" in the trail's filter finds every command's entries, whoever ran it.
    filtered = trail_text(amina, child_h.partnership_id, other_username="command line")
    assert f"{RAN_IT} Downloaded Board report of Child H" in filtered
    assert "amina Signed in" not in filtered


def test_a_self_assessment_written_on_the_command_line_is_on_the_trail(amina, reviews, tmp_path, capsys):
    out = tmp_path / "north.docx"
    assert main(["self-assessment", "--partnership", "North Partnership", "--out", str(out)]) == 0
    assert out.exists()
    text = trail_text(amina, reviews["Child H"].partnership_id)
    assert f"{RAN_IT} Downloaded Quality marker self-assessment of North Partnership as Word" in text


def test_a_report_that_cannot_be_written_leaves_neither_a_file_nor_an_entry(reviews, tmp_path, capsys):
    before = AuditEvent.objects.count()
    out = tmp_path / "no-such-folder" / "child-h.docx"
    assert main(["report", "Child H", "--out", str(out)]) == 1
    assert f"Could not write {out}: No such file or directory." in capsys.readouterr().err
    assert AuditEvent.objects.count() == before
    assert not out.parent.exists()


def test_a_report_that_cannot_be_put_in_place_takes_its_entry_back(reviews, tmp_path, capsys):
    """The file is written beside its place and moved there inside the transaction of its entry: here the place is
    a folder, so the move fails, and the entry already written is rolled back with it."""
    before = AuditEvent.objects.count()
    out = tmp_path / "reports"
    out.mkdir()
    assert main(["report", "Child H", "--format", "docx", "--out", str(out)]) == 1
    assert f"Could not write {out}: Is a directory." in capsys.readouterr().err
    assert AuditEvent.objects.count() == before
    assert [path.name for path in tmp_path.iterdir()] == ["reports"] and not any(out.iterdir())
