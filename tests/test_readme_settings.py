"""Every setting read from the environment is in the README's settings table, so an administrator can find the
one that stops sign-in working on plain HTTP (SECURE_COOKIES) without reading the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_FROM_THE_ENVIRONMENT = re.compile(r'env_(?:bool|int|str|list|addresses|database)\(\s*"([A-Z_]+)"')


def _table_names() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z_]+)`", row.split("|")[1])}


def test_every_setting_read_from_the_environment_is_in_the_readme_table():
    settings = (ROOT / "src/casereview/workspace/settings.py").read_text(encoding="utf-8")
    read = set(READ_FROM_THE_ENVIRONMENT.findall(settings))
    assert {"SECURE_COOKIES", "DEBUG", "DATABASE_URL"} <= read  # the pattern still finds what settings.py reads
    assert read - _table_names() == set()
