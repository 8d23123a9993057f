"""`casereview lint` as a reviewer or a CI job runs it."""

import json
import os
import subprocess
import sys

import docx


def lint(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casereview.cli", "lint", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ},
    )


def write_docs(folder):
    (folder / "letter.txt").write_text("Dear colleague,\n\nThe GP failed to refer.\nIt was clearly a risk.\n")
    nested = folder / "drafts"
    nested.mkdir()
    document = docx.Document()
    document.add_paragraph("This was poor practice.")
    document.save(nested / "report.docx")
    (nested / "ignored.png").write_bytes(b"\x89PNG")


def test_prints_file_line_column_category_and_a_summary(tmp_path):
    write_docs(tmp_path)
    result = lint(str(tmp_path))
    assert result.returncode == 0  # nothing fails by default
    lines = result.stdout.splitlines()
    assert f"{tmp_path / 'letter.txt'}:3:8 counterfactual" in lines[1]
    assert any(line.startswith(f"{tmp_path / 'drafts' / 'report.docx'}:1:10 judgemental") for line in lines)
    assert lines[-1] == "2 files checked, 3 findings (counterfactual 1, hindsight 1, judgemental 1)"


def test_fail_on_sets_the_exit_status(tmp_path):
    write_docs(tmp_path)
    assert lint(str(tmp_path), "--fail-on", "warning").returncode == 1
    assert lint(str(tmp_path), "--fail-on", "error").returncode == 0


def test_category_and_severity_filters(tmp_path):
    write_docs(tmp_path)
    only = lint(str(tmp_path / "letter.txt"), "--category", "hindsight")
    assert "counterfactual" not in only.stdout and "hindsight" in only.stdout
    learning = lint(str(tmp_path / "letter.txt"), "--category", "learning")
    assert learning.stdout.strip() == "1 file checked, 0 findings"


def test_json_output_for_machines(tmp_path):
    write_docs(tmp_path)
    data = json.loads(lint(str(tmp_path / "letter.txt"), "--format", "json").stdout)
    [file] = data["files"]
    finding = file["findings"][0]
    assert finding["rule"] == "failed-to" and finding["line"] == 3 and finding["column"] == 8
    assert finding["matched"] == "failed to" and "explanation" not in finding
    assert set(data["rules"]) == {f["rule"] for f in file["findings"]}
    rule = data["rules"]["failed-to"]
    assert rule["suggestion"] and rule["explanation"] and rule["category"] == "counterfactual"


def test_unreadable_files_exit_2_after_checking_the_rest(tmp_path):
    write_docs(tmp_path)
    (tmp_path / "scan.pdf").write_bytes(b"not a pdf at all")
    result = lint(str(tmp_path), str(tmp_path / "missing.txt"), "--fail-on", "warning")
    assert result.returncode == 2
    assert "3 files checked" not in result.stdout and "2 files checked" in result.stdout
    assert f"{tmp_path / 'scan.pdf'}: cannot check: this PDF cannot be read" in result.stderr
    assert f"{tmp_path / 'missing.txt'}: cannot check: no such file or folder" in result.stderr


def test_bad_usage_exits_2():
    assert lint("--format", "xml", "x.txt").returncode == 2


def test_second_looks_are_shown_only_when_asked_for_and_every_finding_says_its_kind(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("The GP failed to refer.\nHer concerns were dismissed by the health visitor.\n")
    plain = lint(str(letter))
    assert f'{letter}:1:8 counterfactual "failed to": "Failed to" describes an absence' in plain.stdout
    assert "second look" not in plain.stdout.splitlines()[0]
    assert plain.stdout.splitlines()[-1] == "1 file checked, 1 finding (counterfactual 1)"
    asked = lint(str(letter), "--second-looks")
    [second] = [line for line in asked.stdout.splitlines() if line.startswith(f"{letter}:2:")]
    assert " second look (" in second and '"dismissed"' in second
    assert asked.stdout.splitlines()[-1] == "1 file checked, 1 finding (counterfactual 1), 1 worth a second look"
    assert lint(str(letter), "--second-looks", "--fail-on", "info").returncode == 1
    findings = json.loads(lint(str(letter), "--format", "json").stdout)["files"][0]["findings"]
    assert [(f["line"], f["kind"]) for f in findings] == [(1, "problem"), (2, "second-look")]
    assert findings[1]["rule"] == "model.counterfactual" and "dismissed" in findings[1]["weighed"]


def test_the_text_output_shows_the_matched_words_beside_the_message(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("It failed to provide the best possible care.\nThere was poor practice in record keeping.\n")
    lines = lint(str(path)).stdout.splitlines()
    assert lines[0].startswith(f'{path}:1:4 counterfactual "failed to": ')
    assert lines[1].startswith(f'{path}:2:11 judgemental "poor practice": ')


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path):
    """`casereview lint folder | head`: the output closed early ends the command as it ends `cat`."""
    write_docs(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "casereview.cli", "lint", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert errors == b""


def test_a_file_of_another_kind_is_one_line_saying_what_is_read(tmp_path):
    notes = tmp_path / "notes.rtf"
    notes.write_text("{\\rtf1 The GP failed to refer.}")
    result = lint(str(notes), "--format", "json")
    reason = "casereview reads .txt, .md, .markdown, .html, .htm, .docx, .pdf files, not .rtf"
    assert result.returncode == 2
    assert result.stderr == f"{notes}: cannot check: {reason}\n"
    assert json.loads(result.stdout)["unreadable"] == [{"path": str(notes), "reason": reason}]


def test_a_program_calling_lint_in_its_own_process_keeps_its_cycle_collector(tmp_path, capsys):
    import gc

    from casereview.cli import main

    write_docs(tmp_path)
    assert gc.isenabled()
    main(["lint", str(tmp_path)])
    assert gc.isenabled()
