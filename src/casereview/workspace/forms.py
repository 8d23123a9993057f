"""Form pieces shared by every app: the GOV.UK date input as a Django field, the status of a form's page, and the
page of a form that a service saves."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

_PARTS = ("day", "month", "year")


def form_status(form: forms.Form) -> int:
    """The status of a page showing the form: 400 when it came back with something to put right, so a refusal
    is not reported as a success."""
    return 400 if form.is_bound and form.errors else 200


class InputError(ValueError):
    """What someone entered cannot be right; ``problems`` maps each field to a message saying what to do. Each
    app's services raise their own kind of it."""

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


def add_problems(form: forms.Form, problems: Mapping[str, str]) -> None:
    """Put what a service refused onto the form, beside its field (at the top for one the form lacks)."""
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    context: dict,
    save: Callable[[], Any],
    saved: str | Callable[[Any], str],
    done: str,
    *,
    saving: bool = True,
) -> HttpResponse:
    """Every page of a form a service saves: on a valid POST (unless ``saving`` is False: a button that only
    shows something), save; what the service refuses (``InputError``) goes onto the form beside its field; once
    saved, say so (``saved``, or made from what ``save`` returned) and go to ``done``."""
    if saving and request.method == "POST" and form.is_valid():
        try:
            result = save()
        except InputError as refused:
            add_problems(form, refused.problems)
        else:
            messages.success(request, saved(result) if callable(saved) else saved)
            return redirect(done)
    return render(request, template, {"form": form, **context}, status=form_status(form))


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
