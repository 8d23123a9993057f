"""The people `casereview serve --demo` prints, as someone trying the demonstration reads them: each with their role,
and the agency lead with the agency whose actions she updates. The README's table names the same people."""

from pathlib import Path

from casereview.workspace.demo import load_demo

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_printed_people_say_which_agency_the_agency_lead_updates(people):
    described = dict(load_demo())
    assert described["nia"] == "Nia Kaur, agency lead of Northtown NHS Trust, North Partnership"
    assert described["amina"] == "Amina Hussain, business manager, North Partnership"


def test_the_readme_lists_every_demonstration_user(people):
    readme = README.read_text()
    for username, description in load_demo():
        assert f"| `{username}` | {description} |" in readme
