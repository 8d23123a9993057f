"""casereview settings: every value that differs between machines comes from the environment.

See the README for the variables. With DEBUG off, SECRET_KEY must be set.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from .environment import env_addresses, env_bool, env_database, env_email, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("CASEREVIEW_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)

# Without DEBUG there is no default: serving refuses to start without SECRET_KEY (see serving_checks), while
# commands that never sign anything, such as makemigrations, still run.
SECRET_KEY = env_str("SECRET_KEY") or ("insecure-key-for-local-demonstration-only" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "casereview.workspace.accounts",
    "casereview.workspace.reviews",
    "casereview.workspace.assessments",
    "casereview.workspace.documents",
    "casereview.workspace.purpose",
    "casereview.workspace.learning",
    "casereview.workspace.audit",
    "casereview.workspace.concerns",
    "casereview.workspace.wording",
    "casereview.workspace.clocks",
    "casereview.workspace.transfer",
    "casereview.workspace.findings",
    "casereview.workspace.reports",
]

MIDDLEWARE = [
    "casereview.workspace.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casereview.workspace.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "casereview.workspace.middleware.NoStoreMiddleware",
    "casereview.workspace.audit.capture.AuditActorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "casereview.workspace.accounts.middleware.TwoFactorPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions and messages so its page renders like any other; the body is still unread here, since
    # CSRF reads it only in process_view, which runs after every middleware's first half.
    "casereview.workspace.middleware.RequestSizeLimitMiddleware",
    "casereview.workspace.middleware.AppErrorPagesMiddleware",
    "casereview.workspace.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

CSRF_FAILURE_VIEW = "casereview.workspace.views.csrf_failure"
ROOT_URLCONF = "casereview.workspace.urls"
WSGI_APPLICATION = "casereview.workspace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "casereview.workspace.jinja.environment",
            "autoescape": True,
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'casereview.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Write-ahead logging lets readers (a backup, other requests) go on while someone saves; with it,
            # NORMAL syncs at checkpoints only, and a power cut can lose the last commits but never corrupts.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A transaction takes the write lock when it begins, so one that reads and then writes waits its
            # turn behind another writer instead of failing with "database is locked" when it comes to write.
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the lock before giving up.
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SIGN_IN_WINDOW_MINUTES = env_int("SIGN_IN_WINDOW_MINUTES", 15, minimum=1)
SIGN_IN_FAILURES_PER_ACCOUNT = env_int("SIGN_IN_FAILURES_PER_ACCOUNT", 5, minimum=1)
SIGN_IN_FAILURES_PER_ADDRESS = env_int("SIGN_IN_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "reviews:register"
LOGOUT_REDIRECT_URL = "start"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Uploaded documents live outside the web root and are served only through a permission-checked view.
# Reminders of due steps (casereview remind): SMTP when EMAIL_HOST is set, else printed to the console.
_EMAIL = env_email()
EMAIL_BACKEND = _EMAIL.backend
EMAIL_HOST = _EMAIL.host
EMAIL_PORT = _EMAIL.port
EMAIL_HOST_USER = _EMAIL.user
EMAIL_HOST_PASSWORD = _EMAIL.password
EMAIL_USE_TLS = _EMAIL.use_tls
EMAIL_USE_SSL = _EMAIL.use_ssl
EMAIL_TIMEOUT = _EMAIL.timeout
DEFAULT_FROM_EMAIL = _EMAIL.sender
SERVER_EMAIL = _EMAIL.sender

UPLOAD_DIR = Path(env_str("CASEREVIEW_UPLOAD_DIR", str(DATA_DIR / "uploads")))
# Refused before it is read: an upload may be 20 MB (documents.services.MAX_BYTES), plus the form around it.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MEGABYTES", 25, minimum=1) * 1024 * 1024
# A review file holds all of a review's uploads, so its import page takes more (written to disk as it arrives).
MAX_IMPORT_BYTES = env_int("MAX_IMPORT_MEGABYTES", 500, minimum=1) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "casereview.workspace.documents.upload_handlers.RefuseUnusableNames",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Board reports made in the background wait here for their download, each for REPORT_KEEP_HOURS.
REPORT_DIR = Path(env_str("CASEREVIEW_REPORT_DIR", str(DATA_DIR / "reports")))
REPORT_KEEP_HOURS = env_int("REPORT_KEEP_HOURS", 24, minimum=1)
# A report still being made after this long is stopped and shown as failed (a 200-page PDF takes under a minute).
REPORT_TIME_LIMIT_SECONDS = env_int("REPORT_TIME_LIMIT_SECONDS", 600, minimum=10)
# Reports made at once; more wait their turn. Each PDF keeps a processor busy while it is laid out.
REPORT_JOBS_AT_ONCE = env_int("REPORT_JOBS_AT_ONCE", 2, minimum=1)

# Only a deployment that runs collectstatic needs STATIC_ROOT; WhiteNoise serves from the package otherwise.
STATIC_ROOT = env_str("STATIC_ROOT")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Serve straight from the package so a laptop run needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Renewed while the session is in use (IdleSessionMiddleware), so this is the idle time-out.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style: the one inline script, GOV.UK Frontend's js-enabled switch, carries the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
BEHIND_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
# The addresses the proxy connects from; only requests from them may say they came over HTTPS.
PROXY_ADDRESSES = env_addresses("PROXY_ADDRESSES", ["127.0.0.1", "::1"])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
