from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from ..access import review_view
from ..accounts.permissions import Action
from ..accounts.services import may
from ..audit.services import record_taken_out
from ..documents.services import UploadRejected
from ..forms import form_status
from ..pagination import pagination
from ..reviews.models import Review
from ..wording.services import draft_wording, stored_wording, stored_wordings
from . import letters, services
from .forms import CircumstanceForm, CommunicationForm, LetterForm, NotApplicableForm, PartyForm, StatementForm
from .models import LetterDraft, PartyGroup


@review_view(Action.VIEW_REVIEWS)
def overview(request: HttpRequest, review: Review) -> HttpResponse:
    groups = services.coverage(review)
    circumstances = services.circumstances(review)
    statement = services.current_statement(review)
    return render(
        request,
        "purpose/overview.html",
        {
            "review": review,
            "statement": statement,
            "statement_wording": stored_wording(statement.text) if statement else None,
            "groups": groups,
            "communication_count": review.communications.count(),
            "circumstances": circumstances,
            "unacknowledged": [c for c in circumstances if not c.acknowledged],
            "markers_served": services.markers_served(review),
            "may_edit": may(request.user, Action.EDIT_PURPOSE_RECORDS, review.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def statement(request: HttpRequest, review: Review) -> HttpResponse:
    current = services.current_statement(review)
    initial = {"text": current.text if current else services.suggested_statement(review)}
    form = StatementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") != "check":
        saved, created = services.save_statement(request.user, review, form.cleaned_data["text"])
        messages.success(request, f"Saved as version {saved.version}." if created else "No change: nothing saved.")
        return redirect("purpose:overview", review_id=review.pk)
    # The saved statement's check is stored; a draft, or the suggested first statement, is checked now.
    if current is not None and not form.is_bound:
        checked = stored_wording(current.text)
    else:
        checked = draft_wording(_draft(form["text"].value()))
    return render(
        request,
        "purpose/statement.html",
        {
            "review": review,
            "form": form,
            "current": current,
            "suggested": current is None,
            "checked": checked,
        },
        status=form_status(form),
    )


@require_http_methods(["POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def statement_check(request: HttpRequest, review: Review) -> HttpResponse:
    """The wording check of a draft, as a fragment, for the page to show while the user types."""
    checked = draft_wording(_draft(request.POST.get("text")))
    return render(request, "purpose/_wording_fragment.html", {"checked": checked})


def _draft(text: str | None) -> str:
    """A draft statement as far as a statement can go: a longer one is refused on saving, and checking
    beyond that length would only make the page slower."""
    return (text or "")[: StatementForm.base_fields["text"].max_length]


@review_view(Action.VIEW_REVIEWS)
def statement_versions(request: HttpRequest, review: Review) -> HttpResponse:
    return render(
        request,
        "purpose/versions.html",
        {
            "review": review,
            "versions": services.statement_versions(review),
        },
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def party_add(request: HttpRequest, review: Review) -> HttpResponse:
    group = request.GET.get("group")
    form = PartyForm(request.POST or None, initial={"group": group if group in PartyGroup.values else None})
    if request.method == "POST" and form.is_valid():
        party = services.add_party(request.user, review, **form.cleaned_data)
        messages.success(request, f"Added {party}.")
        return redirect("purpose:overview", review_id=review.pk)
    return render(
        request, "purpose/party.html", {"review": review, "form": form, "party": None}, status=form_status(form)
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def party_edit(request: HttpRequest, review: Review, party_id: int) -> HttpResponse:
    party = services.get_party(review, party_id)
    initial = {name: getattr(party, name) for name in ("group", "role", "organisation", "name")}
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_party(request.user, party, **form.cleaned_data)
        messages.success(request, f"Changed {party}.")
        return redirect("purpose:overview", review_id=review.pk)
    return render(
        request, "purpose/party.html", {"review": review, "form": form, "party": party}, status=form_status(form)
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def party_remove(request: HttpRequest, review: Review, party_id: int) -> HttpResponse:
    party = services.get_party(review, party_id)
    if request.method == "POST":
        services.remove_party(request.user, party)
        messages.success(request, f"Removed {party} from the register.")
        return redirect("purpose:overview", review_id=review.pk)
    return render(
        request,
        "purpose/party_remove.html",
        {
            "review": review,
            "party": party,
            "communications": list(party.communications.all()),
        },
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def group_applicability(request: HttpRequest, review: Review, group: str) -> HttpResponse:
    if group not in PartyGroup.values:
        raise Http404("No such group")
    party_group = PartyGroup(group)
    current = review.groups_not_applicable.filter(group=group).first()
    if request.method == "POST" and request.POST.get("action") == "applies":
        services.set_group_applicable(request.user, review, party_group)
        messages.success(request, f"{party_group.label}: marked as applying to this review.")
        return redirect("purpose:overview", review_id=review.pk)
    form = NotApplicableForm(request.POST or None, initial={"reason": current.reason if current else ""})
    if request.method == "POST" and form.is_valid():
        services.set_group_not_applicable(request.user, review, party_group, form.cleaned_data["reason"])
        messages.success(request, f"{party_group.label}: marked as not applicable.")
        return redirect("purpose:overview", review_id=review.pk)
    return render(
        request,
        "purpose/group.html",
        {
            "review": review,
            "form": form,
            "group": party_group,
            "current": current,
        },
        status=form_status(form),
    )


@review_view(Action.VIEW_REVIEWS)
def communication_list(request: HttpRequest, review: Review) -> HttpResponse:
    page = services.communications_page(review, request.GET.get("page"))
    return render(
        request,
        "purpose/communications.html",
        {
            "review": review,
            "page": page,
            "pagination": pagination(
                page, reverse("purpose:communications", args=[review.pk]), "Pages of the communications log"
            ),
            "wordings": stored_wordings({communication: communication.summary for communication in page}),
            "audiences": list(letters.Audience),
            "may_edit": may(request.user, Action.EDIT_PURPOSE_RECORDS, review.partnership),
            "may_open_documents": may(request.user, Action.VIEW_DOCUMENTS, review.partnership),
        },
    )


def _in_the_log(communication) -> str:
    """Where a communication is in the log: its page, scrolled to it."""
    log = reverse("purpose:communications", args=[communication.review_id])
    return f"{log}?page={services.log_page_of(communication)}#communication-{communication.pk}"


def _communication_form_page(request, review, communication, initial, letter=None):
    parties = services.active_parties(review)
    if communication is not None:  # keep removed parties it already names, so editing does not drop them
        parties += [p for p in communication.parties.all() if p.removed_at is not None]
    post = request.POST if request.method == "POST" else None
    form = CommunicationForm(post, request.FILES or None, initial=initial, parties=parties)
    if post is not None and form.is_valid():
        try:
            saved = services.save_communication(
                request.user, review, communication=communication, letter=letter, **form.communication_fields()
            )
        except UploadRejected as error:
            form.add_error("attachment", str(error))
        else:
            messages.success(request, "Communication saved.")
            return redirect(_in_the_log(saved))
    return render(
        request,
        "purpose/communication.html",
        {
            "review": review,
            "form": form,
            "communication": communication,
            "letter": letter,
            "parties_by_group": [(g, [p for p in parties if p.group == g.value]) for g in PartyGroup],
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def communication_add(request: HttpRequest, review: Review) -> HttpResponse:
    """Log a communication: a GET shows the form, a POST saves it. Logging a letter, the letter page sends the
    user here with the letter in the address, and the form keeps it: the form starts as the letter, and the
    letter's Word file is attached."""
    letter = _letter_to_log(review, request.POST if request.method == "POST" else request.GET)
    return _communication_form_page(request, review, None, _from_letter(letter) if letter else {}, letter=letter)


def _letter_to_log(review: Review, data) -> LetterDraft | None:
    letter_id = data.get("letter")
    if not letter_id:
        return None
    if not letter_id.isdigit():
        raise Http404("No such letter")
    return services.get_letter_draft(review, int(letter_id))


def _from_letter(letter: LetterDraft) -> dict:
    return {
        "date": timezone.localdate(),
        "channel": "letter",
        "summary": letter.text,
        "groups": [letter.group],
        "explained_purpose": "yes",
    }


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def communication_edit(request: HttpRequest, review: Review, communication_id: int) -> HttpResponse:
    communication = services.get_communication(review, communication_id)
    initial = {
        "date": communication.date,
        "channel": communication.channel,
        "summary": communication.summary,
        "parties": [str(p.pk) for p in communication.parties.all()],
        "groups": communication.groups,
        "explained_purpose": "yes" if communication.explained_purpose else "no",
        "receipt_confirmed": "yes" if communication.receipt_confirmed else "no",
        "receipt_not_needed": communication.receipt_not_needed,
    }
    return _communication_form_page(request, review, communication, initial)


def _audience(audience: str) -> letters.Audience:
    try:
        return letters.Audience(audience)
    except ValueError:
        raise Http404("No such audience") from None


def _letter_page(request, review, chosen, form, status=200, shown=None, fresh=None):
    """The letter page: the form, what the records let the letter say and what they kept out, and the versions."""
    fresh = fresh or services.draft_for(request.user, review, chosen)
    return render(
        request,
        "purpose/letter.html",
        {
            "review": review,
            "form": form,
            "audience": chosen,
            "included": fresh.included,
            "left_out": fresh.left_out,
            "versions": services.letter_drafts(review, chosen.group),
            "shown": shown,
            "has_statement": services.current_statement(review) is not None,
            "heading_mark": letters.HEADING_MARK,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def letter(request: HttpRequest, review: Review, audience: str) -> HttpResponse:
    """Show the group's letter (its latest saved version, or a fresh draft), and save it as a new version."""
    chosen = _audience(audience)
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            draft, created = services.save_letter(request.user, review, chosen.group, **form.cleaned_data)
            messages.success(request, f"Saved as version {draft.version}." if created else "No change: nothing saved.")
            return redirect("purpose:letter", review_id=review.pk, audience=chosen.value)
        return _letter_page(request, review, chosen, form, status=400)
    versions = services.letter_drafts(review, chosen.group)
    wanted = request.GET.get("version")
    shown = next((v for v in versions if str(v.version) == wanted), versions[0] if versions else None)
    fresh = services.draft_for(request.user, review, chosen)
    if shown is not None:
        initial = {name: getattr(shown, name) for name in ("title", "letter_date", "contact", "text")}
    else:
        initial = {
            "title": fresh.title,
            "text": fresh.text,
            "letter_date": timezone.localdate(),
            "contact": services.default_contact(request.user, review),
        }
    return _letter_page(request, review, chosen, LetterForm(initial=initial), shown=shown, fresh=fresh)


@require_http_methods(["POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def letter_download(request: HttpRequest, review: Review, audience: str) -> HttpResponse:
    """Save the letter as shown and download its Word file, the file that logging it as sent will attach."""
    chosen = _audience(audience)
    form = LetterForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, review, chosen, form, status=400)
    draft, _ = services.save_letter(request.user, review, chosen.group, **form.cleaned_data)
    document, content = services.letter_file(request.user, draft)
    record_taken_out(
        partnership=review.partnership,
        review=review,
        what="letter",
        object_id=str(draft.pk),
        description=f"Letter for {chosen.label.lower()} of {review.reference}, version {draft.version}: {draft.title}",
    )
    response = HttpResponse(content, content_type=document.content_type)
    filename = services.letter_filename(review, chosen.group)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@require_http_methods(["POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def letter_log(request: HttpRequest, review: Review, audience: str) -> HttpResponse:
    """Save the letter as shown and open the communication form filled in from it, with its Word file attached."""
    chosen = _audience(audience)
    form = LetterForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, review, chosen, form, status=400)
    draft, _ = services.save_letter(request.user, review, chosen.group, **form.cleaned_data)
    services.letter_document(request.user, draft)
    return redirect(f"{reverse('purpose:communication-add', args=[review.pk])}?letter={draft.pk}")


@review_view(Action.VIEW_REVIEWS)
def circumstance_list(request: HttpRequest, review: Review) -> HttpResponse:
    return render(
        request,
        "purpose/circumstances.html",
        {
            "review": review,
            "circumstances": services.circumstances(review),
            "may_edit": may(request.user, Action.EDIT_PURPOSE_RECORDS, review.partnership),
        },
    )


def _circumstance_form_page(request, review, circumstance, initial):
    form = CircumstanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_circumstance(request.user, review, circumstance=circumstance, **form.circumstance_fields())
        messages.success(request, "Circumstance saved.")
        return redirect("purpose:circumstances", review_id=review.pk)
    return render(
        request,
        "purpose/circumstance.html",
        {
            "review": review,
            "form": form,
            "circumstance": circumstance,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def circumstance_add(request: HttpRequest, review: Review) -> HttpResponse:
    return _circumstance_form_page(request, review, None, {})


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_PURPOSE_RECORDS)
def circumstance_edit(request: HttpRequest, review: Review, circumstance_id: int) -> HttpResponse:
    circumstance = services.get_circumstance(review, circumstance_id)
    initial = {
        name: getattr(circumstance, name)
        for name in (
            "kind",
            "description",
            "identified_on",
            "acknowledged_on",
            "acknowledged_how",
            "acknowledged_to",
            "shareable_text",
            "share_with",
        )
    }
    return _circumstance_form_page(request, review, circumstance, initial)
