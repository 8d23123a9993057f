"""The Jinja2 environment: our templates first, then the GOV.UK Frontend macros."""

import datetime
import functools
import logging
import os

from django import forms
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, PackageLoader, PrefixLoader

from casereview.markers import Answer, Judgement, MarkerSummary, Progress
from casereview.timescales import Basis, State, Status

log = logging.getLogger(__name__)


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
    """The task-list status of a marker: its judgement once made, otherwise how far answering has got. A marker
    casereview holds only in part never reads as ready: its questions held are not the whole of it."""
    if summary.progress is Progress.JUDGED:
        tag = judgement_tag(summary.judgement)
        if summary.partial:
            tag = {**tag, "text": f"{tag['text']} (marker held in part)"}
        return {"tag": tag}
    if summary.progress is Progress.ANSWERED:
        if summary.partial:
            return {
                "tag": {"text": "Questions held answered (marker held in part)", "classes": "govuk-tag--light-blue"}
            }
        return {"tag": {"text": "Ready to judge", "classes": "govuk-tag--blue"}}
    if summary.progress is Progress.IN_PROGRESS:
        return {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
    return {"text": "Not started"}


class _CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled by one process kept for the next, in the cache folder the language rules use: a server
    then starts without seconds of compiling every template. Jinja checks each against its source, so an edited
    template is compiled again; a folder that cannot be read or written only costs the time, never a page."""

    warned = False

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as error:
            if not self.warned:
                self.warned = True
                log.warning(
                    "Cannot keep compiled templates in %s (%s): each process compiles them.", self.directory, error
                )


def _compiled_templates() -> FileSystemBytecodeCache | None:
    from casereview.language.matcher import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    return _CompiledTemplates(str(folder / "templates"))


def marker_hint(summary: MarkerSummary) -> str:
    """The task-list hint of a marker: how far its questions are answered, and whether it is held only in part."""
    if summary.partial:
        return f"{summary.questions_text}. casereview holds only part of this marker."
    return summary.questions_text


_CLOCK_TAGS = {
    State.NOT_STARTED: "govuk-tag--grey",
    State.DUE: "govuk-tag--blue",
    State.DUE_TODAY: "govuk-tag--yellow",
    State.OVERDUE: "govuk-tag--red",
    State.DONE: "govuk-tag--green",
    State.DONE_LATE: "govuk-tag--orange",
}
_BASIS_LABELS = {Basis.STATUTORY: "Statutory", Basis.NATIONAL: "National expectation", Basis.LOCAL: "Local"}


def clock_tag(status: Status) -> dict:
    """A step's status as a tag: "Overdue by 2 working days", "Done late by 1 working day"."""
    text = str(status)
    return {"text": text[0].upper() + text[1:], "classes": _CLOCK_TAGS[status.state]}


def basis_label(basis: Basis) -> str:
    return _BASIS_LABELS[basis]


def environment(**options) -> Environment:
    options.setdefault("bytecode_cache", _compiled_templates())
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
        marker_hint=marker_hint,
        clock_tag=clock_tag,
        basis_label=basis_label,
    )
    env.filters.update(date=format_date, datetime=format_datetime)
    return env
