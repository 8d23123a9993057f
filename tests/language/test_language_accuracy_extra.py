"""`benchmarks/language_accuracy.py --extra FOLDER` scores a folder of real rows (such as the candidates kept
apart from training) with the same table as a corpus split, leaving out arguable rows, and says what to do
when the folder holds none."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "language_accuracy.py"


def _row(number: int, text: str, labels: list[str], *, arguable: bool = False, page: str = "a") -> dict:
    return {
        "id": f"extra-zz-{number:04d}",
        "text": text,
        "labels": labels,
        "quoted": False,
        "arguable": arguable,
        "note": "",
        "address": f"https://example.org/{page}",
        "title": "A page",
        "source_kind": "news",
    }


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env={"SECRET_KEY": "x", "PATH": ""}
    )


def test_a_folder_of_rows_is_scored_with_its_arguable_rows_left_out(tmp_path):
    rows = [
        _row(1, "The social worker should have referred the family to children's services sooner.", ["counterfactual"]),
        _row(2, "The review panel met four times between March and June.", [], page="b"),
        _row(3, "Staff could perhaps have asked more.", ["counterfactual"], arguable=True, page="b"),
    ]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = _run("--extra", str(tmp_path), "--mistakes")
    assert result.returncode in (0, 1), result.stderr
    first = result.stdout.splitlines()[0]
    assert first == f"Language checker on the extra rows of {tmp_path} (3 sentences from 2 pages): 2 clear sentences"
    counterfactual = next(line for line in result.stdout.splitlines() if line.startswith("counterfactual "))
    assert counterfactual.split()[-3:] == ["1", "0", "0"]
    assert "Sentences labelled none given a problem: 0/1" in result.stdout
    assert "Wrong on:" in result.stdout
    assert "extra-zz-0003" not in result.stdout


def test_a_folder_without_rows_says_so(tmp_path):
    result = _run("--extra", str(tmp_path))
    assert result.returncode == 2
    assert "holds no .jsonl file" in result.stdout
