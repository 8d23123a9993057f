"""Amina drafts the briefing letters of Child H: each says only what its reader may read, is written for them,
is kept as she edits it, and goes out as a Word file that is the same file she logs as sent."""

import datetime
import hashlib
import io
import re
import zipfile
from html.parser import HTMLParser

import docx
import pytest
from django.utils import timezone
from docx.shared import Cm

from casereview.workspace.purpose import services
from casereview.workspace.purpose.models import Circumstance, CircumstanceKind, Communication, PartyGroup

POLICE = (
    "The CPS has not yet decided on charges against the mother's partner. Police have asked that practitioners "
    "who are witnesses are not interviewed until they have given their statements."
)


class _Form(HTMLParser):
    """The fields a browser would submit from the page's first form with a given action: what it rendered."""

    def __init__(self, action_ends: str):
        super().__init__()
        self.action_ends, self.inside, self.done = action_ends, False, False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and (attrs.get("action") or "").endswith(self.action_ends):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") != "file":
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.data.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        if tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data[self._textarea][0] = self.data[self._textarea][0].removeprefix("\n")
            self._textarea = None
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def rendered_form(response, action_ends: str) -> dict[str, list[str]]:
    parser = _Form(action_ends)
    parser.feed(response.content.decode())
    assert parser.done, f"no form posting to …{action_ends}"
    return parser.data


def letter_url(review, audience: str, action: str = "") -> str:
    return f"/reviews/{review.pk}/purpose/letters/{audience}/{action}"


@pytest.fixture
def police_detail(reviews, people):
    """The police's request recorded on Child H, with only a plain sentence shareable, to the professionals."""
    from django.db import transaction

    with transaction.atomic():
        return services.save_circumstance(
            people["amina"],
            reviews["Child H"],
            kind=CircumstanceKind.PARALLEL,
            description=POLICE,
            identified_on=datetime.date(2026, 3, 10),
            acknowledged_on=datetime.date(2026, 5, 14),
            acknowledged_how="Letter to agency leaders",
            acknowledged_to="Agency leaders",
            shareable_text="The police are investigating, and the review will work alongside them.",
            share_with=[PartyGroup.AGENCY_LEADERS.value, PartyGroup.BOARD.value],
        )


def test_a_circumstance_says_nothing_in_any_letter_until_what_may_be_said_is_recorded(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    # The demonstration's media circumstance has nothing recorded as shareable.
    assert Circumstance.objects.get(review=review, kind=CircumstanceKind.MEDIA).shareable_text == ""
    for audience in ("board", "agency-leaders", "practitioners", "reviewers", "family", "others"):
        response = client.get(letter_url(review, audience))
        assert response.status_code == 200
        letter = rendered_form(response, f"/letters/{audience}/")["text"][0]
        assert "newspaper" not in letter.lower()
        page = " ".join(response.content.decode().split())
        assert "Media interest, identified 9 March 2026: Nothing has been recorded as what may be said" in page


def test_the_family_letter_leaves_out_the_police_detail_and_says_why(client, reviews, people, police_detail):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    family = client.get(letter_url(review, "family"))
    leaders = client.get(letter_url(review, "agency-leaders"))
    family_letter = rendered_form(family, "/letters/family/")["text"][0]
    leaders_letter = rendered_form(leaders, "/letters/agency-leaders/")["text"][0]
    assert "CPS" not in family_letter and "police" not in family_letter.lower()
    assert "The police are investigating, and the review will work alongside them." in leaders_letter
    assert "CPS" not in leaders_letter  # the description itself goes into no letter
    page = " ".join(family.content.decode().split())
    assert "Left out of this letter" in page
    assert "It may be said only to: Leaders of involved agencies, Board (partnership) members." in page


def test_the_family_letter_speaks_to_the_family_in_plain_words(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    letter = rendered_form(client.get(letter_url(review, "family")), "/letters/family/")["text"][0]
    assert "The family will" not in letter and "the family" not in letter.lower()
    for words in ("culpability", "reckless", "malicious", "learning and improvement framework", "apportion"):
        assert words not in letter
    assert "# What taking part means for you" in letter
    assert "You do not have to take part." in letter
    assert "# Who to contact" in letter and "please contact Amina" in letter
    # the professionals' letter keeps the partnership's framework
    board = rendered_form(client.get(letter_url(review, "board")), "/letters/board/")["text"][0]
    assert "culpability is considered only for reckless or malicious acts" in board


@pytest.mark.parametrize(
    ("audience", "words"),
    [("reviewers", "You are conducting this review."), ("others", "you have an interest in the review")],
)
def test_those_conducting_the_review_and_others_get_a_letter(client, reviews, people, audience, words):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    response = client.get(letter_url(review, audience))
    assert response.status_code == 200
    assert words in rendered_form(response, f"/letters/{audience}/")["text"][0]


def test_edits_are_kept_as_versions_with_who_and_when(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = rendered_form(client.get(letter_url(review, "practitioners")), "/letters/practitioners/")
    form["text"] = ["Dear Sam,\n\nThank you for meeting us."]
    saved = client.post(letter_url(review, "practitioners"), form)
    assert saved.status_code == 302
    again = client.get(letter_url(review, "practitioners"))
    assert rendered_form(again, "/letters/practitioners/")["text"][0] == "Dear Sam,\n\nThank you for meeting us."
    form["text"] = ["Dear Sam,\n\nThank you again."]
    client.post(letter_url(review, "practitioners"), form)
    page = " ".join(client.get(letter_url(review, "practitioners")).content.decode().split())
    assert "This is version 2, saved by Amina" in page
    assert "Version 1" in page and "Version 2" in page
    first = client.get(letter_url(review, "practitioners") + "?version=1")
    assert rendered_form(first, "/letters/practitioners/")["text"][0] == "Dear Sam,\n\nThank you for meeting us."
    assert [d.version for d in services.letter_drafts(review, PartyGroup.PRACTITIONERS)] == [2, 1]


def test_the_word_file_is_an_a4_british_letter_from_the_partnership(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = rendered_form(client.get(letter_url(review, "board")), "/letters/board/")
    form.update({"letter_date-day": ["3"], "letter_date-month": ["12"], "letter_date-year": ["2026"]})
    form["contact"] = ["Amina Khan, business manager, 01234 567890"]
    response = client.post(letter_url(review, "board", "download/"), form)
    assert response.status_code == 200
    assert 'filename="Child H - letter for board (partnership) members.docx"' in response["Content-Disposition"]
    content = response.content
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert {round(getattr(section, side).cm, 2) for side in ("top_margin", "left_margin", "right_margin")} == {
        round(Cm(2.54).cm, 2)
    }
    assert section.different_first_page_header_footer  # the place for the letterhead
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "3 December 2026"
    assert paragraphs[1].text == "Contact: Amina Khan, business manager, 01234 567890"
    headings = [p for p in paragraphs if p.style.name == "Heading 2"]
    assert [h.text for h in headings] == [
        "What the review is for",
        "What could complicate this",
        "What we ask of you",
        "Who to contact",
    ]
    assert all(h.paragraph_format.keep_with_next for h in headings)
    assert not any(p.text.startswith("#") for p in paragraphs)
    properties = document.core_properties
    assert properties.author == "North Partnership" and properties.last_modified_by == "North Partnership"
    assert "python-docx" not in f"{properties.author} {properties.comments} {properties.last_modified_by}"
    assert properties.created.date() == properties.modified.date() == timezone.now().date()
    assert properties.language == "en-GB"
    styles = zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml").decode()
    assert 'w:val="en-GB"' in styles and "en-US" not in styles


def test_logging_the_letter_attaches_the_very_file_downloaded_dated_today(
    client, reviews, people, django_capture_on_commit_callbacks
):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = rendered_form(client.get(letter_url(review, "family")), "/letters/family/")
    with django_capture_on_commit_callbacks(execute=True):  # the stored file is in place once it commits
        downloaded = client.post(letter_url(review, "family", "download/"), form).content
    logged = client.post(letter_url(review, "family", "log/"), form)
    assert logged.status_code == 302 and "communications/new/?letter=" in logged["Location"]
    page = client.get(logged["Location"])
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "is attached: " in text and "the same file as was downloaded" in text
    communication = rendered_form(page, "/communications/new/")
    today = timezone.localdate()
    assert communication["date-day"] == [str(today.day)] and communication["date-year"] == [str(today.year)]
    assert communication["groups"] == ["family"] and communication["channel"] == ["letter"]
    communication["receipt_confirmed"] = ["no"]
    saved = client.post(f"/reviews/{review.pk}/purpose/communications/new/", communication)
    assert saved.status_code == 302
    sent = Communication.objects.filter(review=review).order_by("-pk").first()
    assert sent.attachment.sha256 == hashlib.sha256(downloaded).hexdigest()
    assert sent.date == today


def test_a_letter_with_no_title_keeps_what_was_typed(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = rendered_form(client.get(letter_url(review, "board")), "/letters/board/")
    form["title"] = [""]
    form["text"] = ["Dear chair,\n\nMy own words."]
    response = client.post(letter_url(review, "board", "download/"), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the letter a title" in page and "My own words." in page


def test_a_circumstance_shared_with_groups_needs_the_words_to_share(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{review.pk}/purpose/circumstances/new/",
        {
            "kind": "parallel",
            "description": POLICE,
            "identified_on-day": "10",
            "identified_on-month": "3",
            "identified_on-year": "2026",
            "share_with": ["family"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write what the letters may say about it" in page
    assert re.search(r'value="family"\s+checked', page)


def test_a_communication_with_no_parties_on_the_register_ties_its_error_to_the_groups(client, people):
    from django.db import transaction

    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.reviews.services import create_review

    with transaction.atomic():
        empty = create_review(
            people["amina"],
            Partnership.objects.get(name="North Partnership"),
            reference="Child Q",
            review_type="lcspr",
            stage="decision",
            framework_id="scr-quality-markers",
        )
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{empty.pk}/purpose/communications/new/",
        {"date-day": "1", "date-month": "6", "date-year": "2026", "channel": "email", "summary": "About it"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_groups"' in page and 'id="id_groups"' in page
    fieldset = re.search(
        r'<fieldset class="govuk-fieldset"[^>]*aria-describedby="([^"]*)"[^>]*>\s*<legend[^>]*>\s*Whole groups', page
    )
    assert fieldset and "id_groups-error" in fieldset.group(1)
    assert 'id="id_groups-error"' in page


def test_saving_the_same_letter_again_makes_no_new_version(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = rendered_form(client.get(letter_url(review, "others")), "/letters/others/")
    client.post(letter_url(review, "others"), form)
    again = client.post(letter_url(review, "others"), form, follow=True)
    assert "No change: nothing saved." in again.content.decode()
    assert len(services.letter_drafts(review, PartyGroup.OTHERS)) == 1
