"""docs/permissions.md and the code say the same: every action, every role, every cell."""

from pathlib import Path

from casereview.workspace.accounts.permissions import OWN_AGENCY_ONLY, OWN_REVIEW_ONLY, PERMISSIONS, Action, Role

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def cell(role: Role, action: Action) -> str:
    if role not in PERMISSIONS[action]:
        return "no"
    if role in OWN_AGENCY_ONLY.get(action, frozenset()):
        return "own agency"
    return "own review" if role in OWN_REVIEW_ONLY.get(action, frozenset()) else "yes"


def documented_rows() -> dict[str, list[str]]:
    rows = {}
    for line in DOCUMENT.read_text().splitlines():
        if line.startswith("| `"):
            cells = [part.strip() for part in line.strip("|").split("|")]
            rows[cells[0].split("`")[1]] = cells[1:]
    return rows


def test_the_header_names_every_role_in_order():
    header = next(line for line in DOCUMENT.read_text().splitlines() if line.startswith("| Action"))
    assert [part.strip() for part in header.strip("|").split("|")][1:] == [role.label for role in Role]


def test_every_action_is_documented_exactly_as_the_code_enforces_it():
    rows = documented_rows()
    assert set(rows) == {action.value for action in Action}
    for action in Action:
        assert rows[action.value] == [cell(role, action) for role in Role], action
