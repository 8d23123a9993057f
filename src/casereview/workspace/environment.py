"""Typed reading of configuration from the environment. A bad value stops start-up with a clear message."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or 1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value}.")
    return value


def env_database(name: str, default: str, **options) -> dict:
    """The database settings from a URL such as postgres://user:password@host:5432/name."""
    import dj_database_url

    raw = env_str(name, default)
    try:
        config = dj_database_url.parse(raw, **options)
    except (ValueError, KeyError) as problem:
        raise ImproperlyConfigured(
            f"{name} is not a database URL we can use ({problem}). Use sqlite:///path/to/file.sqlite3 or "
            "postgres://user:password@host:5432/name."
        ) from None
    if config.get("ENGINE") not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(f"{name} must name a SQLite or PostgreSQL database, not {config.get('ENGINE')}.")
    return config


def env_str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name)
    return raw if raw not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_addresses(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks such as 10.0.0.0/8."""
    import ipaddress

    addresses = env_list(name, default)
    for address in addresses:
        try:
            ipaddress.ip_network(address)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (such as 127.0.0.1 or 10.0.0.0/8), "
                f"separated by commas; {address!r} is neither."
            ) from None
    return addresses


def serving_checks() -> None:
    """Refuse to serve with settings that would be unsafe or broken, saying what to do."""
    from django.conf import settings

    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        secret_key = ""
    if not secret_key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment to a long random string "
            "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true on a laptop for a demonstration."
        )


@dataclass(frozen=True)
class EmailSettings:
    backend: str
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool
    timeout: int
    sender: str


def env_email() -> EmailSettings:
    """Django's email settings from the environment. Without EMAIL_HOST, email is printed to the console (a
    laptop or a trial); with it, sent by SMTP."""
    host = env_str("EMAIL_HOST")
    sender = env_str("EMAIL_FROM", "casereview@localhost")
    if "@" not in sender:
        raise ImproperlyConfigured(f"EMAIL_FROM must be an email address, like reviews@example.org, not {sender!r}.")
    if host is None:
        return EmailSettings("django.core.mail.backends.console.EmailBackend", "", 25, "", "", False, False, 30, sender)
    use_tls = env_bool("EMAIL_USE_TLS", True)
    use_ssl = env_bool("EMAIL_USE_SSL", False)
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: use TLS (STARTTLS, usually port 587) or SSL "
            "(usually port 465)."
        )
    port = env_int("EMAIL_PORT", 465 if use_ssl else 587, minimum=1)
    if port > 65535:
        raise ImproperlyConfigured(f"EMAIL_PORT must be a port number up to 65535, not {port}.")
    return EmailSettings(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=host,
        port=port,
        user=env_str("EMAIL_HOST_USER", ""),
        password=env_str("EMAIL_HOST_PASSWORD", ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=env_int("EMAIL_TIMEOUT_SECONDS", 30, minimum=1),
        sender=sender,
    )
