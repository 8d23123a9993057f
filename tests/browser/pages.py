"""What every browser journey does the same way."""

from tests.workspace.pages import DEMO_PASSWORD


def sign_in(page, username: str, assert_accessible, password: str = DEMO_PASSWORD) -> None:
    """From the start page, through the sign-in page (both checked by axe-core), signed in as ``username``."""
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
