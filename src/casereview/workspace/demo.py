"""Demonstration data: two partnerships, their people and reviews. Made up; safe to load again."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from casereview.markers import Answer, Judgement, get_framework
from casereview.timescales import add_working_days

from .accounts.models import Membership, Partnership
from .accounts.permissions import Role
from .assessments import services as assessments
from .clocks import services as clocks
from .concerns import services as concerns
from .findings import services as findings
from .findings.models import Response, Status
from .learning import services as learning
from .purpose import services as purpose
from .purpose.models import Channel, CircumstanceKind, PartyGroup
from .reviews.models import Review, ReviewType, Stage
from .reviews.services import create_review

DEMO_PASSWORD = "learning-not-blame"  # noqa: S105 - printed to the user on purpose; demonstration only

PEOPLE = [
    # username, first name, last name, partnership, role
    ("amina", "Amina", "Hussain", "North Partnership", Role.BUSINESS_MANAGER),
    ("bea", "Bea", "Lewis", "North Partnership", Role.LEAD_REVIEWER),
    ("carl", "Carl", "Evans", "North Partnership", Role.OBSERVER),
    ("bo", "Bo", "Okafor", "North Partnership", Role.BOARD_MEMBER),
    ("dev", "Dev", "Patel", "South Partnership", Role.BUSINESS_MANAGER),
    ("nia", "Nia", "Kaur", "North Partnership", Role.AGENCY_LEAD),
]
# The agency each person's membership names, where it names one: an agency lead updates that agency's actions.
AGENCIES = {"nia": "Northtown NHS Trust"}

CHILD_H_ANSWERS = [
    (
        "clarity-of-purpose",
        "q1",
        Answer.PARTLY,
        "Board members were briefed at the board meeting of 12 May; agency leaders had a letter on 14 May. "
        "Practitioners from health and education have not yet been told what the review is for.",
    ),
    (
        "clarity-of-purpose",
        "q2",
        Answer.YES,
        "The letter to agency leaders says the review is to understand what happened and why, so that services "
        "improve, and that it will not apportion blame.",
    ),
    ("advising-board-members", "q1", Answer.YES, "Decision reported to the full board on 12 May (minute 6)."),
    (
        "advising-board-members",
        "q2",
        Answer.YES,
        "The chair's note to members set out the criteria met and the learning expected.",
    ),
]


def _user(username: str, first: str, last: str, password_hash: Callable[[], str]):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        user.password = password_hash()
        user.save()
    return user


def _child_h_purpose_records(amina, review: Review) -> None:
    purpose.save_statement(amina, review, purpose.suggested_statement(review))
    board = [
        purpose.add_party(
            amina, review, group=PartyGroup.BOARD, role="Independent chair", organisation="North Partnership"
        ),
        purpose.add_party(
            amina,
            review,
            group=PartyGroup.BOARD,
            role="Director of children's services",
            organisation="Northshire Council",
        ),
    ]
    leaders = [
        purpose.add_party(
            amina,
            review,
            group=PartyGroup.AGENCY_LEADERS,
            role="Chief nurse",
            organisation="Northshire Integrated Care Board",
        ),
        purpose.add_party(
            amina, review, group=PartyGroup.AGENCY_LEADERS, role="Head teacher", organisation="Northtown Primary School"
        ),
    ]
    purpose.add_party(
        amina, review, group=PartyGroup.PRACTITIONERS, role="Health visitor", organisation="Northtown NHS Trust"
    )
    purpose.add_party(
        amina, review, group=PartyGroup.PRACTITIONERS, role="Class teacher", organisation="Northtown Primary School"
    )
    purpose.add_party(
        amina, review, group=PartyGroup.REVIEWERS, role="Lead reviewer", organisation="Independent", name="Bea Lewis"
    )
    purpose.save_communication(
        amina,
        review,
        date=datetime.date(2026, 5, 12),
        channel=Channel.MEETING,
        parties=board,
        groups=[],
        summary="Board meeting, item 6: the chair explained that the review is for learning and improvement and "
        "is not designed to apportion blame.",
        explained_purpose=True,
        receipt_confirmed=True,
    )
    purpose.save_communication(
        amina,
        review,
        date=datetime.date(2026, 5, 14),
        channel=Channel.LETTER,
        parties=leaders,
        groups=[],
        summary="Letter to agency leaders setting out the purpose statement and asking them to release "
        "practitioners to take part.",
        explained_purpose=True,
        receipt_confirmed=False,
    )
    purpose.save_circumstance(
        amina,
        review,
        kind=CircumstanceKind.PARALLEL,
        description="A police investigation into the death is running alongside the review.",
        identified_on=datetime.date(2026, 3, 6),
        acknowledged_on=datetime.date(2026, 5, 14),
        acknowledged_how="Named in the letter to agency leaders, with how information will be shared.",
        acknowledged_to="Agency leaders",
        shareable_text="A police investigation into the death is running alongside the review.",
        # The police have asked that it is not raised with the family until they have spoken to them.
        share_with=[PartyGroup.BOARD, PartyGroup.AGENCY_LEADERS, PartyGroup.PRACTITIONERS, PartyGroup.REVIEWERS],
    )
    purpose.save_circumstance(
        amina,
        review,
        kind=CircumstanceKind.MEDIA,
        description="Local newspaper coverage asked who was to blame.",
        identified_on=datetime.date(2026, 3, 9),
        acknowledged_on=None,
        acknowledged_how="",
        acknowledged_to="",
        shareable_text="",
        share_with=[],
    )


# A concern about one act, worked through the guide: the practice was what colleagues would have done.
CHILD_H_GUIDE_ANSWERS = [
    ("deliberate-harm", False, "Nothing in the records or accounts suggests any intention to harm."),
    ("substance-misuse", False, "No signs; her manager confirmed there were none."),
    ("physical-ill-health", False, "None known."),
    ("mental-ill-health", False, "None known."),
    ("agreed-practice", True, "The trust's missed-appointments procedure (2024) applied."),
    (
        "workable-practice",
        False,
        "Caseloads were 40% above the trust's own ceiling; colleagues said follow-ups after a missed "
        "appointment were routinely left for weeks.",
    ),
]


def _child_h_concern(users, review: Review) -> None:
    concern = concerns.save_concern(
        users["amina"],
        review,
        kind="omission",
        description="The family was not visited after two missed health visitor appointments in February.",
        role="Health visitor",
        organisation="Northtown NHS Trust",
        name="",
        raised_on=datetime.date(2026, 5, 20),
    )
    run = concerns.start_run(users["bea"], concern)
    for position, (question_id, answer, note) in enumerate(CHILD_H_GUIDE_ANSWERS, 1):
        concerns.answer_question(users["bea"], run, position, question_id, answer, note)


def _child_r(users, north) -> None:
    """A rapid review in progress: the Panel was notified in time, and the rapid review itself is due in two
    working days from the day the demonstration data is loaded."""
    today = timezone.localdate()
    notified = add_working_days(today, -13)  # the rapid review is due 15 working days after notification
    review = create_review(
        users["amina"],
        north,
        reference="Child R",
        review_type=ReviewType.RAPID_REVIEW,
        stage=Stage.DECISION,
        framework_id="scr-quality-markers",
        incident_date=add_working_days(notified, -4),
        aware_date=add_working_days(notified, -3),
        notification_date=notified,
        lead_reviewer=None,
    )
    clocks.record_step(users["amina"], review, "notify-panel", done_on=notified, lateness_reason="", circumstance=None)


def _child_l(users, north) -> None:
    """A local child safeguarding practice review published late, with the reason, linked to the inquest that
    held it up; the report reached the Panel in time before publication."""
    review = create_review(
        users["amina"],
        north,
        reference="Child L",
        review_type=ReviewType.LCSPR,
        stage=Stage.IMPROVEMENT,
        framework_id="scr-quality-markers",
        incident_date=datetime.date(2025, 11, 3),
        aware_date=datetime.date(2025, 11, 4),
        notification_date=datetime.date(2025, 11, 5),
        decision_date=datetime.date(2026, 1, 12),
        initiation_date=datetime.date(2026, 1, 26),
        publication_date=datetime.date(2026, 8, 21),
        lead_reviewer=None,
    )
    inquest = purpose.save_circumstance(
        users["amina"],
        review,
        kind=CircumstanceKind.PARALLEL,
        description="The coroner's inquest was listed for July 2026.",
        identified_on=datetime.date(2026, 2, 2),
        acknowledged_on=datetime.date(2026, 2, 9),
        acknowledged_how="Explained to the family and agencies, with the agreed order of inquest and publication.",
        acknowledged_to="The family, agency leaders and the Panel",
    )
    clocks.record_step(
        users["amina"],
        review,
        "publish-report",
        done_on=datetime.date(2026, 8, 21),
        lateness_reason="Publication waited for the inquest to finish, at the family's request and with the "
        "coroner's agreement.",
        circumstance=inquest,
    )
    clocks.record_step(
        users["amina"],
        review,
        "report-to-panel",
        done_on=datetime.date(2026, 8, 10),
        lateness_reason="",
        circumstance=None,
    )


CHILD_H_FINDINGS = [
    (
        "Health visiting records show each missed appointment on its own screen, so a pattern of three missed "
        "appointments in six weeks was not visible to the health visitor or in supervision.",
        "Health visiting records for January to March; the health visitor's account at the practitioners' event.",
        ["human-tool"],
        ["neglect", "information-sharing"],
    ),
    (
        "Supervision in the health visiting team centred on caseload numbers, which left little room to talk about "
        "families where contact had stopped; with caseloads 40% above the trust's own ceiling, follow-up when a "
        "family stopped coming took weeks.",
        "Supervision records; the trust's caseload figures for the quarter; the team manager's account.",
        ["human-management-system"],
        ["neglect"],
    ),
    (
        "The school's worries about the child's attendance and the missed health contacts were held in separate "
        "systems and never brought together before the incident: no agency held the whole picture.",
        "Attendance records; the school's safeguarding log; health visiting records.",
        ["multi-agency-longer-term"],
        ["information-sharing", "neglect"],
    ),
]


def _child_h_findings(users, review: Review) -> None:
    """Three findings coded to Learning Together, two recommendations and four actions: one overdue, one done
    with its impact recorded."""
    today = timezone.localdate()
    made = [
        findings.save_finding(
            users["bea"], review, statement=statement, evidence=evidence, categories=categories, themes=themes
        )
        for statement, evidence, categories, themes in CHILD_H_FINDINGS
    ]
    records = findings.save_recommendation(
        users["bea"],
        review,
        text="Northtown NHS Trust should make repeated missed contacts show as a pattern in its records, and "
        "make families whose contact has stopped a standing item in health visiting supervision.",
        findings=made[:2],
        to_board=False,
        agencies=["Northtown NHS Trust"],
        made_on=today - datetime.timedelta(days=90),
        response=Response.ACCEPTED,
        response_reason="",
    )
    sharing = findings.save_recommendation(
        users["bea"],
        review,
        text="The partnership should agree how schools and health services share worries about a child's "
        "attendance and missed health contacts.",
        findings=made[2:],
        to_board=True,
        agencies=["Northshire Council", "Northtown Primary School"],
        made_on=today - datetime.timedelta(days=90),
        response=Response.ACCEPTED_IN_PART,
        response_reason="Accepted for primary schools; secondary schools are covered by the county attendance "
        "protocol, under review this year.",
    )
    amina = users["amina"]
    findings.add_action(
        amina,
        records,
        description="Add a missed-contacts flag to the health visiting record.",
        agency="Northtown NHS Trust",
        responsible="Head of digital services",
        due_on=today - datetime.timedelta(days=10),
    )
    supervision = findings.add_action(
        amina,
        records,
        description="Make families whose contact has stopped a standing item in supervision.",
        agency="Northtown NHS Trust",
        responsible="Named nurse for safeguarding",
        due_on=today - datetime.timedelta(days=40),
    )
    findings.update_action(
        users["nia"],
        supervision,
        status=Status.DONE,
        not_doing_reason="",
        done_on=today - datetime.timedelta(days=45),
        done_evidence="Supervision policy version 4, issued to every health visiting team.",
    )
    findings.save_impact(
        users["nia"],
        supervision,
        what_changed="Every family with two or more missed contacts is now discussed in supervision within a month.",
        how_known="Audit of 40 supervision records in the quarter after the change.",
        checked_on=today - datetime.timedelta(days=5),
    )
    findings.add_action(
        amina,
        sharing,
        description="Agree a protocol for sharing attendance worries with health visiting and school nursing.",
        agency="Northshire Council",
        responsible="Head of early help",
        due_on=today + datetime.timedelta(days=60),
    )
    school = findings.add_action(
        amina,
        sharing,
        description="Record missed health contacts the school is told of in its safeguarding log.",
        agency="Northtown Primary School",
        responsible="Designated safeguarding lead",
        due_on=today + datetime.timedelta(days=30),
    )
    findings.update_action(
        amina, school, status=Status.IN_PROGRESS, not_doing_reason="", done_on=None, done_evidence=""
    )
    findings.add_note(
        amina,
        school,
        noted_on=today - datetime.timedelta(days=7),
        text="The new log headings are drafted; staff briefing booked for next term.",
    )


def _child_l_findings(users, review: Review) -> None:
    """The older review's finding that Child H's repeats, and what was done about it."""
    today = timezone.localdate()
    finding = findings.save_finding(
        users["amina"],
        review,
        statement="Missed health appointments were not shared with the school, and the school's attendance "
        "worries were not shared with health: no agency held the whole picture of the child dropping out of contact.",
        evidence="Health and school records for 2025.",
        categories=["multi-agency-longer-term"],
        themes=["information-sharing"],
    )
    recommendation = findings.save_recommendation(
        users["amina"],
        review,
        text="Health visiting and schools should share missed contacts and attendance worries.",
        findings=[finding],
        to_board=True,
        agencies=[],
        made_on=min(datetime.date(2026, 8, 21), today),
        response=Response.ACCEPTED,
        response_reason="",
    )
    action = findings.add_action(
        users["amina"],
        recommendation,
        description="Write to all primary schools about sharing attendance worries with health visiting.",
        agency="Northshire Council",
        responsible="Head of education safeguarding",
        due_on=min(datetime.date(2026, 10, 30), today),
    )
    findings.update_action(
        users["amina"],
        action,
        status=Status.DONE,
        not_doing_reason="",
        done_on=min(datetime.date(2026, 10, 20), today),
        done_evidence="Letter to head teachers of 20 October 2026.",
    )


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demonstration partnerships, people and reviews if they are not there yet.

    Returns (username, description) for each demonstration user.
    """
    users = {}
    described = []
    # Hashing a password costs about a second by design; the demonstration password is published, so the
    # people made here share one hash rather than making a fresh `casereview serve --demo` wait five seconds.
    password_hash = functools.cache(lambda: make_password(DEMO_PASSWORD))
    for username, first, last, partnership_name, role in PEOPLE:
        # Made-up partnerships: a newcomer signs in at once, without an authenticator app.
        partnership, _ = Partnership.objects.get_or_create(name=partnership_name, defaults={"two_factor_roles": []})
        user = _user(username, first, last, password_hash)
        Membership.objects.get_or_create(
            user=user, partnership=partnership, defaults={"role": role, "agency": AGENCIES.get(username, "")}
        )
        users[username] = user
        # The agency an agency lead's actions belong to: without it nobody trying the demonstration knows whose
        # actions Nia may update.
        of_agency = f" of {AGENCIES[username]}" if username in AGENCIES else ""
        described.append((username, f"{first} {last}, {role.label.lower()}{of_agency}, {partnership_name}"))

    north = Partnership.objects.get(name="North Partnership")
    south = Partnership.objects.get(name="South Partnership")
    if learning.framework_of(north) is None:
        learning.save_framework(
            users["amina"],
            north,
            principles=learning.suggested_principles(north),
            causation_model_id="learning-together",
        )
    child_h, created = Review.objects.get_or_create(
        partnership=north,
        reference="Child H",
        defaults={
            "review_type": ReviewType.SCR,
            "stage": Stage.INFORMATION,
            "framework_id": "scr-quality-markers",
            "incident_date": datetime.date(2026, 3, 2),
            "aware_date": datetime.date(2026, 3, 5),
            "notification_date": datetime.date(2026, 3, 5),
            "decision_date": datetime.date(2026, 3, 27),
            "initiation_date": datetime.date(2026, 4, 20),
            "created_by": users["amina"],
            "lead_reviewer": users["bea"],
        },
    )
    if created:
        framework = get_framework(child_h.framework_id)
        for marker_id, indicator_id, answer, evidence in CHILD_H_ANSWERS:
            marker = framework.marker(marker_id)
            assessments.save_answer(
                users["amina"],
                child_h,
                marker,
                marker.indicator(indicator_id),
                answer=answer,
                evidence=evidence,
                seen_version=0,
            )
        assessments.save_judgement(
            users["bea"],
            child_h,
            framework.marker("advising-board-members"),
            judgement=Judgement.MET,
            rationale="Both questions answered yes with minuted evidence.",
            seen_version=0,
        )
        _child_h_purpose_records(users["amina"], child_h)
        _child_h_concern(users, child_h)
        # Notified in time and the decision made within the month; the review itself is running late.
        for step_id, done_on in (("notify", datetime.date(2026, 3, 10)), ("decide", datetime.date(2026, 3, 27))):
            clocks.record_step(users["amina"], child_h, step_id, done_on=done_on, lateness_reason="", circumstance=None)
    Review.objects.get_or_create(
        partnership=north,
        reference="Adult M",
        defaults={
            "review_type": ReviewType.SAR_MANDATORY,
            "stage": Stage.COMMISSIONING,
            "framework_id": "sar-quality-markers",
            "notification_date": datetime.date(2026, 8, 3),
            "decision_date": datetime.date(2026, 9, 1),
            "created_by": users["amina"],
        },
    )
    if not north.reviews.filter(reference="Child R").exists():
        _child_r(users, north)
    if not north.reviews.filter(reference="Child L").exists():
        _child_l(users, north)
    child_l = north.reviews.get(reference="Child L")
    if not child_l.findings.exists():
        _child_l_findings(users, child_l)
    if not child_h.findings.exists():
        _child_h_findings(users, child_h)
    Review.objects.get_or_create(
        partnership=south,
        reference="Child S",
        defaults={
            "review_type": ReviewType.LCSPR,
            "stage": Stage.ANALYSIS,
            "framework_id": "scr-quality-markers",
            "aware_date": datetime.date(2026, 6, 4),
            "notification_date": datetime.date(2026, 6, 8),
            "created_by": users["dev"],
        },
    )
    # The fixed reviews above are made directly, not through the services that store their next steps.
    clocks.store_stale_next_steps(Review.objects.all())
    return described
