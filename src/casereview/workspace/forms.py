"""Form pieces shared by every app: the GOV.UK date input as a Django field, and the status of a form's page."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

_PARTS = ("day", "month", "year")


def form_status(form: forms.Form) -> int:
    """The status of a page showing the form: 400 when it came back with something to put right, so a refusal
    is not reported as a success."""
    return 400 if form.is_bound and form.errors else 200


class DateInputWidget(forms.MultiWidget):
    """Three boxes named ``<name>-day``, ``<name>-month`` and ``<name>-year``, as the GOV.UK pattern has."""

    def __init__(self) -> None:
        super().__init__(widgets=[forms.TextInput() for _ in _PARTS])

    def value_from_datadict(self, data, files, name: str) -> list[str | None]:
        return [data.get(f"{name}-{part}") for part in _PARTS]

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in _PARTS)

    def decompress(self, value: datetime.date | None) -> list[str | None]:
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages for each way it can be wrong."""

    widget = DateInputWidget

    def __init__(self, *, label: str, required: bool = False, past_only: bool = False, **kwargs) -> None:
        self.field_label = label
        self.past_only = past_only
        fields = tuple(forms.CharField(required=False) for _ in _PARTS)
        super().__init__(fields=fields, require_all_fields=False, required=required, label=label, **kwargs)

    def clean(self, value: list[str] | None) -> datetime.date | None:
        parts = [(item or "").strip() for item in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter the {self.field_label.lower()}")
            return None
        missing = [name for name, part in zip(_PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{self.field_label} must include a {' and a '.join(missing)}")
        try:
            day, month, year = (int(part) for part in parts)
        except ValueError:
            raise ValidationError(f"{self.field_label} must be a real date, like 27 3 2026") from None
        if len(parts[2]) != 4:
            raise ValidationError(f"Year of the {self.field_label.lower()} must include 4 numbers")
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.field_label} must be a real date, like 27 3 2026") from None
        if self.past_only and value > timezone.localdate():
            raise ValidationError(f"{self.field_label} must be today or in the past")
        return value

    def compress(self, data_list: list) -> None:  # clean() does the whole job
        raise NotImplementedError
