from django import forms
from django.utils import timezone

from ..forms import DateField
from .models import Response, Status
from .services import agency_list


class CodeChoices(forms.MultipleChoiceField):
    """Checkboxes whose posted values the service judges, not the form: a code from another partnership's
    model gets the service's message saying whose it is, not "Select a valid choice"."""

    def valid_value(self, value: str) -> bool:
        return True


class FindingForm(forms.Form):
    statement = forms.CharField(
        label="Finding",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Write the finding: what the review learned about how the system works"},
    )
    evidence = forms.CharField(label="Evidence", max_length=50000, required=False, widget=forms.Textarea)
    documents = forms.MultipleChoiceField(required=False, label="Documents the evidence rests on")
    categories = CodeChoices(required=False, label="Causation categories")
    themes = CodeChoices(required=False, label="Themes")

    def __init__(self, *args, documents, categories, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.document_records = {str(document.pk): document for document in documents}
        self.fields["documents"].choices = [(key, str(item)) for key, item in self.document_records.items()]
        self.fields["categories"].choices = categories
        self.fields["themes"].choices = themes

    def finding_fields(self) -> dict:
        return {
            "statement": self.cleaned_data["statement"],
            "evidence": self.cleaned_data["evidence"],
            "categories": self.cleaned_data["categories"],
            "themes": self.cleaned_data["themes"],
            "documents": [self.document_records[key] for key in self.cleaned_data["documents"]],
        }


RESPONSE_CHOICES = [("", "Not responded to yet"), *Response.choices]


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Write the recommendation"},
    )
    findings = forms.MultipleChoiceField(required=False, label="Findings it rests on")
    to_board = forms.BooleanField(required=False, label="The board")
    agencies = forms.CharField(label="Agencies", max_length=5000, required=False, widget=forms.Textarea)
    made_on = DateField(label="Date made", required=False)
    response = forms.ChoiceField(choices=RESPONSE_CHOICES, required=False, label="The board's response")
    response_reason = forms.CharField(
        label="Reason for the response", max_length=20000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding_records = {str(finding.pk): finding for finding in findings}
        self.fields["findings"].choices = [
            (key, f"Finding {finding.number}: {finding.statement[:120]}")
            for key, finding in self.finding_records.items()
        ]

    def recommendation_fields(self) -> dict:
        return {
            "text": self.cleaned_data["text"],
            "findings": [self.finding_records[key] for key in self.cleaned_data["findings"]],
            "to_board": self.cleaned_data["to_board"],
            "agencies": agency_list(self.cleaned_data["agencies"]),
            "made_on": self.cleaned_data["made_on"],
            "response": self.cleaned_data["response"],
            "response_reason": self.cleaned_data["response_reason"],
        }


class ActionForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="Recommendation", error_messages={"required": "Choose the recommendation the action is for"}
    )
    description = forms.CharField(
        label="What will be done",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Say what will be done"},
    )
    agency = forms.CharField(
        label="Agency",
        max_length=200,
        error_messages={"required": "Enter the agency that will do it, like “Northtown NHS Trust”"},
    )
    responsible = forms.CharField(
        label="Person responsible",
        max_length=200,
        error_messages={"required": "Enter the person responsible, by role or name"},
    )
    due_on = DateField(label="Due date", required=True)

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation_records = {str(item.pk): item for item in recommendations}
        self.fields["recommendation"].choices = [("", "Choose a recommendation")] + [
            (key, f"Recommendation {item.number}: {item.text[:100]}")
            for key, item in self.recommendation_records.items()
        ]

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("description", "agency", "responsible", "due_on")}


class ActionChangeForm(ActionForm):
    """The action's own fields; the recommendation it is on stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, recommendations=[], **kwargs)
        del self.fields["recommendation"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Status.choices, label="Status", error_messages={"required": "Choose the action's status"}
    )
    done_on = DateField(label="Date done", required=False)
    done_evidence = forms.CharField(
        label="Evidence it was done", max_length=20000, required=False, widget=forms.Textarea
    )
    not_doing_reason = forms.CharField(
        label="Why it is not being done", max_length=20000, required=False, widget=forms.Textarea
    )

    def status_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("status", "done_on", "done_evidence", "not_doing_reason")}


class NoteForm(forms.Form):
    noted_on = DateField(label="Date", required=True, past_only=True)
    text = forms.CharField(
        label="Progress",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Say what progress was made"},
    )


class ImpactForm(forms.Form):
    what_changed = forms.CharField(
        label="What changed",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Say what changed for children, adults, families or practitioners"},
    )
    how_known = forms.CharField(
        label="How it was known",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Say how it was known: an audit, feedback, figures, an inspection"},
    )
    checked_on = DateField(label="Date checked", required=True)


class PlanFilterForm(forms.Form):
    """The action plan's filters, sent by GET so a filtered plan has an address and needs no script."""

    agency = forms.ChoiceField(required=False, label="Agency")
    review = forms.ChoiceField(required=False, label="Review")
    theme = forms.ChoiceField(required=False, label="Theme")
    status = forms.ChoiceField(required=False, label="Status")

    def __init__(self, *args, agencies, reviews, themes, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_records = {str(review.pk): review for review in reviews}
        self.fields["agency"].choices = [("", "All agencies")] + [(name, name) for name in agencies]
        self.fields["review"].choices = [("", "All reviews")] + [
            (key, review.reference) for key, review in self.review_records.items()
        ]
        self.fields["theme"].choices = [("", "All themes")] + themes
        self.fields["status"].choices = statuses

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        review = self.review_records.get(data.get("review") or "")
        return {
            "agency": data.get("agency") or "",
            "review_id": review.pk if review else None,
            "theme": data.get("theme") or "",
            "status": data.get("status") or "open",
        }


class AnnualReportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("adults", "Safeguarding Adults Reviews"), ("children", "Child safeguarding practice reviews")],
        label="Which reviews",
        error_messages={"required": "Choose which reviews the section is about"},
    )
    year = forms.TypedChoiceField(
        coerce=int,
        label="Year (1 April to 31 March)",
        error_messages={"required": "Choose the year"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = today.year if today.month >= 4 else today.year - 1
        self.fields["year"].choices = [
            (str(year), f"April {year} to March {year + 1}") for year in range(current, current - 6, -1)
        ]


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Theme", max_length=200, error_messages={"required": "Enter the theme, like “Cuckooing”"}
    )


class RemovalForm(forms.Form):
    """The confirmation of a removal. ``actions_shown``: the ids of the actions the page said would go with a
    recommendation, so that one planned meanwhile is not removed unseen."""

    actions_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def shown(self) -> list[int]:
        return [int(part) for part in self.cleaned_data["actions_shown"].split() if part.isdigit()]
