from django import forms

from ..forms import DateField
from .models import ActKind

YES_NO = [("yes", "Yes"), ("no", "No")]


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ActKind.choices,
        label="Is the concern about something they did, or something they did not do?",
        error_messages={"required": "Select whether it is about something they did or did not do"},
    )
    description = forms.CharField(
        max_length=10000,
        label="What was done, or not done",
        widget=forms.Textarea,
        error_messages={"required": "Describe the one act or omission the concern is about"},
    )
    role = forms.CharField(
        max_length=200, label="Their role", error_messages={"required": 'Enter their role, like "Social worker"'}
    )
    organisation = forms.CharField(
        max_length=200,
        label="Agency or organisation",
        error_messages={"required": "Enter their agency or organisation"},
    )
    name = forms.CharField(max_length=200, required=False, label="Name (only if needed)")
    raised_on = DateField(label="Date the concern arose", required=True, past_only=True)

    def concern_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"].strip(),
            "role": data["role"].strip(),
            "organisation": data["organisation"].strip(),
            "name": data["name"].strip(),
            "raised_on": data["raised_on"],
        }


class AnswerForm(forms.Form):
    # The id of the question the page showed, so an answer is never taken as one to another question.
    question = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=YES_NO, error_messages={"required": "Select yes or no"})
    note = forms.CharField(
        max_length=10000,
        label="What is this answer based on?",
        widget=forms.Textarea,
        error_messages={
            "required": "Write a note on what the answer is based on, such as the records or who was asked"
        },
    )


class DisclosureForm(forms.Form):
    what = forms.CharField(
        max_length=10000,
        label="What was shared",
        widget=forms.Textarea,
        error_messages={"required": "Describe what information was shared"},
    )
    shared_with = forms.CharField(
        max_length=300,
        label="Who it was shared with",
        error_messages={"required": 'Enter the agency and the role, like "Northtown NHS Trust, head of HR"'},
    )
    shared_on = DateField(label="Date shared", required=True, past_only=True)
    why = forms.CharField(
        max_length=10000,
        label="Why it was shared",
        widget=forms.Textarea,
        error_messages={"required": "Say why it was shared, for example for the agency's disciplinary process"},
    )
    concern = forms.ChoiceField(required=False, label="Which concern is it about? (optional)")

    def __init__(self, *args, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.concern_objects = {str(concern.pk): concern for concern in concerns}
        self.fields["concern"].choices = [("", "Not about a recorded concern")] + [
            (str(c.pk), f"The {c.role} ({c.organisation}), concern of {c.raised_on:%-d %B %Y}") for c in concerns
        ]

    def disclosure_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "what": data["what"].strip(),
            "shared_with": data["shared_with"].strip(),
            "shared_on": data["shared_on"],
            "why": data["why"].strip(),
            "concern": self.concern_objects.get(data["concern"]),
        }
