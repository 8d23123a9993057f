from django import forms

from .models import causation_model_choices


class FrameworkForm(forms.Form):
    principles = forms.CharField(
        label="Just culture principles",
        max_length=20000,
        widget=forms.Textarea,
        error_messages={"required": "Write the principles that apply to all the partnership's reviews"},
    )
    causation_model_id = forms.ChoiceField(
        choices=causation_model_choices,
        label="Agreed model of organisational accident causation",
        error_messages={"required": "Choose the model the partnership has agreed"},
    )
