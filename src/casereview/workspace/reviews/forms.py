from django import forms

from ..forms import DateField
from . import services
from .models import Review, ReviewType, Stage, framework_choices


class ReviewForm(forms.Form):
    """The register entry of a review. ``partnerships`` are those the user may create reviews in."""

    partnership = forms.ModelChoiceField(queryset=None, empty_label=None, required=True)
    reference = forms.CharField(
        max_length=100,
        label="Anonymised reference",
        error_messages={"required": 'Enter an anonymised reference, like "Child H"'},
    )
    review_type = forms.ChoiceField(
        choices=ReviewType.choices, label="Type of review", error_messages={"required": "Select the type of review"}
    )
    stage = forms.ChoiceField(choices=Stage.choices, label="Stage", initial=Stage.REFERRAL)
    framework_id = forms.ChoiceField(
        choices=framework_choices,
        label="Quality markers to apply",
        error_messages={"required": "Select the quality markers to apply"},
    )
    lead_reviewer = forms.ChoiceField(required=False, label="Lead reviewer")
    incident_date = DateField(label="Date of the serious incident")
    aware_date = DateField(label="Date the local authority became aware of the incident")
    notification_date = DateField(label="Date of notification")
    decision_date = DateField(label="Date of the decision to review")
    initiation_date = DateField(label="Date the review started")
    publication_date = DateField(label="Date of publication")

    date_fields = services.DATE_ORDER
    # What each key date is, where people mix them up: the clocks count from awareness, not from notification.
    date_hints = {
        "aware_date": (
            "The day the local authority learnt of the serious incident. The Panel must be notified within 5 working "
            "days of it, so the first deadline counts from this date. For example, 27 3 2026"
        ),
        "notification_date": (
            "The day the Child Safeguarding Practice Review Panel or the partnership was notified of the incident. "
            "For example, 27 3 2026"
        ),
    }

    def __init__(self, *args, partnerships, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].error_messages["required"] = "Select the partnership the review belongs to"
        if review is not None:
            del self.fields["partnership"]
        scope = [review.partnership] if review is not None else list(partnerships)
        candidates = services.lead_reviewer_candidates(scope)
        self.lead_reviewers = {str(m.user_id): m.user for m in candidates}
        self.fields["lead_reviewer"].choices = [("", "Not assigned yet")] + [
            (str(m.user_id), f"{m.user.get_full_name() or m.user.get_username()} ({m.partnership})") for m in candidates
        ]

    def clean_reference(self) -> str:
        return " ".join(self.cleaned_data["reference"].split())

    def clean(self):
        cleaned = super().clean()
        for name, message in services.date_problems(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        partnership = cleaned.get("partnership") or (self.review.partnership if self.review else None)
        lead = cleaned.get("lead_reviewer")
        if partnership and lead and not services.is_lead_reviewer_of(int(lead), partnership):
            self.add_error("lead_reviewer", f"Choose a lead reviewer of {partnership}, or Not assigned yet")
        reference = cleaned.get("reference")
        if partnership and reference and services.reference_taken(partnership, reference, excluding=self.review):
            self.add_error("reference", services.reference_taken_message(partnership, reference))
        return cleaned

    @classmethod
    def initial_from(cls, review: Review) -> dict:
        initial = {
            name: getattr(review, name)
            for name in ("reference", "review_type", "stage", "framework_id", *cls.date_fields)
        }
        initial["lead_reviewer"] = str(review.lead_reviewer_id or "")
        return initial

    def review_fields(self) -> dict:
        fields = {
            name: self.cleaned_data[name]
            for name in ("reference", "review_type", "stage", "framework_id", *self.date_fields)
        }
        fields["lead_reviewer"] = self.lead_reviewers.get(self.cleaned_data["lead_reviewer"])
        return fields


class CloseForm(forms.Form):
    """When and why a review was closed."""

    closed_on = DateField(label="Date closed", required=True)
    closure_reason = forms.CharField(
        max_length=5000,
        required=False,
        label="Why was it closed?",
        widget=forms.Textarea,
    )

    date_fields = ("closed_on",)

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean(self):
        cleaned = super().clean()
        if "closed_on" in self.errors:
            return cleaned
        problems = services.closure_problems(self.review, cleaned.get("closed_on"), cleaned.get("closure_reason", ""))
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned


class RegisterFilterForm(forms.Form):
    """The register's filters, read from the address (GET), so a filtered register can be bookmarked."""

    stage = forms.ChoiceField(required=False, label="Stage")
    review_type = forms.ChoiceField(required=False, label="Type of review")
    lead_reviewer = forms.ChoiceField(required=False, label="Lead reviewer")
    archived = forms.ChoiceField(required=False, choices=[("", "Hide"), ("show", "Show")])
    sort = forms.ChoiceField(required=False, choices=[(name, name) for name in services.REGISTER_SORTS])
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, lead_reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Any stage"), *Stage.choices]
        self.fields["review_type"].choices = [("", "Any type"), *ReviewType.choices]
        self.fields["lead_reviewer"].choices = [("", "Anyone"), *((str(pk), name) for pk, name in lead_reviewers)]

    def filters(self) -> services.RegisterFilters:
        lead = self.cleaned_data.get("lead_reviewer")
        return services.RegisterFilters(
            stage=self.cleaned_data.get("stage") or "",
            review_type=self.cleaned_data.get("review_type") or "",
            lead_reviewer_id=int(lead) if lead else None,
            include_archived=self.cleaned_data.get("archived") == "show",
        )
