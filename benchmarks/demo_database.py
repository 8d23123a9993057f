"""The demonstration partnerships in a database of the benchmark's own, for benchmarks that time the workspace
on them (``report_speed.py``, ``recurrence_speed.py``)."""

from __future__ import annotations

import os
from pathlib import Path


def prepare(database_url: str | None, folder: Path, *, debug: bool = False) -> None:
    """Django set up on ``database_url`` (or a new SQLite file in ``folder``, which also holds uploads), migrated,
    with the demonstration data loaded."""
    if debug:
        os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["CASEREVIEW_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/benchmark.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from casereview.workspace.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
