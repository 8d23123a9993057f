"""Typed reading of configuration from the environment. A bad value stops start-up with a clear message."""

from __future__ import annotations

import os

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
