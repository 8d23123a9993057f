from django import forms

from ..documents.services import EMPTY_FILE
from ..forms import DateField
from . import services
from .models import Channel, CircumstanceKind, PartyGroup

YES_NO = [("yes", "Yes"), ("no", "No")]


class StatementForm(forms.Form):
    text = forms.CharField(
        label="Purpose statement",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Write the purpose statement"},
    )


class PartyForm(forms.Form):
    # Where each group comes from (the marker or local practice), shown beside it.
    group_sources = {group.value: group.source for group in PartyGroup}
    group = forms.ChoiceField(
        choices=PartyGroup.choices, label="Group", error_messages={"required": "Select the group they belong to"}
    )
    role = forms.CharField(
        max_length=200, label="Role", error_messages={"required": 'Enter their role, like "Health visitor"'}
    )
    organisation = forms.CharField(
        max_length=200,
        label="Agency or organisation",
        error_messages={"required": "Enter their agency or organisation"},
    )
    name = forms.CharField(max_length=200, required=False, label="Name (optional)")


class NotApplicableForm(forms.Form):
    reason = forms.CharField(
        max_length=5000,
        label="Why is nobody in this group to be told?",
        widget=forms.Textarea,
        error_messages={"required": "Explain why this group does not apply to this review"},
    )


class CommunicationForm(forms.Form):
    date = DateField(label="Date of the communication", required=True, past_only=True)
    channel = forms.ChoiceField(
        choices=Channel.choices, label="How", error_messages={"required": "Select how it was communicated"}
    )
    parties = forms.MultipleChoiceField(required=False, label="Parties")
    groups = forms.MultipleChoiceField(choices=PartyGroup.choices, required=False, label="Whole groups")
    summary = forms.CharField(
        max_length=50000,
        label="What was said",
        widget=forms.Textarea,
        error_messages={"required": "Write what was said, or paste the text of the letter or email"},
    )
    attachment = forms.FileField(
        required=False, label="Attach the letter or notes (optional)", error_messages={"empty": EMPTY_FILE}
    )
    explained_purpose = forms.ChoiceField(
        choices=YES_NO,
        label="Did it explain the purpose of the review?",
        error_messages={"required": "Select whether it explained the purpose of the review"},
    )
    receipt_confirmed = forms.ChoiceField(
        choices=YES_NO,
        label="Was receipt confirmed?",
        error_messages={"required": "Select whether receipt was confirmed"},
    )
    receipt_not_needed = forms.CharField(
        max_length=2000,
        required=False,
        label="Why receipt need not be confirmed (optional)",
        widget=forms.Textarea,
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.party_objects = {str(party.pk): party for party in parties}
        self.fields["parties"].choices = [(str(party.pk), str(party)) for party in parties]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parties") and not cleaned.get("groups") and "parties" not in self.errors:
            # With nobody on the register there are no party boxes: the error belongs to the whole groups.
            if self.party_objects:
                self.add_error("parties", "Select who it went to: at least one party or one whole group")
            else:
                self.add_error("groups", "Select the whole groups it went to, or add a party to the register first")
        return cleaned

    def communication_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "channel": data["channel"],
            "summary": data["summary"].strip(),
            "explained_purpose": data["explained_purpose"] == "yes",
            "receipt_confirmed": data["receipt_confirmed"] == "yes",
            # A reason is for a receipt not confirmed; with receipt confirmed it would only mislead a reader.
            "receipt_not_needed": "" if data["receipt_confirmed"] == "yes" else data["receipt_not_needed"].strip(),
            "parties": [self.party_objects[pk] for pk in data["parties"]],
            "groups": [PartyGroup(group) for group in data["groups"]],
            "attachment": data.get("attachment"),
        }


class CircumstanceForm(forms.Form):
    # Where each kind comes from (the marker or local practice), shown beside it.
    kind_sources = {kind.value: kind.source for kind in CircumstanceKind}
    kind = forms.ChoiceField(
        choices=CircumstanceKind.choices,
        label="What kind of circumstance is it?",
        error_messages={"required": "Select what kind of circumstance it is"},
    )
    description = forms.CharField(
        max_length=10000,
        label="What it is",
        widget=forms.Textarea,
        error_messages={"required": "Describe the circumstance"},
    )
    identified_on = DateField(label="Date identified", required=True)
    acknowledged_on = DateField(label="Date acknowledged")
    acknowledged_how = forms.CharField(
        max_length=10000, required=False, label="How it was acknowledged", widget=forms.Textarea
    )
    acknowledged_to = forms.CharField(max_length=300, required=False, label="To whom")
    shareable_text = forms.CharField(
        max_length=5000, required=False, label="What may be said about it in letters", widget=forms.Textarea
    )
    share_with = forms.MultipleChoiceField(choices=PartyGroup.choices, required=False, label="Whose letters may say it")

    date_fields = ("identified_on", "acknowledged_on")

    def clean(self):
        cleaned = super().clean()
        problems = services.acknowledgement_problems(
            cleaned.get("identified_on"),
            cleaned.get("acknowledged_on"),
            cleaned.get("acknowledged_how", ""),
            cleaned.get("acknowledged_to", ""),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        if cleaned.get("share_with") and not cleaned.get("shareable_text", "").strip():
            self.add_error(
                "shareable_text",
                "Write what the letters may say about it, or untick the groups whose letters may say it",
            )
        return cleaned

    def circumstance_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"].strip(),
            "identified_on": data["identified_on"],
            "acknowledged_on": data["acknowledged_on"],
            "acknowledged_how": data["acknowledged_how"].strip(),
            "acknowledged_to": data["acknowledged_to"].strip(),
            "shareable_text": data["shareable_text"].strip(),
            "share_with": [PartyGroup(group).value for group in data["share_with"]],
        }


class LetterForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title", error_messages={"required": "Give the letter a title"})
    letter_date = DateField(label="Date of the letter", required=True)
    contact = forms.CharField(
        max_length=300,
        label="Who to contact",
        error_messages={"required": "Enter who the reader should contact, with how to reach them"},
    )
    text = forms.CharField(
        max_length=50000, label="Letter", widget=forms.Textarea, error_messages={"required": "Write the letter"}
    )
