from django import forms

from .permissions import Role


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows, like 123456")
        return code


class PolicyForm(forms.Form):
    two_factor_roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, label="Roles that must use an authenticator app"
    )
