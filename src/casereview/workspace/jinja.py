"""The Jinja2 environment: our templates first, then the GOV.UK Frontend macros."""

import datetime
import functools

from django import forms
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from casereview.markers import Answer, Judgement, MarkerSummary, Progress


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


@functools.lru_cache(maxsize=4096)
def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def format_date(value: datetime.date | None) -> str:
    # Pages show the same few dates many times over (every mention of a communication); formatting one is
    # slower than looking it up.
    return _date(value) if value else ""


def format_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def date_parts(field: forms.BoundField) -> list[str]:
    """Day, month and year as the user typed them, or as stored, for the GOV.UK date input."""
    value = field.value()
    if isinstance(value, datetime.date):
        value = field.field.widget.decompress(value)
    return [item or "" for item in (value or ["", "", ""])]


def first_error(field: forms.BoundField) -> dict | None:
    """The GOV.UK errorMessage option for a field: its first error, or None."""
    return {"text": field.errors[0]} if field.errors else None


def error_list(form: forms.Form) -> list[dict]:
    """Every error in the form, linked to its field, for the GOV.UK error summary."""
    first_visible = next((field for field in form.visible_fields()), None)
    whole_form_anchor = f"#{first_visible.id_for_label}" if first_visible else "#main-content"
    items = [{"text": error, "href": whole_form_anchor} for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        anchor = f"#id_{name}-day" if isinstance(form.fields[name].widget, forms.MultiWidget) else f"#id_{name}"
        items.extend({"text": error, "href": anchor} for error in errors)
    return items


_JUDGEMENT_TAGS = {
    Judgement.MET: "govuk-tag--green",
    Judgement.PARTLY_MET: "govuk-tag--yellow",
    Judgement.NOT_MET: "govuk-tag--red",
    Judgement.NOT_JUDGED: "govuk-tag--grey",
}
_ANSWER_TAGS = {
    Answer.YES: "govuk-tag--green",
    Answer.PARTLY: "govuk-tag--yellow",
    Answer.NO: "govuk-tag--red",
    Answer.NOT_APPLICABLE: "govuk-tag--grey",
    Answer.NOT_ANSWERED: "govuk-tag--grey",
}


def judgement_tag(judgement: Judgement) -> dict:
    return {"text": judgement.label, "classes": _JUDGEMENT_TAGS[judgement]}


def answer_tag(answer: Answer) -> dict:
    return {"text": answer.label, "classes": _ANSWER_TAGS[answer]}


def marker_status(summary: MarkerSummary) -> dict:
    """The task-list status of a marker: its judgement once made, otherwise how far answering has got."""
    if summary.progress is Progress.JUDGED:
        return {"tag": judgement_tag(summary.judgement)}
    if summary.progress is Progress.ANSWERED:
        return {"tag": {"text": "Ready to judge", "classes": "govuk-tag--blue"}}
    if summary.progress is Progress.IN_PROGRESS:
        return {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
    return {"text": "Not started"}


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env = Environment(**options)  # noqa: S701 - autoescape is switched on in settings.TEMPLATES
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        date_parts=date_parts,
        first_error=first_error,
        error_list=error_list,
        Answer=Answer,
        Judgement=Judgement,
        answer_tag=answer_tag,
        judgement_tag=judgement_tag,
        marker_status=marker_status,
    )
    env.filters.update(date=format_date, datetime=format_datetime)
    return env
