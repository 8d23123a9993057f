"""Build the large partnership that ``web_load.py`` puts under load, through the app's own services.

Run by ``web_load.py`` in a process of its own (Django reads the database from the environment once per
process): ``DATABASE_URL=... python benchmarks/large_partnership.py MANIFEST.json [--light]``. It migrates the
empty database, builds the data below and writes a manifest the load generator reads (who signs in with
what, which review and partnership ids to visit), so the load generator never imports Django.

Everything is written through ``services.py`` functions with the acting person named as a request would
name them, so the audit trail is the one the app itself writes (about 50,000 entries):

- North Partnership: 15 people in the roles of a real partnership; 300 SCR reviews, each with all 64
  indicators answered (then revised once, as evidence comes in) and all 18 markers judged; one of them,
  Child L, is the review everyone is working on: 40 parties, 100 communications (some are whole letters
  pasted in), 20 complicating circumstances, 5 purpose statement versions, concerns with guide runs.
- South Partnership: 5 people, 30 reviews answered the same way, Child S with a smaller purpose record.
- Findings (issue 14): every concluded review has 3-6 findings coded to Learning Together
  and to themes shared across reviews, so recurrence is real; 1-3 recommendations on them, a few not accepted;
  2-5 actions on each accepted one, spread over eight agencies, with progress notes, statuses and impact as the
  time since the review allows (about 1,400 findings, 650 recommendations, 2,150 actions of which 400 are open
  and most of those overdue, 3,200 notes, 600 impacts). Through the services too (about 8,000 calls, a second
  or two per 10 reviews on SQLite), not bulk-created; their recurrences are matched once, when all are in
  (``save_finding(match_recurrences=False)``, then ``recurrence.rematch``): saving a finding matches again its
  review and every later one, and the reviews after the 273rd begin in 2017, before all the others, so each of
  their findings matched some 270 reviews again, most of the build's time. The matches kept are a function of
  the findings alone, so matching them once at the end keeps the same matches; nothing audited changes.

``--light`` (after the manifest path) answers the markers of the two main reviews only: the same findings and
actions, an audit trail of about 12,000 entries instead of 60,000, built in minutes instead of half an hour.
"""

# ruff: noqa: E402 - Django must be set up before the app's modules are imported

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
import django

django.setup()

import pyotp
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casereview.markers import Answer, Judgement, get_framework
from casereview.workspace.accounts import twofactor
from casereview.workspace.accounts.models import Partnership
from casereview.workspace.accounts.people import add_person
from casereview.workspace.accounts.permissions import Role
from casereview.workspace.assessments import services as assessments
from casereview.workspace.audit.capture import AuditActorMiddleware
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.concerns import services as concerns
from casereview.workspace.demo import CHILD_H_GUIDE_ANSWERS
from casereview.workspace.findings import models as findings_models
from casereview.workspace.findings import recurrence
from casereview.workspace.findings import services as findings
from casereview.workspace.findings.across import started_on
from casereview.workspace.learning import services as learning
from casereview.workspace.purpose import services as purpose
from casereview.workspace.purpose.models import Channel, CircumstanceKind, PartyGroup
from casereview.workspace.reviews import services as reviews
from casereview.workspace.reviews.models import Review, ReviewType, Stage

PASSWORD = "learning-at-scale-2026"  # noqa: S105 - made-up people in a throwaway benchmark database
FRAMEWORK_ID = "scr-quality-markers"
OFFICE_ADDRESS = "192.0.2.10"  # documentation range: where the made-up office works from

NORTH, SOUTH = "North Partnership", "South Partnership"
PEOPLE = [
    # username, first name, last name, partnership, role
    ("amina", "Amina", "Hussain", NORTH, Role.BUSINESS_MANAGER),
    ("nadia", "Nadia", "Rahman", NORTH, Role.BUSINESS_MANAGER),
    ("bea", "Bea", "Lewis", NORTH, Role.LEAD_REVIEWER),
    ("lewis", "Lewis", "Grant", NORTH, Role.LEAD_REVIEWER),
    ("priya", "Priya", "Shah", NORTH, Role.LEAD_REVIEWER),
    ("bo", "Bo", "Okafor", NORTH, Role.BOARD_MEMBER),
    ("grace", "Grace", "Adeyemi", NORTH, Role.BOARD_MEMBER),
    ("pat", "Pat", "Morgan", NORTH, Role.PANEL_MEMBER),
    ("rosa", "Rosa", "Kowalski", NORTH, Role.PANEL_MEMBER),
    ("sam", "Sam", "Whitfield", NORTH, Role.PANEL_MEMBER),
    ("tom", "Tom", "Ellis", NORTH, Role.PANEL_MEMBER),
    ("agnes", "Agnes", "Byrne", NORTH, Role.AGENCY_REPRESENTATIVE),
    ("ali", "Ali", "Hassan", NORTH, Role.AGENCY_REPRESENTATIVE),
    ("carl", "Carl", "Evans", NORTH, Role.OBSERVER),
    ("olive", "Olive", "Price", NORTH, Role.OBSERVER),
    ("dev", "Dev", "Patel", SOUTH, Role.BUSINESS_MANAGER),
    ("sunita", "Sunita", "Rao", SOUTH, Role.LEAD_REVIEWER),
    ("steve", "Steve", "Owen", SOUTH, Role.PANEL_MEMBER),
    ("sade", "Sade", "Ade", SOUTH, Role.AGENCY_REPRESENTATIVE),
    ("sol", "Sol", "Levi", SOUTH, Role.BOARD_MEMBER),
]
# Reviews per partnership; the first is the one everyone is working on.
REVIEW_COUNTS = {NORTH: 300, SOUTH: 30}
MAIN_REVIEW = {NORTH: "Child L", SOUTH: "Child S"}
# Purpose records of the main review: parties per group, communications, circumstances, statement versions.
MAIN_RECORDS = {
    NORTH: {"parties": (6, 8, 16, 4, 3, 3), "communications": 100, "circumstances": 20, "statements": 5},
    SOUTH: {"parties": (2, 3, 4, 1, 0, 0), "communications": 15, "circumstances": 4, "statements": 2},
}
CONCERNS_ON_MAIN_REVIEW = 3

AGENCIES = [
    "Northshire Council children's services",
    "Northtown NHS Trust",
    "Northshire Police",
    "Northtown Primary School",
    "Northshire Integrated Care Board",
    "Northtown Housing",
    "Northshire Probation Service",
    "Northtown GP practice",
]
ROLES_BY_GROUP = {
    PartyGroup.BOARD: ["Independent chair", "Director of children's services", "Chief nurse", "Chief superintendent"],
    PartyGroup.AGENCY_LEADERS: ["Head of service", "Designated nurse", "Detective inspector", "Head teacher"],
    PartyGroup.PRACTITIONERS: ["Health visitor", "Social worker", "Class teacher", "GP", "Midwife", "Support worker"],
    PartyGroup.REVIEWERS: ["Lead reviewer", "Panel chair", "Review administrator"],
    PartyGroup.FAMILY: ["Mother", "Grandmother", "Father"],
    PartyGroup.OTHERS: ["Coroner's officer", "Solicitor for the family", "Interpreter"],
}
EVIDENCE = [
    "Minutes of the panel meeting record the discussion and the decision.",
    "The terms of reference set this out in section 2; agencies confirmed them in writing.",
    "The chronology shows this was done within the timescale agreed with the panel.",
    "Agency leaders were written to and two of five replied; the others were chased by phone.",
    "Practitioners were seen in a learning event; the notes are on the review file.",
    "The board was briefed at its quarterly meeting and the minute is attached.",
    "The family were offered a meeting and chose to respond by letter instead.",
    "The lead reviewer's note of the scoping meeting covers this point in full.",
]
EVIDENCE_REVISED = [
    "Since the first answer, the remaining agencies have confirmed in writing; the record is now complete.",
    "The panel reviewed this again at its second meeting and agreed the evidence is sufficient.",
    "The later chronology fills the gap noted earlier; the agencies agreed the account.",
]
SHORT_SUMMARIES = [
    "Phoned to explain that the review is for learning and improvement, not to apportion blame; they asked "
    "how their account would be used and were told it would be used to understand the system they worked in.",
    "Email setting out the purpose statement and the timetable, with the invitation to the learning event.",
    "Briefing at the team meeting: the reviewer explained what the review is for and answered questions "
    "about confidentiality and whether anyone would face disciplinary action.",
    "Met to agree the terms of reference; the purpose of the review was explained and recorded in the notes.",
    "Letter confirming the arrangements for the practitioners' event and repeating the purpose of the review.",
    "Short call to check the letter had arrived; it had, and they will pass it to the team manager.",
]
LETTER_PARAGRAPHS = [
    "I am writing on behalf of the partnership about the review we have started following the death of a "
    "child in our area. The review is for organisational learning and improvement: to understand what "
    "happened and why, how agencies worked together, and what made good practice easier or harder.",
    "The review is not designed to apportion blame to any person or agency. Where it finds problems, it will "
    "look at the conditions that made them more likely and recommend changes to those conditions.",
    "We know that a police investigation is running alongside the review. Information will be shared between "
    "the two processes only as agreed in the protocol, and we will tell practitioners if that changes.",
    "Practitioners who take part will be supported by their agencies. Their accounts will be used to "
    "understand the system they worked in, and they will see the findings before the report is finished.",
    "Please release the practitioners named in the annex to attend the learning event, and let us know by "
    "the end of the month who will attend from your agency.",
    "The health visitor should have visited after the second missed appointment, and the school failed to "
    "pass on its concerns; the review will look at why these things happened.",
]


def acting_as(user, work: Callable[[], object]) -> object:
    """Run ``work`` with ``user`` named as the actor in the audit trail, as the app names the signed-in
    person for a request (through its own middleware)."""
    request = HttpRequest()
    request.user = user
    request.META["REMOTE_ADDR"] = OFFICE_ADDRESS
    return AuditActorMiddleware(lambda _request: work())(request)


def letter(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(rng.choice(LETTER_PARAGRAPHS) for _ in range(paragraphs))


def summary(rng: random.Random, index: int) -> str:
    """Most summaries are a sentence or two; some are a letter; a few are long pasted documents."""
    if index % 25 == 7:
        return letter(rng, 30)  # a whole pasted letter with its annex, about 10 KB
    if index % 4 == 1:
        return letter(rng, rng.randint(3, 7))
    return rng.choice(SHORT_SUMMARIES)


def people() -> dict[str, object]:
    made = {}
    for username, first, last, partnership, role in PEOPLE:
        add_person(username, partnership, role, first_name=first, last_name=last, password=PASSWORD)
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=[p[0] for p in PEOPLE]):
        made[user.username] = user
    return made


def authenticator_secrets(users: dict[str, object]) -> dict[str, str]:
    """Business managers must use an authenticator app (the partnerships' default policy): set one up for
    each, as the set-up page does, and keep the secret so the load generator can type the codes."""
    secrets = {}
    for username, *_rest, role in PEOPLE:
        if role is Role.BUSINESS_MANAGER:
            device = twofactor.device_to_confirm(users[username])
            if not twofactor.verify(device, pyotp.TOTP(device.secret).now()):
                raise RuntimeError(f"Could not set up the authenticator app of {username}")
            secrets[username] = device.secret
    return secrets


def answer_review(rng: random.Random, review, lead, manager) -> None:
    """Every indicator answered by the lead reviewer, then revised by the business manager as more evidence
    comes in; every marker judged."""
    framework = get_framework(FRAMEWORK_ID)
    for marker in framework.markers:
        for indicator in marker.answerable_indicators:
            first = acting_as(
                lead,
                lambda marker=marker, indicator=indicator: assessments.save_answer(
                    lead,
                    review,
                    marker,
                    indicator,
                    answer=Answer.PARTLY,
                    evidence=rng.choice(EVIDENCE),
                    seen_version=0,
                ),
            )
            acting_as(
                manager,
                lambda marker=marker, indicator=indicator, first=first: assessments.save_answer(
                    manager,
                    review,
                    marker,
                    indicator,
                    answer=rng.choice([Answer.YES, Answer.YES, Answer.PARTLY, Answer.NO]),
                    evidence=f"{first.evidence} {rng.choice(EVIDENCE_REVISED)}",
                    seen_version=first.version,
                ),
            )
        acting_as(
            lead,
            lambda marker=marker: assessments.save_judgement(
                lead,
                review,
                marker,
                judgement=rng.choice([Judgement.MET, Judgement.MET, Judgement.PARTLY_MET, Judgement.NOT_MET]),
                rationale="The answers and their evidence support this judgement; see the panel minutes.",
                # A "Met" against a Partly or No answer needs a reason; kept only where one is needed.
                confirmation="The panel minutes record evidence beyond the answers.",
                seen_version=0,
            ),
        )


def review_fields(rng: random.Random, index: int, lead) -> dict:
    incident = datetime.date(2017, 1, 9) + datetime.timedelta(days=index * 11 % 3000)
    finished = incident.year < 2025
    return {
        "review_type": rng.choice([ReviewType.SCR, ReviewType.LCSPR, ReviewType.RAPID_REVIEW]),
        "stage": Stage.CLOSED if finished else rng.choice([Stage.INFORMATION, Stage.ANALYSIS, Stage.REPORT]),
        "framework_id": FRAMEWORK_ID,
        "incident_date": incident,
        "aware_date": incident + datetime.timedelta(days=3),
        "notification_date": incident + datetime.timedelta(days=3),
        "decision_date": incident + datetime.timedelta(days=25),
        "initiation_date": incident + datetime.timedelta(days=50),
        "publication_date": incident + datetime.timedelta(days=420) if finished else None,
        "lead_reviewer": lead,
    }


def purpose_records(rng: random.Random, review, manager, lead, sizes: dict) -> None:
    """The Clarity of purpose records of the review everyone is working on."""
    parties = []
    for group, count in zip(PartyGroup, sizes["parties"], strict=True):
        for number in range(count):
            parties.append(
                acting_as(
                    manager,
                    lambda group=group, number=number: purpose.add_party(
                        manager,
                        review,
                        group=group,
                        role=ROLES_BY_GROUP[group][number % len(ROLES_BY_GROUP[group])],
                        organisation=AGENCIES[(number + len(parties)) % len(AGENCIES)],
                        name="",
                    ),
                )
            )
    text = purpose.suggested_statement(review)
    for version in range(sizes["statements"]):
        text = text if version == 0 else f"{text}\n\nRevised after the panel meeting ({version})."
        acting_as(manager, lambda text=text: purpose.save_statement(manager, review, text))
    first_day = datetime.date(2025, 1, 6)
    for index in range(sizes["communications"]):
        to_group = index % 5 == 0
        author = rng.choice([manager, lead])
        acting_as(
            author,
            lambda index=index, to_group=to_group, author=author: purpose.save_communication(
                author,
                review,
                date=first_day + datetime.timedelta(days=index * 4),
                channel=rng.choice(list(Channel)),
                parties=[] if to_group else rng.sample(parties, rng.randint(1, min(6, len(parties)))),
                groups=[rng.choice([PartyGroup.PRACTITIONERS, PartyGroup.AGENCY_LEADERS])] if to_group else [],
                summary=summary(rng, index),
                explained_purpose=rng.random() < 0.8,
                receipt_confirmed=rng.random() < 0.6,
            ),
        )
    kinds = list(CircumstanceKind)
    for index in range(sizes["circumstances"]):
        identified = first_day + datetime.timedelta(days=index * 9)
        acknowledged = index % 3 != 2
        acting_as(
            manager,
            lambda index=index, identified=identified, acknowledged=acknowledged: purpose.save_circumstance(
                manager,
                review,
                kind=kinds[index % len(kinds)],
                description=f"{kinds[index % len(kinds)].label}, raised at the panel meeting of "
                f"{identified:%-d %B %Y}, and what it means for the learning purpose.",
                identified_on=identified,
                acknowledged_on=identified + datetime.timedelta(days=14) if acknowledged else None,
                acknowledged_how="Named in the letter to agency leaders, with how it will be handled."
                if acknowledged
                else "",
                acknowledged_to="Agency leaders and practitioners" if acknowledged else "",
            ),
        )


def concerns_with_runs(review, manager, lead) -> None:
    for number in range(CONCERNS_ON_MAIN_REVIEW):
        concern = acting_as(
            manager,
            lambda number=number: concerns.save_concern(
                manager,
                review,
                kind="omission",
                description=f"Follow-up after a missed appointment was not made ({number + 1}).",
                role="Health visitor",
                organisation="Northtown NHS Trust",
                name="",
                raised_on=datetime.date(2025, 5, 20),
            ),
        )
        run = acting_as(lead, lambda concern=concern: concerns.start_run(lead, concern))
        for position, (question_id, answer, note) in enumerate(CHILD_H_GUIDE_ANSWERS, 1):
            step = (run, position, question_id, answer, note)
            acting_as(lead, lambda step=step: concerns.answer_question(lead, *step))


# Findings, recommendations and actions at the size a partnership reaches after years of reviews: every
# concluded review has 3-6 findings coded to Learning Together and to themes shared across reviews (so that
# recurrence is real), 1-3 recommendations on them and 2-5 actions on each accepted one, with progress notes,
# statuses and impact as time has passed since the review was published.
FINDINGS_PER_REVIEW = (3, 6)
RECOMMENDATIONS_PER_REVIEW = (1, 3)
ACTIONS_PER_RECOMMENDATION = (2, 5)
NOTES_PER_ACTION = (0, 3)
LEARNING_TOGETHER = [
    "human-tool",
    "human-management-system",
    "multi-agency-incidents",
    "multi-agency-longer-term",
    "family-professional",
    "human-reasoning",
]
# (theme ids, finding) pairs: a review's findings are drawn from these with a clause of its own, so earlier
# reviews' findings recur in later ones by theme and by wording, as they do in real partnerships.
FINDING_TEXTS = [
    (
        ["information-sharing", "neglect"],
        "Missed health appointments were not shared with the school, and the school's attendance worries were not "
        "shared with health, so no agency held the whole picture of the child dropping out of contact",
    ),
    (
        ["domestic-abuse", "think-family"],
        "Domestic abuse reported to the police was not linked to the children's records, so the risk to the "
        "children was assessed as if each incident were the first",
    ),
    (
        ["mental-health", "transition"],
        "The move from children's to adult mental health services left a gap of months in which nobody held the "
        "young person's care plan or knew whom to call",
    ),
    (
        ["self-neglect", "mental-capacity"],
        "Practitioners accepted the adult's refusal of help at face value without assessing capacity for the "
        "specific decision, and the self-neglect procedure was never started",
    ),
    (
        ["professional-curiosity", "neglect"],
        "Home visits were arranged in advance and kept short, so practitioners saw the house at its best and did "
        "not ask about the children's daily care or who else lived there",
    ),
    (
        ["escalation", "information-sharing"],
        "Disagreement between agencies about the threshold for a strategy discussion was not escalated, and the "
        "escalation policy was not known to the practitioners who needed it",
    ),
    (
        ["homelessness", "alcohol-and-substance-use"],
        "Housing, substance misuse services and the GP each saw part of the adult's decline, but no multi-agency "
        "meeting brought their views together before the eviction",
    ),
    (
        ["think-family", "mental-health"],
        "Adult services working with the parent's mental health did not ask about the children in the household "
        "or share what they knew with children's social care",
    ),
    (
        ["information-sharing", "professional-curiosity"],
        "Records held in separate systems could not be seen by other agencies, and the chronology was pieced "
        "together only after the incident",
    ),
    (
        ["neglect", "escalation"],
        "Supervision focused on case numbers and deadlines, leaving little room to reflect on long-standing "
        "neglect or to challenge a plan that was not working",
    ),
]
FINDING_CONTEXT = [
    "in the months before the incident",
    "during the period the review examined",
    "in the out-of-hours service",
    "across the three agencies most involved",
    "when staff changed in the team",
    "while the case was open to early help",
]
RECOMMENDATION_TEXTS = [
    "Agencies should agree how missed contacts and attendance worries are shared, and audit the sharing a year on.",
    "The partnership should make its escalation policy known to every practitioner and check its use by audit.",
    "Supervision should include protected time to reflect on families where concerns have persisted.",
    "Adult and children's services should ask about the whole household and record what they share.",
    "The transition protocol should name who holds the care plan from the age of 17 until adult services accept.",
    "Practitioners should be trained in assessing capacity for specific decisions where self-neglect is suspected.",
]
ACTION_TEXTS = [
    "Revise the policy and issue it to every team, with a briefing for managers.",
    "Add a flag to the case record so that repeated missed contacts show as a pattern.",
    "Run a multi-agency audit of twenty cases and report the findings to the board.",
    "Deliver training to all practitioners in the service and record attendance.",
    "Agree a protocol with partner agencies and publish it on the partnership website.",
    "Make the item a standing agenda point in supervision and check it in the next audit.",
]
RESPONSIBLE = ["Head of service", "Named nurse for safeguarding", "Detective inspector", "Designated safeguarding lead"]
PROGRESS = [
    "Draft agreed by the working group; consultation with teams under way.",
    "Briefings held for two of the three localities; the last is booked.",
    "Delayed by staff changes; a new lead has been named and the timetable reset.",
    "Audit tool agreed; the first sample of cases has been chosen.",
]


def findings_and_actions(rng: random.Random, review, manager, lead, today: datetime.date, main: bool) -> None:
    """A concluded review's findings, recommendations and actions, each through its service as a person would
    record them, so every check and audit entry is the app's own."""
    made_on = min(review.publication_date, today)
    findings_made = []
    for number in range(FINDINGS_PER_REVIEW[1] if main else rng.randint(*FINDINGS_PER_REVIEW)):
        themes, text = FINDING_TEXTS[rng.randrange(len(FINDING_TEXTS))]
        findings_made.append(
            acting_as(
                lead,
                lambda themes=themes, text=text, number=number: findings.save_finding(
                    lead,
                    review,
                    statement=f"{text}, {rng.choice(FINDING_CONTEXT)}.",
                    evidence=rng.choice(EVIDENCE),
                    categories=rng.sample(LEARNING_TOGETHER, rng.randint(1, 2)),
                    themes=themes[: 1 + number % 2],
                    match_recurrences=False,
                ),
            )
        )
    for _ in range(RECOMMENDATIONS_PER_REVIEW[1] if main else rng.randint(*RECOMMENDATIONS_PER_REVIEW)):
        agencies = rng.sample(AGENCIES, rng.randint(1, 2))
        response = rng.choices(
            [
                findings_models.Response.ACCEPTED,
                findings_models.Response.ACCEPTED_IN_PART,
                findings_models.Response.NOT_ACCEPTED,
            ],
            weights=[80, 15, 5],
        )[0]
        recommendation = acting_as(
            lead,
            lambda agencies=agencies, response=response: findings.save_recommendation(
                lead,
                review,
                text=rng.choice(RECOMMENDATION_TEXTS),
                findings=rng.sample(findings_made, min(len(findings_made), rng.randint(1, 2))),
                to_board=rng.random() < 0.3,
                agencies=agencies,
                made_on=made_on,
                response=response,
                response_reason=""
                if response == findings_models.Response.ACCEPTED
                else "The board agreed the aim but not the means; the reason is in its written response.",
            ),
        )
        if response == findings_models.Response.NOT_ACCEPTED:
            continue
        for _ in range(rng.randint(*ACTIONS_PER_RECOMMENDATION)):
            agency = rng.choice([*agencies, rng.choice(AGENCIES)])
            due_on = made_on + datetime.timedelta(days=rng.randint(60, 540))
            action = acting_as(
                manager,
                lambda agency=agency, due_on=due_on, recommendation=recommendation: findings.add_action(
                    manager,
                    recommendation,
                    description=rng.choice(ACTION_TEXTS),
                    agency=agency,
                    responsible=rng.choice(RESPONSIBLE),
                    due_on=due_on,
                ),
            )
            progress(rng, action, manager, made_on, today)


def progress(rng: random.Random, action, manager, made_on: datetime.date, today: datetime.date) -> None:
    """Notes, status and impact as far as the time since the review allows: long-past actions mostly done,
    recent ones open, some overdue."""
    last_day = min(today, action.due_on + datetime.timedelta(days=60))
    span = max(0, (last_day - made_on).days)
    for day in sorted(rng.sample(range(span + 1), min(span + 1, rng.randint(*NOTES_PER_ACTION)))):
        acting_as(
            manager,
            lambda day=day: findings.add_note(
                manager, action, noted_on=made_on + datetime.timedelta(days=day), text=rng.choice(PROGRESS)
            ),
        )
    long_past = action.due_on < today - datetime.timedelta(days=180)
    roll = rng.random()
    Status = findings_models.Status
    if long_past and roll < 0.8 or not long_past and action.due_on < today and roll < 0.4:
        done_on = min(today, action.due_on - datetime.timedelta(days=rng.randint(0, 40)))
        done_on = max(done_on, made_on)
        status = dict(
            status=Status.DONE,
            not_doing_reason="",
            done_on=done_on,
            done_evidence="The revised policy and the briefing records are on the partnership's file.",
        )
    elif long_past and roll < 0.85:
        status = dict(
            status=Status.NOT_DOING,
            not_doing_reason="Overtaken by the national guidance of that year.",
            done_on=None,
            done_evidence="",
        )
    elif roll < 0.9 or long_past:
        status = dict(status=Status.IN_PROGRESS, not_doing_reason="", done_on=None, done_evidence="")
    else:
        return  # not started
    acting_as(manager, lambda: findings.update_action(manager, action, **status))
    if status["status"] == Status.DONE and rng.random() < 0.35:
        checked = min(today, status["done_on"] + datetime.timedelta(days=rng.randint(30, 180)))
        acting_as(
            manager,
            lambda: findings.save_impact(
                manager,
                action,
                what_changed="Practitioners now record the pattern and discuss it in supervision.",
                how_known="Audit of case records in the quarter after the change.",
                checked_on=checked,
            ),
        )


def build_partnership(rng: random.Random, name: str, users: dict, started: float, *, light: bool) -> dict:
    members = [p for p in PEOPLE if p[3] == name]
    manager = users[next(p[0] for p in members if p[4] is Role.BUSINESS_MANAGER)]
    leads = [users[p[0]] for p in members if p[4] is Role.LEAD_REVIEWER]
    partnership = Partnership.objects.get(name=name)
    acting_as(
        manager,
        lambda: learning.save_framework(
            manager,
            partnership,
            principles=learning.suggested_principles(partnership),
            causation_model_id=learning.DEFAULT_MODEL,
        ),
    )
    count = REVIEW_COUNTS[name]
    today = timezone.localdate()
    review_ids = []
    for index in range(count):
        lead = leads[0] if index == 0 else rng.choice(leads)
        reference = MAIN_REVIEW[name] if index == 0 else f"Child {2017 + index * 11 // 365}-{index:03d}"
        with transaction.atomic():  # one commit per review: SQLite builds in minutes, not hours
            review = acting_as(
                manager,
                lambda lead=lead, index=index, reference=reference: reviews.create_review(
                    manager, partnership, reference=reference, **review_fields(rng, index, lead)
                ),
            )
            if index == 0 or not light:
                answer_review(rng, review, lead, manager)
            if index == 0:
                purpose_records(rng, review, manager, lead, MAIN_RECORDS[name])
                concerns_with_runs(review, manager, lead)
            if review.stage == Stage.CLOSED and review.publication_date is not None:
                findings_and_actions(rng, review, manager, lead, today, main=index == 0)
        review_ids.append(review.pk)
        if (index + 1) % 10 == 0 or index + 1 == count:
            print(
                f"  {name}: {index + 1}/{count} reviews, {AuditEvent.objects.count():,} audit entries, "
                f"{findings_models.ImprovementAction.objects.count():,} actions, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    return {
        "id": partnership.pk,
        "main_review": review_ids[0],
        # The findings pages are visited on the review that began last of those concluded: its findings are
        # matched against every earlier review's, the most work the recurrence match does for one review.
        "findings_review": max(
            Review.objects.filter(pk__in=review_ids, stage=Stage.CLOSED, findings__isnull=False).distinct(),
            key=started_on,
        ).pk,
        "reviews": review_ids,
    }


def main(manifest_path: Path, *, light: bool = False) -> None:
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    if Partnership.objects.exists():
        raise SystemExit("The benchmark database is not empty: build only into a new database.")
    rng = random.Random(2026)  # noqa: S311 - repeatable made-up data, not a secret
    users = people()
    secrets = authenticator_secrets(users)
    partnerships = {name: build_partnership(rng, name, users, started, light=light) for name in (NORTH, SOUTH)}
    recurrence.rematch()
    manifest = {
        "password": PASSWORD,
        "people": [
            {"username": username, "partnership": partnership, "role": role.value, "totp_secret": secrets.get(username)}
            for username, _first, _last, partnership, role in PEOPLE
        ],
        "partnerships": partnerships,
        "audit_entries": AuditEvent.objects.count(),
        "light": light,
        "records": {
            "findings": findings_models.Finding.objects.count(),
            "recommendations": findings_models.Recommendation.objects.count(),
            "actions": findings_models.ImprovementAction.objects.count(),
            "open actions": findings_models.ImprovementAction.objects.filter(
                status__in=findings_models.OPEN_STATUSES
            ).count(),
            "overdue actions": findings_models.ImprovementAction.objects.filter(
                status__in=findings_models.OPEN_STATUSES, due_on__lt=timezone.localdate()
            ).count(),
            "progress notes": findings_models.ProgressNote.objects.count(),
            "impacts": findings_models.Impact.objects.count(),
        },
        "build_seconds": round(time.monotonic() - started),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    print(f"  Built in {manifest['build_seconds']} s: {manifest['audit_entries']:,} audit entries.", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), light="--light" in sys.argv[2:])
