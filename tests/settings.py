"""The app's settings as the tests need them. Only what a test run must differ in is changed here."""

from casereview.workspace.settings import *  # noqa: F403

# The test client and the live server speak plain HTTP; production settings send HTTP to HTTPS.
SECURE_SSL_REDIRECT = False

# A thread of the test process that answers requests (the live server's, one per browser connection) keeps its
# database connection between the requests of a kept-alive connection when connections persist: on PostgreSQL
# that left an idle session on the test database at the end of a run. Each request's connection is closed after it.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
