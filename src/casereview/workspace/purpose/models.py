"""The records that answer the marker Clarity of purpose: the purpose statement, who must understand it,
what they were told, and what complicates the learning purpose."""

from django.conf import settings
from django.db import models

from casereview.markers import CircumstanceKind as MarkerCircumstanceKind

from ..documents.models import Document
from ..reviews.models import Review
from ..wording.models import digest


class PartyGroup(models.TextChoices):
    """Who must understand the purpose. The first four are the groups Clarity of purpose names in its first
    question; "The family" comes from the marker Informing the family and local practice, and "Others" from local
    practice alone. ``source`` says which, on the page as in the code."""

    BOARD = "board", "Board (partnership) members"
    AGENCY_LEADERS = "agency_leaders", "Leaders of involved agencies"
    PRACTITIONERS = "practitioners", "Practitioners directly involved"
    REVIEWERS = "reviewers", "Those conducting the review"
    FAMILY = "family", "The family"
    OTHERS = "others", "Others"

    @property
    def source(self) -> str:
        return _GROUP_SOURCES.get(self, "Named in question 1 of Clarity of purpose (SCR Quality Markers)")


_GROUP_SOURCES = {
    PartyGroup.FAMILY: "From the marker Informing the family, and local practice; not named by Clarity of purpose",
    PartyGroup.OTHERS: "From local practice; not named by the markers",
}


class Channel(models.TextChoices):
    MEETING = "meeting", "Meeting"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    BRIEFING = "briefing", "Briefing session"
    PHONE = "phone", "Phone"


_CHANNEL_LABELS = dict(Channel.choices)


class CircumstanceKind(models.TextChoices):
    """What can complicate the learning purpose. Most are named by the rationale of Clarity of purpose; parallel
    processes and family expectations come from the marker Parallel processes and from practice, and "Other" from
    local practice. ``source`` says which, on the page as in the code; ``marker_kind`` is the name framework files
    use for the kind (``circumstances: parallel-process``)."""

    MEDIA = "media", "Media interest"
    POLITICAL = "political", "Government or political expectations"
    DISCIPLINARY = (
        "disciplinary",
        "Expectations that individuals or agencies will face disciplinary or capability action",
    )
    BLAME_SEEKING = "blame_seeking", "Senior managers looking for someone to blame"
    BELOW_STANDARD = "below_standard", "Practice below expected standards that agencies expect to be told of"
    PARALLEL = "parallel", "Parallel criminal, coroner, HR or regulatory processes"
    FAMILY = "family", "Family expectations"
    OTHER = "other", "Other"

    @property
    def source(self) -> str:
        return _KIND_SOURCES.get(self, "Named in the rationale of Clarity of purpose (SCR Quality Markers)")

    @property
    def marker_kind(self) -> MarkerCircumstanceKind:
        if self is CircumstanceKind.PARALLEL:
            return MarkerCircumstanceKind.PARALLEL_PROCESS
        return MarkerCircumstanceKind(self.value.replace("_", "-"))


_KIND_SOURCES = {
    CircumstanceKind.PARALLEL: "From the marker Parallel processes, and practice; not named by Clarity of purpose",
    CircumstanceKind.FAMILY: "From the marker Parallel processes, and practice; not named by Clarity of purpose",
    CircumstanceKind.OTHER: "From local practice; not named by the markers",
}


class PurposeStatement(models.Model):
    """One version of the review's purpose statement. Versions are never changed; the latest is current."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="purpose_statements")
    version = models.PositiveIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="one_purpose_version_number")]

    def __str__(self) -> str:
        return f"{self.review} purpose statement, version {self.version}"


class GroupNotApplicable(models.Model):
    """A group that has nobody to tell in this review, and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="groups_not_applicable")
    group = models.CharField(max_length=30, choices=PartyGroup.choices)
    reason = models.TextField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "group"], name="one_not_applicable_per_group")]

    def __str__(self) -> str:
        return f"{self.get_group_display()} not applicable to {self.review}"


class Party(models.Model):
    """Someone who must understand the purpose. A role is enough; a name is optional."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parties")
    group = models.CharField(max_length=30, choices=PartyGroup.choices)
    role = models.CharField(max_length=200)
    organisation = models.CharField("Agency or organisation", max_length=200)
    name = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Removing a party keeps it for the communications that name it; it leaves the register.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "organisation", "role", "pk"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        who = f"{self.name}, {self.role}" if self.name else self.role
        return f"{who} ({self.organisation})"


class Communication(models.Model):
    """A communication about the review's purpose, to parties and/or whole groups."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="communications")
    date = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    parties = models.ManyToManyField(Party, blank=True, related_name="communications")
    groups = models.JSONField("Whole groups", default=list, blank=True)
    summary = models.TextField("What was said")
    # The digest of ``summary``, kept by ``save()``: pages that show only the one-line verdict of its wording
    # check find the stored check by it, without reading the text (a review's letters can be long).
    summary_digest = models.CharField(max_length=64, blank=True, editable=False)
    attachment = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    explained_purpose = models.BooleanField("It explained the purpose of the review")
    receipt_confirmed = models.BooleanField("Receipt was confirmed")
    # Telling someone needs their receipt: without it, the reason it need not be confirmed (a briefing they
    # attended, a letter handed over in a meeting) lets the communication count as telling them.
    receipt_not_needed = models.TextField("Why receipt need not be confirmed", blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} of {self.date} ({self.review})"

    def save(self, *args, **kwargs) -> None:
        self.summary_digest = digest(self.summary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "summary" in update_fields:
            kwargs["update_fields"] = {*update_fields, "summary_digest"}
        super().save(*args, **kwargs)

    @property
    def group_labels(self) -> list[str]:
        return [PartyGroup(group).label for group in self.groups]

    @property
    def received(self) -> bool:
        """Whether the communication counts as reaching its people: receipt confirmed, or a reason it need not be."""
        return self.receipt_confirmed or bool(self.receipt_not_needed.strip())

    @property
    def channel_label(self) -> str:
        """``get_channel_display()`` without flattening the choices on every call: pages name many."""
        return _CHANNEL_LABELS[self.channel]


class Circumstance(models.Model):
    """A factor that complicates the learning purpose, and whether and how it was acknowledged."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="circumstances")
    kind = models.CharField(max_length=30, choices=CircumstanceKind.choices)
    description = models.TextField("What it is")
    identified_on = models.DateField("Date identified")
    acknowledged_on = models.DateField("Date acknowledged", null=True, blank=True)
    acknowledged_how = models.TextField("How it was acknowledged", blank=True)
    acknowledged_to = models.CharField("To whom", max_length=300, blank=True)
    # What a letter may say about it, and to which groups. The description is the team's own record (it can
    # hold what the police asked to be kept back), so nothing of it goes into a letter unless said here.
    shareable_text = models.TextField("What may be said about it in letters", blank=True)
    share_with = models.JSONField("Groups whose letters may say it", default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["identified_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.review})"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_on is not None

    @property
    def kind_value(self) -> CircumstanceKind:
        return CircumstanceKind(self.kind)

    @property
    def share_with_labels(self) -> list[str]:
        return [PartyGroup(group).label for group in self.share_with]


class LetterDraft(models.Model):
    """One saved version of the briefing letter to one group. Versions are never changed; the latest is the
    draft the letter page opens. ``document`` is the Word file made from this version, kept so that the file
    logged as sent is the very file that was downloaded."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="letter_drafts")
    group = models.CharField(max_length=30, choices=PartyGroup.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    letter_date = models.DateField("Date of the letter")
    contact = models.CharField("Contact", max_length=300)
    text = models.TextField()
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["review", "group", "version"], name="one_letter_version_number")]

    def __str__(self) -> str:
        return f"letter for {PartyGroup(self.group).label.lower()}, version {self.version} ({self.review})"
