from django import forms

from casereview.markers import Answer, Judgement

from . import services


class _VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class AnswerForm(_VersionedForm):
    answer = forms.ChoiceField(
        choices=[(a.value, a.label) for a in Answer],
        label="Your answer",
        error_messages={"required": "Select an answer", "invalid_choice": "Select one of the answers shown"},
    )
    evidence = forms.CharField(required=False, max_length=20000, label="Evidence", widget=forms.Textarea)

    def clean(self):
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if answer and services.missing_explanation(Answer(answer), cleaned.get("evidence", "")):
            self.add_error("evidence", "Write the evidence for this answer, or choose Not yet answered")
        return cleaned


class JudgementForm(_VersionedForm):
    judgement = forms.ChoiceField(
        choices=[(j.value, j.label) for j in Judgement],
        label="Judgement",
        error_messages={"required": "Select a judgement", "invalid_choice": "Select one of the judgements shown"},
    )
    rationale = forms.CharField(required=False, max_length=20000, label="Rationale", widget=forms.Textarea)
    confirmation = forms.CharField(
        required=False,
        max_length=20000,
        label="Why does the judgement stand despite this?",
        widget=forms.Textarea,
    )

    def clean(self):
        cleaned = super().clean()
        judgement = cleaned.get("judgement")
        if judgement and services.missing_explanation(Judgement(judgement), cleaned.get("rationale", "")):
            self.add_error("rationale", "Explain the reasons for this judgement, or choose Not yet judged")
        return cleaned
