"""Clarity of purpose in practice: the rules over the purpose records, and the evidence drawn from them.

Every change checks that the user may change the review's purpose records. Callers have already found the
review through ``reviews.services.get_review``, so it belongs to one of the user's partnerships.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casereview.markers import Evidence, Judgement, Marker, Records

from ..accounts.permissions import Action, NotFound
from ..accounts.services import require
from ..changes import UNCHANGED, write
from ..clocks.services import timeliness
from ..documents.models import Document
from ..documents.services import atomic_with_uploads, document_path, store_upload
from ..findings.services import actions_evidence, findings_evidence, recommendations_evidence
from ..findings.services import evidence_lines as findings_evidence_lines
from ..learning.services import framework_of
from ..reviews.models import Review, ReviewType
from ..wording.results import CheckSummary
from ..wording.services import store_check, stored_summaries_by_digest, stored_wording
from . import letters
from .models import (
    Circumstance,
    CircumstanceKind,
    Communication,
    GroupNotApplicable,
    LetterDraft,
    Party,
    PartyGroup,
    PurposeStatement,
)

# --- purpose statement -------------------------------------------------------------------------------

_REVIEW_NAMES = {
    ReviewType.SCR: "serious case review",
    ReviewType.RAPID_REVIEW: "rapid review",
    ReviewType.LCSPR: "local child safeguarding practice review",
    ReviewType.SAR_MANDATORY: "safeguarding adults review",
    ReviewType.SAR_DISCRETIONARY: "safeguarding adults review",
    ReviewType.DHR: "domestic homicide review",
    ReviewType.OTHER: "learning review",
}
_ADULT_TYPES = {ReviewType.SAR_MANDATORY, ReviewType.SAR_DISCRETIONARY, ReviewType.DHR}


def markers_served(review: Review) -> tuple[Marker, ...]:
    """The markers of the review's framework that its purpose records are evidence for, by the framework file."""
    return review.framework.markers_evidenced_by(Records.PURPOSE)


def review_name(review: Review) -> str:
    return _REVIEW_NAMES[ReviewType(review.review_type)]


def suggested_statement(review: Review) -> str:
    """A first purpose statement, in plain words, for the business manager to adapt."""
    person = "adult" if review.review_type in _ADULT_TYPES else "child"
    return (
        f"{review.partnership.name} is carrying out a {review_name(review)} about {review.reference}. "
        "Its purpose is organisational learning and improvement: to understand what happened and why, "
        f"how agencies worked together to protect the {person}, and what made good practice easier or "
        "harder at the time, so that services improve and similar harm is less likely to happen again.\n\n"
        "The review is not designed to apportion blame to any person or agency. Errors happen in every "
        "complex system; where the review finds problems, it will look at the conditions that made them "
        "more likely and recommend changes to those conditions. Practitioners who take part will be "
        "supported, and their accounts will be used to understand the system they worked in.\n\n"
        "We will be open about any problems the review identifies and about the action that agencies take "
        "in response."
    )


def current_statement(review: Review) -> PurposeStatement | None:
    return review.purpose_statements.select_related("written_by").first()


def statement_versions(review: Review) -> list[PurposeStatement]:
    return list(review.purpose_statements.select_related("written_by"))


@transaction.atomic
def save_statement(user: AbstractBaseUser, review: Review, text: str) -> tuple[PurposeStatement, bool]:
    """Save the text as a new version; returns (current version, whether a new one was made).

    Saving the same text again makes no new version.
    """
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    text = text.strip()
    # Lock the review row so two saves at once cannot take the same version number.
    Review.objects.select_for_update().filter(pk=review.pk).first()
    current = current_statement(review)
    if current is not None and current.text == text:
        return current, False
    version = (current.version if current else 0) + 1
    store_check(text)
    return PurposeStatement.objects.create(review=review, version=version, text=text, written_by=user), True


# --- parties and groups --------------------------------------------------------------------------------


def active_parties(review: Review) -> list[Party]:
    return list(review.parties.filter(removed_at__isnull=True))


def get_party(review: Review, party_id: int) -> Party:
    try:
        return review.parties.get(pk=party_id, removed_at__isnull=True)
    except Party.DoesNotExist:
        raise NotFound("No such party") from None


@transaction.atomic
def add_party(
    user: AbstractBaseUser, review: Review, *, group: str, role: str, organisation: str, name: str = ""
) -> Party:
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    return Party.objects.create(
        review=review, added_by=user, group=group, role=role, organisation=organisation, name=name
    )


@transaction.atomic
def update_party(user: AbstractBaseUser, party: Party, *, group: str, role: str, organisation: str, name: str) -> Party:
    require(user, Action.EDIT_PURPOSE_RECORDS, party.review.partnership)
    party.group, party.role, party.organisation, party.name = group, role, organisation, name
    party.save()
    return party


@transaction.atomic
def remove_party(user: AbstractBaseUser, party: Party) -> None:
    """Take the party off the register; communications that name it keep it."""
    require(user, Action.EDIT_PURPOSE_RECORDS, party.review.partnership)
    if party.communications.exists():
        party.removed_at = timezone.now()
        party.save(update_fields=["removed_at"])
    else:
        party.delete()


@transaction.atomic
def set_group_not_applicable(user: AbstractBaseUser, review: Review, group: PartyGroup, reason: str) -> None:
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    GroupNotApplicable.objects.update_or_create(
        review=review, group=group, defaults={"reason": reason.strip(), "marked_by": user}
    )


@transaction.atomic
def set_group_applicable(user: AbstractBaseUser, review: Review, group: PartyGroup) -> None:
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    GroupNotApplicable.objects.filter(review=review, group=group).delete()


# --- communications --------------------------------------------------------------------------------------


# The communications log shows this many to a page, newest first (the model's ordering).
LOG_PAGE_SIZE = 25


def _name_parties(logged: list[Communication]) -> list[Communication]:
    """Give each communication ``named_parties``, the parties it names in the register's order: two queries
    however many communications, and each party made once, not once for every communication naming it."""
    links = Communication.parties.through.objects.filter(communication__in=[c.pk for c in logged]).values_list(
        "communication_id", "party_id"
    )
    naming: dict[int, list[int]] = defaultdict(list)
    for communication_id, party_id in links:
        naming[communication_id].append(party_id)
    wanted = {party_id for party_ids in naming.values() for party_id in party_ids}
    parties = list(Party.objects.filter(pk__in=wanted)) if wanted else []
    order = {party.pk: position for position, party in enumerate(parties)}
    by_id = {party.pk: party for party in parties}
    for communication in logged:
        communication.named_parties = [by_id[pk] for pk in sorted(naming[communication.pk], key=order.__getitem__)]
    return logged


def communications(review: Review, *, text: bool = True) -> list[Communication]:
    """Every communication of the review, in the log's order (newest first), with ``named_parties``. Without
    ``text``, what was said is left unread: some communications are whole letters, and who was told when
    needs none of it."""
    logged = review.communications.all() if text else review.communications.defer("summary")
    return _name_parties(list(logged))


def communications_page(review: Review, number: object) -> Page:
    """One page of the communications log, read in the same few queries however many are logged. A number
    past the end gives the last page and one that is not a number the first, as a person following an old
    link would want."""
    page = Paginator(review.communications.select_related("attachment"), LOG_PAGE_SIZE).get_page(number)
    page.object_list = _name_parties(list(page.object_list))
    return page


def log_page_of(communication: Communication) -> int:
    """The page of the communications log that shows the communication."""
    newer = communication.review.communications.filter(
        Q(date__gt=communication.date) | Q(date=communication.date, pk__gt=communication.pk)
    ).count()
    return newer // LOG_PAGE_SIZE + 1


def get_communication(review: Review, communication_id: int) -> Communication:
    try:
        return review.communications.get(pk=communication_id)
    except Communication.DoesNotExist:
        raise NotFound("No such communication") from None


@atomic_with_uploads()
def save_communication(
    user: AbstractBaseUser,
    review: Review,
    *,
    communication: Communication | None = None,
    parties: Iterable[Party],
    groups: Iterable[PartyGroup],
    attachment: UploadedFile | None = None,
    letter: LetterDraft | None = None,
    date: datetime.date = UNCHANGED,
    channel: str = UNCHANGED,
    summary: str = UNCHANGED,
    explained_purpose: bool = UNCHANGED,
    receipt_confirmed: bool = UNCHANGED,
    receipt_not_needed: str = UNCHANGED,
) -> Communication:
    """Log a new communication, or change one. The attachment is checked before anything is saved, and its file
    is kept only if the communication is. A letter drafted here attaches the Word file made of it, the same
    file that was downloaded, unless a file is chosen instead.

    Raises documents.services.UploadRejected if the attachment cannot be accepted.
    """
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    document = store_upload(user, review, attachment) if attachment else None
    if document is None and letter is not None:
        document = letter_document(user, letter)
    if communication is None:
        communication = Communication(review=review, logged_by=user)
    write(
        communication,
        date=date,
        channel=channel,
        summary=summary,
        explained_purpose=explained_purpose,
        receipt_confirmed=receipt_confirmed,
        receipt_not_needed=receipt_not_needed,
    )
    communication.groups = [PartyGroup(group).value for group in groups]
    if document is not None:
        communication.attachment = document
    communication.save()
    communication.parties.set(list(parties))
    store_check(communication.summary)
    return communication


# --- complicating circumstances ---------------------------------------------------------------------------


def circumstances(review: Review) -> list[Circumstance]:
    return list(review.circumstances.all())


def get_circumstance(review: Review, circumstance_id: int) -> Circumstance:
    try:
        return review.circumstances.get(pk=circumstance_id)
    except Circumstance.DoesNotExist:
        raise NotFound("No such circumstance") from None


def acknowledgement_problems(
    identified_on: datetime.date | None, acknowledged_on: datetime.date | None, how: str, to_whom: str
) -> dict[str, str]:
    """Why a circumstance's dates or acknowledgement cannot be saved, by field: it is identified today or earlier;
    an acknowledgement needs its date, how it was made and to whom."""
    problems: dict[str, str] = {}
    if identified_on is not None and identified_on > timezone.localdate():
        problems["identified_on"] = "Date identified must be today or in the past"
    if acknowledged_on is None and (how.strip() or to_whom.strip()):
        problems["acknowledged_on"] = "Enter the date it was acknowledged, or clear how and to whom"
    if acknowledged_on is not None:
        if not how.strip():
            problems["acknowledged_how"] = "Say how it was acknowledged, for example in the letter to agency leaders"
        if not to_whom.strip():
            problems["acknowledged_to"] = "Say to whom it was acknowledged"
        if identified_on and acknowledged_on < identified_on:
            problems["acknowledged_on"] = "Date acknowledged must be the same as or after the date identified"
        if acknowledged_on > timezone.localdate():
            problems["acknowledged_on"] = "Date acknowledged must be today or in the past"
    return problems


@transaction.atomic
def save_circumstance(
    user: AbstractBaseUser,
    review: Review,
    *,
    circumstance: Circumstance | None = None,
    kind: str = UNCHANGED,
    description: str = UNCHANGED,
    identified_on: datetime.date = UNCHANGED,
    acknowledged_on: datetime.date | None = UNCHANGED,
    acknowledged_how: str = UNCHANGED,
    acknowledged_to: str = UNCHANGED,
    shareable_text: str = UNCHANGED,
    share_with: list[str] = UNCHANGED,
) -> Circumstance:
    """Record a complicating circumstance, or change the fields given of one."""
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    if circumstance is None:
        circumstance = Circumstance(review=review)
    write(
        circumstance,
        kind=kind,
        description=description,
        identified_on=identified_on,
        acknowledged_on=acknowledged_on,
        acknowledged_how=acknowledged_how,
        acknowledged_to=acknowledged_to,
        shareable_text=shareable_text,
        share_with=share_with,
    )
    circumstance.recorded_by = user
    circumstance.save()
    return circumstance


# --- briefing letters ---------------------------------------------------------------------------------------


def default_contact(user: AbstractBaseUser, review: Review) -> str:
    """Whom a new letter names to contact: the person drafting it, as the partnership's."""
    name = user.get_full_name() or user.get_username()
    return f"{name}, {review.partnership.name}"


def letter_drafts(review: Review, group: PartyGroup) -> list[LetterDraft]:
    """The saved versions of the group's letter, the latest first."""
    return list(review.letter_drafts.filter(group=group.value).select_related("saved_by", "document"))


def get_letter_draft(review: Review, draft_id: int) -> LetterDraft:
    try:
        return review.letter_drafts.select_related("document").get(pk=draft_id)
    except LetterDraft.DoesNotExist:
        raise NotFound("No such letter") from None


def draft_for(user: AbstractBaseUser, review: Review, audience: letters.Audience) -> letters.Letter:
    """A fresh letter for the audience from the records as they are now."""
    return letters.draft_letter(
        review,
        audience,
        current_statement(review),
        circumstances(review),
        framework_of(review.partnership),
        review_name=review_name(review),
        contact=default_contact(user, review),
    )


@transaction.atomic
def save_letter(
    user: AbstractBaseUser,
    review: Review,
    group: PartyGroup,
    *,
    title: str,
    text: str,
    letter_date: datetime.date,
    contact: str,
) -> tuple[LetterDraft, bool]:
    """Keep the letter as a new version of the group's draft; returns (that version, whether it is new). Saving
    what the latest version already holds makes no new version, so downloading twice gives the same file."""
    require(user, Action.EDIT_PURPOSE_RECORDS, review.partnership)
    # Lock the review row so two saves at once cannot take the same version number.
    Review.objects.select_for_update().filter(pk=review.pk).first()
    fields = {"title": title.strip(), "text": text.strip(), "letter_date": letter_date, "contact": contact.strip()}
    latest = review.letter_drafts.filter(group=group.value).first()
    if latest is not None and all(getattr(latest, name) == value for name, value in fields.items()):
        return latest, False
    store_check(fields["text"])
    version = (latest.version if latest else 0) + 1
    draft = LetterDraft.objects.create(review=review, group=group.value, version=version, saved_by=user, **fields)
    return draft, True


def letter_filename(review: Review, group: PartyGroup) -> str:
    """The name a letter is downloaded under: the review's reference as it is, and whom the letter is for."""
    return f"{review.reference} - letter for {group.label.lower()}.docx"


def letter_document(user: AbstractBaseUser, draft: LetterDraft) -> Document:
    """The Word file of this version of the letter, made once and kept: the file downloaded, and the file a
    communication logging the letter attaches, are the same bytes."""
    return letter_file(user, draft)[0]


@atomic_with_uploads()
def letter_file(user: AbstractBaseUser, draft: LetterDraft) -> tuple[Document, bytes]:
    """The Word file of this version of the letter and its bytes, made and stored the first time it is asked for.
    A file just made is returned from memory: it is in place under its own name only once this commits."""
    require(user, Action.EDIT_PURPOSE_RECORDS, draft.review.partnership)
    LetterDraft.objects.select_for_update().filter(pk=draft.pk).first()
    draft.refresh_from_db(fields=["document"])
    if draft.document is not None:
        return draft.document, document_path(draft.document).read_bytes()
    review = draft.review
    content = letters.letter_docx(
        draft.title,
        draft.text,
        author=review.partnership.name,
        letter_date=draft.letter_date,
        contact=draft.contact,
        now=timezone.now(),
    )
    # A reference like "CSPR 2026/03" is not a folder: stored names keep only what follows a slash.
    name = letter_filename(review, PartyGroup(draft.group)).replace("/", "-").replace("\\", "-")
    draft.document = store_upload(user, review, SimpleUploadedFile(name, content))
    draft.save(update_fields=["document"])
    return draft.document, content


# --- evidence for the marker's indicators ------------------------------------------------------------------


class CoverageStatus(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    NOBODY_REGISTERED = "nobody_registered"
    ALL_TOLD = "all_told"
    SOME_TOLD = "some_told"
    NONE_TOLD = "none_told"


@dataclass
class PartyCoverage:
    party: Party
    told_by: list[Communication] = field(default_factory=list)
    sent_unconfirmed: list[Communication] = field(default_factory=list)
    contacted_without_purpose: list[Communication] = field(default_factory=list)
    missed_group_communications: list[Communication] = field(default_factory=list)

    @property
    def told(self) -> bool:
        return bool(self.told_by)


@dataclass
class GroupCoverage:
    group: PartyGroup
    not_applicable: GroupNotApplicable | None
    parties: list[PartyCoverage]
    group_communications: list[Communication]

    @property
    def told_count(self) -> int:
        return sum(1 for party in self.parties if party.told)

    @property
    def unconfirmed_count(self) -> int:
        """Parties sent the purpose whose receipt is not confirmed: not told yet, but not to be sent it again."""
        return sum(1 for party in self.parties if not party.told and party.sent_unconfirmed)

    @property
    def status(self) -> CoverageStatus:
        if self.not_applicable is not None:
            return CoverageStatus.NOT_APPLICABLE
        if not self.parties:
            return CoverageStatus.NOBODY_REGISTERED
        if self.told_count == len(self.parties):
            return CoverageStatus.ALL_TOLD
        return CoverageStatus.SOME_TOLD if self.told_count else CoverageStatus.NONE_TOLD


def coverage(review: Review, logged: list[Communication] | None = None) -> list[GroupCoverage]:
    """For each group, who has had a communication that explained the purpose, and who has not.

    Being told needs the receipt: a communication that explained the purpose tells its people only when receipt
    was confirmed or a reason it need not be was recorded; until then it is "sent, not confirmed".
    A communication to a whole group reaches the parties who were on the register when it was logged;
    a party added later is not assumed to have had it. ``logged`` is ``communications(review)`` when the
    caller has it already. One pass over the communications; each party then reads only those that reach it.
    """
    logged = communications(review, text=False) if logged is None else logged
    not_applicable = {item.group: item for item in review.groups_not_applicable.all()}
    naming: dict[int, set[int]] = defaultdict(set)  # party id -> positions in ``logged`` of those naming it
    to_group: dict[str, list[int]] = defaultdict(list)
    for position, communication in enumerate(logged):
        for party in communication.named_parties:
            naming[party.pk].add(position)
        for group in dict.fromkeys(communication.groups):
            to_group[group].append(position)
    registered: dict[str, list[Party]] = defaultdict(list)
    for party in active_parties(review):
        registered[party.group].append(party)
    result = []
    for group in PartyGroup:
        via_group = to_group[group.value]
        parties = []
        for party in registered[group.value]:
            item = PartyCoverage(party)
            named = naming[party.pk]
            for position in sorted(named.union(via_group)):
                communication = logged[position]
                if position not in named and party.added_at > communication.logged_at:
                    item.missed_group_communications.append(communication)
                elif not communication.explained_purpose:
                    item.contacted_without_purpose.append(communication)
                elif communication.received:
                    item.told_by.append(communication)
                else:
                    item.sent_unconfirmed.append(communication)
            parties.append(item)
        result.append(GroupCoverage(group, not_applicable.get(group.value), parties, [logged[p] for p in via_group]))
    return result


@dataclass(frozen=True)
class MarkerEvidenceShown:
    """Evidence a framework file names for a whole marker, as the marker's page shows it."""

    kind: Evidence
    found: object
    circumstance_kind: CircumstanceKind | None = None

    @property
    def circumstance_label(self) -> str:
        return self.circumstance_kind.label if self.circumstance_kind else ""


def marker_evidence(marker: Marker, found: dict[Evidence, object]) -> list[MarkerEvidenceShown]:
    """The evidence for the whole marker, from what ``evidence`` found for the marker's page: complicating
    circumstances narrowed to one kind show only that kind."""
    shown = []
    for kind, narrowed_to in marker.marker_evidence:
        records = found[kind]
        circumstance_kind = None
        if narrowed_to is not None:
            circumstance_kind = next(c for c in CircumstanceKind if c.marker_kind is narrowed_to)
            records = [c for c in records if c.kind_value is circumstance_kind]
        shown.append(MarkerEvidenceShown(kind, records, circumstance_kind))
    return shown


_GROUP_ORDER = tuple(PartyGroup.values)


@dataclass(frozen=True)
class LoggedCommunication:
    """A communication as the marker page lists it, in one line that links to it in the log."""

    communication: Communication
    log_page: int
    check: CheckSummary

    @property
    def named_count(self) -> int:
        return len(self.communication.named_parties)

    @property
    def named(self) -> list[str]:
        """The groups of the parties it names, in the groups' order."""
        present = {party.group for party in self.communication.named_parties}
        return [group for group in _GROUP_ORDER if group in present]


def _summaries(logged: Iterable[Communication]) -> dict[Communication, str]:
    """The texts of communications read without them, in one query."""
    by_id = {communication.pk: communication for communication in logged}
    texts = Communication.objects.filter(pk__in=by_id).values_list("pk", "summary")
    return {by_id[pk]: summary for pk, summary in texts}


def evidence(review: Review, kinds: Iterable[Evidence]) -> dict[Evidence, object]:
    """What the records show for each kind of evidence the page's indicators name, computed once per page.

    The communications come as one line each, with their page in the log, not with their whole text: a
    review with a hundred of them, some of them long letters, would otherwise make a page of many hundred
    kilobytes that nobody reads through. The log shows each in full."""
    wanted = set(kinds)
    found: dict[Evidence, object] = {}
    needs_logged = wanted & {Evidence.PARTIES_TOLD, Evidence.PURPOSE_COMMUNICATIONS}
    logged = communications(review, text=False) if needs_logged else []
    if Evidence.PARTIES_TOLD in wanted:
        found[Evidence.PARTIES_TOLD] = coverage(review, logged)
    if Evidence.PURPOSE_COMMUNICATIONS in wanted:
        statement = current_statement(review)
        checks = stored_summaries_by_digest(
            {communication: communication.summary_digest for communication in logged},
            lambda lacking: _summaries(lacking),
        )
        found[Evidence.PURPOSE_COMMUNICATIONS] = {
            "statement": statement,
            "statement_wording": stored_wording(statement.text) if statement is not None else None,
            "communications": [
                LoggedCommunication(communication, position // LOG_PAGE_SIZE + 1, checks[communication])
                for position, communication in enumerate(logged)
            ],
        }
    if Evidence.COMPLICATING_CIRCUMSTANCES in wanted:
        found[Evidence.COMPLICATING_CIRCUMSTANCES] = circumstances(review)
    if Evidence.LEARNING_FRAMEWORK in wanted:
        found[Evidence.LEARNING_FRAMEWORK] = framework_of(review.partnership)
    if Evidence.TIMELINESS in wanted:
        found[Evidence.TIMELINESS] = timeliness(review)
    if Evidence.FINDINGS in wanted:
        found[Evidence.FINDINGS] = findings_evidence(review)
    if Evidence.RECOMMENDATIONS in wanted:
        found[Evidence.RECOMMENDATIONS] = recommendations_evidence(review)
    if Evidence.ACTIONS in wanted:
        found[Evidence.ACTIONS] = actions_evidence(review)
    return found


def judgement_against_records(marker: Marker, found: dict[Evidence, object], judgement: Judgement) -> list[str]:
    """Where a "Met" judgement goes against the purpose records that evidence the marker: a group not all told,
    nobody registered in a group that applies, a complicating circumstance not acknowledged. ``found`` is what
    ``evidence`` found for the marker's page."""
    if judgement is not Judgement.MET:
        return []
    problems: list[str] = []
    for group in found.get(Evidence.PARTIES_TOLD, ()):
        untold = [str(item.party) for item in group.parties if not item.told]
        if group.status is CoverageStatus.NOBODY_REGISTERED:
            problems.append(
                f"The records show nobody registered in “{group.group.label}”, and it is not marked as not applicable."
            )
        elif untold:
            problems.append(f"The records show “{group.group.label}” not all told: {'; '.join(untold)}.")
    for circumstance in _circumstances_shown(marker, found):
        if not circumstance.acknowledged:
            problems.append(
                f"The records show a complicating circumstance not acknowledged: {circumstance.get_kind_display()}."
            )
    return problems


def _circumstances_shown(marker: Marker, found: dict[Evidence, object]) -> list[Circumstance]:
    """The complicating circumstances the marker's page shows: all of them under a question, or those of the kind
    the framework file narrows the marker's evidence to."""
    if Evidence.COMPLICATING_CIRCUMSTANCES in marker.evidence_under_questions:
        return found[Evidence.COMPLICATING_CIRCUMSTANCES]
    for item in marker_evidence(marker, found):
        if item.kind is Evidence.COMPLICATING_CIRCUMSTANCES:
            return item.found
    return []


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def evidence_text(kind: Evidence, found: object) -> str:
    """What the records show for one kind of evidence, as plain sentences a person can copy into an answer's
    evidence and edit. The same records as the marker page's panel, in words."""
    lines: list[str] = []
    if kind is Evidence.PARTIES_TOLD:
        for group in found:
            label = group.group.label
            if group.not_applicable is not None:
                lines.append(f"{label}: not applicable ({group.not_applicable.reason}).")
            elif not group.parties:
                lines.append(f"{label}: nobody registered.")
            else:
                told = [
                    f"{item.party} ({', '.join(_day(c.date) for c in item.told_by)})"
                    for item in group.parties
                    if item.told
                ]
                unconfirmed = [
                    f"{item.party} ({', '.join(_day(c.date) for c in item.sent_unconfirmed)})"
                    for item in group.parties
                    if not item.told and item.sent_unconfirmed
                ]
                untold = [str(item.party) for item in group.parties if not item.told and not item.sent_unconfirmed]
                line = f"{label}: {group.told_count} of {len(group.parties)} told"
                line += f"; told: {'; '.join(told)}" if told else ""
                line += f"; sent, not confirmed: {'; '.join(unconfirmed)}" if unconfirmed else ""
                line += f"; not yet told: {'; '.join(untold)}" if untold else ""
                lines.append(line + ".")
    elif kind is Evidence.PURPOSE_COMMUNICATIONS:
        statement = found["statement"]
        lines.append(
            f"Purpose statement version {statement.version}, {_day(statement.written_at.date())}."
            if statement is not None
            else "No purpose statement written yet."
        )
        for logged in found["communications"]:
            communication = logged.communication
            explained = "explained the purpose" if communication.explained_purpose else "did not explain the purpose"
            lines.append(f"{communication.channel_label} of {_day(communication.date)}: {explained}.")
        if not found["communications"]:
            lines.append("No communication about the purpose logged.")
    elif kind in (Evidence.FINDINGS, Evidence.RECOMMENDATIONS, Evidence.ACTIONS):
        lines.extend(findings_evidence_lines(found))
    elif kind is Evidence.COMPLICATING_CIRCUMSTANCES:
        for circumstance in found:
            if circumstance.acknowledged:
                state = f"acknowledged {_day(circumstance.acknowledged_on)} to {circumstance.acknowledged_to}"
            else:
                state = "not yet acknowledged"
            lines.append(f"{circumstance.get_kind_display()}, identified {_day(circumstance.identified_on)}: {state}.")
        if not found:
            lines.append("No complicating circumstance recorded.")
    return "\n".join(lines)
