from django import forms

from casereview.timescales import Direction, Period, Unit

from ..forms import DateField
from ..reviews.models import ReviewType
from .models import DIRECTION_CHOICES, UNIT_CHOICES, ExtensionKind


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


class ClosureForm(forms.Form):
    day = DateField(label="Date", required=True)
    description = forms.CharField(
        label="What it is",
        max_length=200,
        error_messages={"required": 'Say what the closure is, like "Office closed between Christmas and New Year"'},
    )


class PeriodForm(forms.Form):
    amount = forms.IntegerField(
        label="How many",
        error_messages={"required": "Enter how many days or months", "invalid": "Enter a whole number, like 20"},
    )
    unit = forms.ChoiceField(choices=UNIT_CHOICES, label="Of what", error_messages={"required": "Select the unit"})
    direction = forms.ChoiceField(
        choices=DIRECTION_CHOICES,
        label="Before or after the date it counts from",
        initial="after",
        error_messages={"required": "Select before or after"},
    )

    def period(self) -> Period:
        return Period(
            amount=self.cleaned_data["amount"],
            unit=Unit(self.cleaned_data["unit"]),
            direction=Direction(self.cleaned_data["direction"]),
        )


class LocalStepForm(PeriodForm):
    review_type = forms.ChoiceField(
        choices=ReviewType.choices, label="Type of review", error_messages={"required": "Select the type of review"}
    )
    name = forms.CharField(
        label="What must be done",
        max_length=300,
        error_messages={"required": 'Say what must be done, like "Agency chronologies received"'},
    )
    step_id = forms.CharField(
        label="Short name",
        max_length=100,
        error_messages={"required": "Enter a short name, like agency-chronologies"},
    )
    counts_from = forms.CharField(
        label="Counts from",
        max_length=100,
        error_messages={"required": "Enter the step or key date it counts from, like initiation"},
    )
    field_order = ["review_type", "name", "step_id", "counts_from", "amount", "unit", "direction"]
