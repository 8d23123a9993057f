from django import forms

from .content import Options
from .sections import Section

FORMATS = {"pdf": "PDF", "docx": "Word (.docx)"}


class ReportForm(forms.Form):
    """What goes into a board report and in which file. Every section is chosen to begin with."""

    sections = forms.MultipleChoiceField(
        choices=[(section.value, section.label) for section in Section],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one section for the report"},
    )
    names = forms.ChoiceField(
        choices=[
            ("names", "By name"),
            ("roles", "By role only: every name casereview knows is replaced by the person's role"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the report names people or gives only their roles"},
    )
    format = forms.ChoiceField(
        choices=list(FORMATS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose PDF or Word"},
    )

    def options(self) -> Options:
        return Options(
            sections=frozenset(Section(value) for value in self.cleaned_data["sections"]),
            by_role=self.cleaned_data["names"] == "roles",
        )

    @classmethod
    def first_shown(cls) -> "ReportForm":
        return cls(initial={"sections": [section.value for section in Section], "names": "names", "format": "pdf"})
