"""The app's settings as the tests need them. Only what a test run must differ in is changed here."""

from casereview.workspace.settings import *  # noqa: F403

# The test client and the live server speak plain HTTP; production settings send HTTP to HTTPS.
SECURE_SSL_REDIRECT = False
