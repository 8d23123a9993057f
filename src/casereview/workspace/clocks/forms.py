from django import forms

from ..forms import DateField
from .models import ExtensionKind


class StepRecordForm(forms.Form):
    done_on = DateField(label="Date done")
    lateness_reason = forms.CharField(
        label="Reason for lateness", max_length=5000, required=False, widget=forms.Textarea
    )
    circumstance = forms.ChoiceField(label="Complicating circumstance behind the lateness", required=False)

    def __init__(self, *args, circumstances, **kwargs):
        super().__init__(*args, **kwargs)
        self.circumstances = {str(item.pk): item for item in circumstances}
        self.fields["circumstance"].choices = [("", "None")] + [
            (key, f"{item.get_kind_display()}: {item.description[:80]}") for key, item in self.circumstances.items()
        ]

    def record_fields(self) -> dict:
        return {
            "done_on": self.cleaned_data["done_on"],
            "lateness_reason": self.cleaned_data["lateness_reason"],
            "circumstance": self.circumstances.get(self.cleaned_data["circumstance"]),
        }


class ExtensionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ExtensionKind.choices,
        label="Is it a pause or an extension?",
        error_messages={"required": "Select whether it is a pause or an extension"},
    )
    due_on = DateField(label="New due date", required=True)
    reason = forms.CharField(
        label="Why", max_length=5000, widget=forms.Textarea, error_messages={"required": "Say why it was agreed"}
    )
    agreed_by = forms.CharField(
        label="Agreed by",
        max_length=300,
        error_messages={"required": 'Enter who agreed it, like "Independent chair and the Panel"'},
    )
    agreed_on = DateField(label="Date agreed", required=True, past_only=True)

    def extension_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("kind", "due_on", "reason", "agreed_by", "agreed_on")}
