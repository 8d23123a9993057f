from django import forms

from ..forms import DateField
from .models import EventKind
from .services import record_types


class TrailFilterForm(forms.Form):
    review = forms.ChoiceField(required=False, label="Review")
    username = forms.ChoiceField(required=False, label="Who")
    kind = forms.ChoiceField(required=False, label="Action", choices=[("", "Any action"), *EventKind.choices])
    record_type = forms.ChoiceField(required=False, label="Record")
    other_username = forms.CharField(required=False, max_length=150, label="Or someone else, by username")
    since = DateField(label="From")
    until = DateField(label="To")

    def __init__(self, *args, reviews, usernames, **kwargs):
        """``usernames`` are the partnership's members; anyone else in the trail is found by typing."""
        super().__init__(*args, **kwargs)
        self.review_objects = {str(review.pk): review for review in reviews}
        self.fields["review"].choices = [("", "All reviews")] + [(str(r.pk), r.reference) for r in reviews]
        self.fields["username"].choices = [("", "Anyone")] + [(name, name) for name in usernames]
        self.fields["record_type"].choices = [("", "Any record"), *record_types()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "To must be the same as or after From")
        if cleaned.get("username") and (cleaned.get("other_username") or "").strip():
            self.add_error("other_username", "Choose a member or type a username, not both")
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "review": self.review_objects.get(data["review"]),
            "username": data["username"] or data["other_username"].strip(),
            "kind": data["kind"],
            "record_type": data["record_type"],
            "since": data["since"],
            "until": data["until"],
        }
