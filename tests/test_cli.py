"""The casereview command, run as a user runs it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.served import SQLITE_FILE

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "casereview" / "markers" / "frameworks"


def casereview(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casereview.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def with_the_demonstration(data_dir: Path, demo_database: Path) -> dict[str, str]:
    """The environment of a data folder holding the demonstration data, as ``casereview demo`` leaves it: a copy
    of the run's demonstration database (tests/served.py), which saves each test the seconds of making it."""
    shutil.copyfile(demo_database, data_dir / SQLITE_FILE)
    return {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(data_dir), "DATABASE_URL": ""}


def test_validate_accepts_the_shipped_frameworks():
    result = casereview("framework", "validate", *map(str, sorted(SHIPPED.glob("*.yaml"))))
    assert result.returncode == 0
    assert "valid: SCR Quality Markers, 18 markers" in result.stdout
    assert "valid: SAR Quality Markers, 15 markers" in result.stdout


def test_validate_reports_file_line_and_fix_and_fails(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (SHIPPED / "scr-quality-markers.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("- id: governance\n", "- id: commissioning\n"), encoding="utf-8")
    result = casereview("framework", "validate", str(broken))
    assert result.returncode == 1
    line = [n for n, row in enumerate(broken.read_text().splitlines(), 1) if row == "- id: commissioning"][-1]
    assert f"{broken}:{line}: marker id 'commissioning' is used twice" in result.stderr


def test_show_prints_a_marker_readably():
    result = casereview("framework", "show", "scr-quality-markers", "clarity-of-purpose")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("SCR Quality Markers, marker 5: Clarity of purpose")
    for heading in (
        "Quality statement",
        "Rationale",
        "How might you know",
        "Knowledge base",
        "Link to statutory guidance",
        "Tackling some common obstacles",
    ):
        assert heading in out
    assert "Cited: Dekker 2012 (added by casereview, not in the source: Dekker, S. (2012)" in out


def test_show_lists_the_markers_and_explains_unknown_names():
    listing = casereview("framework", "show", "sar-quality-markers")
    assert "Setting up the review" in listing.stdout and "15. Improvement action" in listing.stdout
    unknown = casereview("framework", "show", "sar-quality-markers", "clarity")
    assert unknown.returncode == 2 and "has no marker 'clarity'" in unknown.stderr


def test_serve_refuses_to_start_without_a_secret_key_in_production(tmp_path):
    result = casereview("serve", env={"DEBUG": "false", "SECRET_KEY": "", "CASEREVIEW_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_setting_is_refused_with_a_clear_message(tmp_path):
    result = casereview("serve", env={"DEBUG": "maybe", "CASEREVIEW_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr


def test_person_add_creates_a_business_manager_who_can_then_sign_in(tmp_path):
    env = {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = casereview(
        "person",
        "add",
        "erin",
        "--partnership",
        "East Partnership",
        "--role",
        "Business manager",
        "--first-name",
        "Erin",
        env={**env, "CASEREVIEW_PASSWORD": "a-very-long-passphrase"},
    )
    assert result.returncode == 0, result.stderr
    assert "Created erin: business manager in East Partnership." in result.stdout
    again = casereview("person", "add", "erin", "--partnership", "East Partnership", "--role", "observer", env=env)
    assert again.returncode == 0 and "Updated erin: observer in East Partnership." in again.stdout


def test_person_add_explains_a_weak_password_and_an_unknown_role(tmp_path):
    env = {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    weak = casereview(
        "person",
        "add",
        "fay",
        "--partnership",
        "East",
        "--role",
        "observer",
        env={**env, "CASEREVIEW_PASSWORD": "password"},
    )
    assert weak.returncode == 2 and "The password is not strong enough" in weak.stderr
    unknown = casereview("person", "add", "fay", "--partnership", "East", "--role", "chair", env=env)
    assert unknown.returncode == 2 and "'chair' is not a role. Use one of: business manager" in unknown.stderr


def test_person_add_gives_an_agency_lead_their_agency(tmp_path):
    env = {
        "DEBUG": "true",
        "CASEREVIEW_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "CASEREVIEW_PASSWORD": "a-very-long-passphrase",
    }
    missing = casereview("person", "add", "gil", "--partnership", "East", "--role", "agency lead", env=env)
    assert missing.returncode == 2 and "An agency lead updates their own agency's actions" in missing.stderr
    added = casereview(
        "person", "add", "gil", "--partnership", "East", "--role", "agency lead", "--agency", "East NHS Trust", env=env
    )
    assert added.returncode == 0, added.stderr
    assert "Created gil: agency lead in East." in added.stdout


def test_backup_and_restore_from_the_command_line(tmp_path):
    first = {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(tmp_path / "first"), "DATABASE_URL": ""}
    second = {**first, "CASEREVIEW_DATA_DIR": str(tmp_path / "second")}
    demo = casereview("demo", env=first)  # the command itself, here; the tests below start from its data copied
    assert demo.returncode == 0, demo.stderr
    assert "Demonstration data ready. Password for every demonstration user: learning-not-blame" in demo.stdout
    made = casereview("backup", str(tmp_path / "north.zip"), env=first)
    assert made.returncode == 0, made.stderr
    assert "Writing the records..." in made.stderr and "Backed up" in made.stdout
    restored = casereview("restore", str(tmp_path / "north.zip"), env=second)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "People sign in again" in restored.stdout
    again = casereview("restore", str(tmp_path / "north.zip"), env=second)
    assert again.returncode == 1
    assert "Nothing restored: The database already holds data" in again.stderr
    assert casereview("backup", str(tmp_path / "north.zip"), env=first).returncode == 1


def test_a_forgotten_password_and_a_lost_authenticator_app_are_put_right(tmp_path, demo_database):
    env = with_the_demonstration(tmp_path, demo_database)
    weak = casereview("person", "password", "amina", env={**env, "CASEREVIEW_PASSWORD": "short"})
    assert weak.returncode == 1 and "The password is not strong enough" in weak.stderr
    done = casereview("person", "password", "amina", env={**env, "CASEREVIEW_PASSWORD": "river otter lantern moss"})
    assert done.returncode == 0 and "amina has a new password" in done.stdout
    nobody = casereview("person", "password", "zed", env={**env, "CASEREVIEW_PASSWORD": "river otter lantern moss"})
    assert nobody.returncode == 1 and "There is nobody with the username 'zed'" in nobody.stderr
    off = casereview("person", "two-factor-off", "amina", env=env)
    assert off.returncode == 0 and "had no authenticator app set up: nothing changed" in off.stdout


def test_person_add_works_on_a_new_machine_where_the_data_folder_does_not_exist_yet(tmp_path):
    env = {"DEBUG": "true", "CASEREVIEW_DATA_DIR": str(tmp_path / "new" / "var"), "DATABASE_URL": ""}
    result = casereview(
        "person", "add", "erin", "--partnership", "East Partnership", "--role", "business manager",
        env={**env, "CASEREVIEW_PASSWORD": "a-very-long-passphrase"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "var" / "casereview.sqlite3").is_file()


def test_recheck_wording_finds_the_checks_stored_by_another_process_current(tmp_path, demo_database):
    """The demonstration data's texts were checked when saved, in another process: nothing is checked again."""
    env = with_the_demonstration(tmp_path, demo_database)
    done = casereview("recheck-wording", env=env)
    assert done.returncode == 0, done.stderr
    assert "saved texts have a wording check under the current rules: 0 checked now." in done.stdout
    assert "to check under the current rules." in done.stderr


def test_rematch_recurrences_finds_the_demonstration_matches_current_and_can_match_all_again(tmp_path, demo_database):
    env = with_the_demonstration(tmp_path, demo_database)
    done = casereview("rematch-recurrences", env=env)
    assert done.returncode == 0, done.stderr
    assert "have their recurring findings matched under the current matching: 0 matched now." in done.stdout
    assert "North Partnership: 0 of " in done.stderr
    again = casereview("rematch-recurrences", "--all", env=env)
    assert again.returncode == 0, again.stderr
    reviews = int(again.stdout.split(" reviews with findings")[0].replace(",", ""))
    assert reviews > 0 and f"{reviews} matched now" in again.stdout
    assert re.search(r"North Partnership: (\d+) of \1 reviews with findings matched again", again.stderr)


def test_workdays_counts_over_christmas_and_refuses_a_date_it_cannot_read():
    # Thursday 24 December 2026: Christmas Day is Friday 25, Boxing Day (Saturday 26) is moved to Monday 28,
    # so the third working day after is Thursday 31 December.
    result = casereview("workdays", "2026-12-24", "3")
    assert (result.returncode, result.stdout) == (0, "2026-12-31\n")
    assert casereview("workdays", "2027-01-04", "-1").stdout == "2026-12-31\n"
    wrong = casereview("workdays", "24/12/2026", "3")
    assert wrong.returncode == 2 and "must be a date like 2026-03-27" in wrong.stderr


def test_due_and_remind_on_the_demonstration_data(tmp_path, demo_database):
    env = with_the_demonstration(tmp_path, demo_database)
    due = casereview("due", "--partnership", "North Partnership", env=env)
    assert due.returncode == 1  # something is overdue
    assert "North Partnership: Child R\n  Complete the rapid review and send it to the Panel: due" in due.stdout
    assert "due in 2 working days" in due.stdout
    unknown = casereview("due", "--partnership", "Nowhere", env=env)
    assert unknown.returncode == 2 and "There is no partnership called 'Nowhere'" in unknown.stderr
    first = casereview("remind", env=env)
    assert first.returncode == 0 and "Sent a reminder to bea about Child H." in first.stdout
    assert "Subject: casereview: Child R: 1 step due" in first.stdout  # no EMAIL_HOST: printed to the console
    second = casereview("remind", env=env)
    assert "Sent a reminder" not in second.stdout and "4 reminders were already sent today." in second.stdout


def serving_environment(data_dir: Path) -> dict[str, str]:
    return {"DEBUG": "false", "SECRET_KEY": "a-test-only-secret-key", "CASEREVIEW_DATA_DIR": str(data_dir)}


def test_a_step_file_that_cannot_be_read_stops_start_up_naming_the_file_and_line(tmp_path):
    """A step file broken in place (an edit gone wrong): `casereview serve` says which file, which line and why,
    and starts nothing. The process reads a copy of the shipped step files, one of them broken."""
    from casereview.timescales.loader import STEPS_DIR

    steps = tmp_path / "steps"
    shutil.copytree(STEPS_DIR, steps)
    broken = steps / "rapid-review.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("{amount: 15, unit: working days", "{amount: 15, unit: fortnights", 1), "utf-8")
    line = next(n for n, row in enumerate(broken.read_text().splitlines(), 1) if "fortnights" in row)
    program = (
        "import sys; from pathlib import Path; from casereview.timescales import loader; "
        "loader.STEPS_DIR = Path(sys.argv[1]); from casereview.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    for command in (["serve", "--port", "8299"], ["due"]):
        result = subprocess.run(
            [sys.executable, "-c", program, str(steps), *command],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **serving_environment(tmp_path / "var"), "DATABASE_URL": ""},
        )
        assert result.returncode == 2, result.stderr
        assert "casereview cannot start: a data file cannot be read." in result.stderr
        assert f"{broken}:{line}: " in result.stderr and "fortnights" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "var" / SQLITE_FILE).exists()  # stopped before the database was touched


def test_bank_holiday_data_that_cannot_be_read_stops_start_up_naming_the_file_and_line(tmp_path):
    """A half-upgraded ``holidays`` package (here one whose code stops at line 3): serving and counting working
    days both stop with the file, the line and the reason."""
    package = tmp_path / "site" / "holidays"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Half written."""\n\ndef country_holidays(:\n', encoding="utf-8")
    environment = {**serving_environment(tmp_path / "var"), "PYTHONPATH": str(tmp_path / "site")}
    for command in (["serve", "--port", "8299"], ["workdays", "2026-12-24", "3"]):
        result = casereview(*command, env=environment)
        assert result.returncode == 2, result.stderr
        assert f"{package / '__init__.py'}:3: the bank holiday data (the holidays package) cannot be read" in (
            result.stderr
        )
        assert "SyntaxError" in result.stderr and "Traceback" not in result.stderr
