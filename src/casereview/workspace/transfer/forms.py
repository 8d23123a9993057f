from django import forms

from ..documents.services import EMPTY_FILE


class ExportForm(forms.Form):
    with_concerns = forms.BooleanField(
        required=False,
        label="Include concerns about individual practitioners, their just culture guide runs and the log of "
        "information shared with agencies",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Review file (.zip)",
        error_messages={"required": "Choose the review file (.zip) to import", "empty": EMPTY_FILE},
    )
