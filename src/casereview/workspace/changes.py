"""Writing the fields a service is given, each named as a keyword argument of the service, so a misspelt field
is a TypeError rather than a silent attribute on the record.

A service that both creates and changes a record defaults each field to ``UNCHANGED``: a field left out keeps
its value (a new record, its default), as a caller changing one field expects.
"""

from __future__ import annotations

from typing import Any


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


def write(record: Any, **fields: Any) -> None:
    """Set on the record each field given a value; those left ``UNCHANGED`` stay as they are."""
    for name, value in fields.items():
        if value is not UNCHANGED:
            setattr(record, name, value)
