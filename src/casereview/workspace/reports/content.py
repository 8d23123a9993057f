"""What a review's board report says, gathered from the records as one document for both outputs.

Each section is one function that adds its blocks; ``SECTIONS`` lists them in the order the report prints them.
A new section is a new member of ``Section`` (in ``sections.py``, with its label) and one more function here; the
form, the CLI and the audit entry follow.
Concerns about one person's practice are never gathered here: they are kept apart from the learning, and no
option brings them in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from casereview.causation import shipped_models
from casereview.markers import Answer, Evidence, Framework, Judgement, MarkerSummary

from ..assessments.models import IndicatorAnswer, MarkerJudgement
from ..assessments.services import framework_summary
from ..clocks.services import review_steps
from ..findings import services as findings
from ..findings.models import Status
from ..jinja import basis_label, format_date
from ..purpose import services as purpose
from ..purpose.models import Communication, PartyGroup
from ..reviews.models import Review
from ..wording.results import CheckSummary, Wording
from ..wording.services import stored_summaries
from .document import Builder, Document
from .people import Naming
from .sections import Section


@dataclass(frozen=True)
class Options:
    """What a partnership chose for one report: the sections in it and whether people appear by role."""

    sections: frozenset[Section] = frozenset(Section)
    by_role: bool = False

    def describe(self) -> str:
        """The choice in a few words, for the audit trail and the report's own introduction."""
        left_out = [section.label.split(":")[0].lower() for section in Section if section not in self.sections]
        words = "names replaced by roles" if self.by_role else "with people's names"
        return words + (f"; left out: {', '.join(left_out)}" if left_out else "; every section")


def _day(value: datetime.date | None) -> str:
    return format_date(value) if value else "Not recorded"


# --- the register entry and its timescales --------------------------------------------------------------------


def _lead_reviewer(review: Review, naming: Naming) -> str:
    if review.lead_reviewer is None:
        kept = naming.kept("review", review.pk, "lead_reviewer")
        if kept is None:
            return "Not assigned yet"
        # As the review's page says it; by role, their name is all the file gave of them.
        return (
            "Named in the imported file; no account here"
            if naming.by_role
            else f"{kept}, named in the imported file; no account here"
        )
    return "Assigned (named by role in this report)" if naming.by_role else naming.person(review.lead_reviewer)


def _register(review: Review, naming: Naming, out: Builder) -> None:
    out.heading("Register entry and timescales", 1)
    framework = review.framework
    rows = [
        ("Anonymised reference", review.reference),
        ("Type of review", review.get_review_type_display()),
        ("Stage", review.get_stage_display()),
        ("Lead reviewer", _lead_reviewer(review, naming)),
        ("Quality markers", f"{framework.short_title} ({framework.publisher}, {framework.year})"),
    ]
    for name in (
        "incident_date",
        "aware_date",
        "notification_date",
        "decision_date",
        "initiation_date",
        "publication_date",
    ):
        rows.append((str(Review._meta.get_field(name).verbose_name), _day(getattr(review, name))))
    if review.closed_on:
        rows += [("Date closed", _day(review.closed_on)), ("Why it was closed", review.closure_reason)]
    out.facts(rows)

    out.heading("Steps and timescales", 2)
    steps = review_steps(review)
    if not steps:
        out.paragraph("No steps are set for this type of review.")
        return
    rows = []
    for item in steps:
        clock = item.clock
        due = _day(clock.due) if clock.due else "Not known yet"
        if clock.extended:
            due += f" (was {_day(clock.timescale_due)})"
        status = str(clock.status)
        notes = [status[0].upper() + status[1:] + "."]
        if item.record and item.record.lateness_reason:
            notes.append(f"Why late: {item.record.lateness_reason}")
        if item.record and item.record.circumstance:
            notes.append(f"Linked to the complicating circumstance: {item.record.circumstance.get_kind_display()}.")
        for extension in item.extensions:
            notes.append(
                f"{extension.get_kind_display()} to {_day(extension.due_on)}, agreed by {extension.agreed_by} on "
                f"{_day(extension.agreed_on)}: {extension.reason}"
            )
        step = item.step
        name = f"{step.name}\n{basis_label(step.basis)}: {step.period} {step.counts_from.replace('-', ' ')}"
        rows.append((name, due, format_date(clock.done) if clock.done else "", "\n".join(notes)))
    out.table(
        f"Steps of {review.reference}, with due dates in working days (England and Wales) less "
        f"{review.partnership.name}'s closure days",
        ("Step", "Due", "Done", "Status"),
        rows,
    )


# --- the quality markers --------------------------------------------------------------------------------------


_EVIDENCE_NAMES = {
    Evidence.PARTIES_TOLD: "who was told about the purpose",
    Evidence.PURPOSE_COMMUNICATIONS: "the purpose statement and communications",
    Evidence.COMPLICATING_CIRCUMSTANCES: "complicating circumstances",
    Evidence.LEARNING_FRAMEWORK: "the learning framework",
    Evidence.TIMELINESS: "timeliness",
    Evidence.FINDINGS: "findings",
    Evidence.RECOMMENDATIONS: "recommendations",
    Evidence.ACTIONS: "actions",
}


def judgement_text(summary: MarkerSummary) -> str:
    """A marker's judgement as the pages show it: a marker casereview holds only in part says so."""
    text = summary.judgement.label
    return f"{text} (marker held in part)" if summary.partial else text


def _markers(review: Review, naming: Naming, out: Builder) -> None:
    framework = review.framework
    out.heading(f"{framework.short_title}: questions, answers, evidence and judgements", 1)
    out.paragraph(
        f"Each marker of the {framework.title} ({framework.publisher}, {framework.year}) with the review's answer "
        "to each of its questions, the evidence given and the marker's judgement."
    )
    answers = {
        (record.marker_id, record.indicator_id): record
        for record in IndicatorAnswer.objects.filter(review=review, framework_id=framework.id).select_related(
            "answered_by"
        )
    }
    judgements = {
        record.marker_id: record
        for record in MarkerJudgement.objects.filter(review=review, framework_id=framework.id).select_related(
            "judged_by"
        )
    }
    # What the records show under a question or for a whole marker, as the marker pages show it: computed once.
    found = purpose.evidence(review, {kind for marker in framework.markers for kind in marker.needed_evidence})
    for group in framework_summary(review):
        counts = group.judgement_counts
        out.heading(group.title, 2)
        out.paragraph(
            f"{group.questions_text}. Met: {counts[Judgement.MET]}, partly met: {counts[Judgement.PARTLY_MET]}, "
            f"not met: {counts[Judgement.NOT_MET]}, not yet judged: {counts[Judgement.NOT_JUDGED]}."
        )
        for summary in group.markers:
            _marker(summary, answers, judgements.get(summary.marker.id), framework, found, naming, out)


def _marker(
    summary: MarkerSummary,
    answers: dict[tuple[str, str], IndicatorAnswer],
    judgement: MarkerJudgement | None,
    framework: Framework,
    found: dict[Evidence, object],
    naming: Naming,
    out: Builder,
) -> None:
    marker = summary.marker
    out.heading(f"{marker.number}. {marker.title}", 3)
    if summary.partial:
        out.paragraph(
            "casereview holds only part of this marker: the parts it does not hold are in the partnership's copy "
            "of the published marker, and the judgement rests on the whole of it.",
            note=True,
        )
    rows = [("Judgement", judgement_text(summary))]
    if judgement is not None and judgement.judgement_value is not Judgement.NOT_JUDGED:
        rows.append(("Rationale", judgement.rationale or "None given"))
        if judgement.confirmation:
            rows.append(("Why the judgement stands despite the answers or records", judgement.confirmation))
        who = naming.recorded_by(judgement.judged_by, "marker_judgements", judgement.pk, "judged_by")
        rows.append(("Judged", f"By {who} on {_day(judgement.judged_at.date())}"))
    rows.append(("Questions", summary.questions_text))
    for shown in purpose.marker_evidence(marker, found):
        text = purpose.evidence_text(shown.kind, shown.found)
        if not text:  # records the pages show as a link or a panel of their own, with no words to copy
            continue
        name = f"What the records show: {_EVIDENCE_NAMES[shown.kind]}"
        if shown.circumstance_kind is not None:
            name += f" of the kind “{shown.circumstance_label}”"
        rows.append((name, text))
    out.facts(rows)
    indicators = marker.answerable_indicators
    if indicators:
        table_rows = []
        for indicator in indicators:
            number = marker.indicators.index(indicator) + 1
            question = f"{number}. {indicator.text}"
            role = framework.role_title(indicator.role)
            if role:
                question = f"{question}\n(For: {role})"
            record = answers.get((marker.id, indicator.id))
            answer = record.answer_value if record else Answer.NOT_ANSWERED
            evidence = ""
            if record is not None and answer is not Answer.NOT_ANSWERED:
                evidence = record.evidence or "None given"
                who = naming.recorded_by(record.answered_by, "indicator_answers", record.pk, "answered_by")
                evidence += f"\nAnswered by {who} on {_day(record.answered_at.date())}."
            records = purpose.evidence_text(indicator.evidence, found[indicator.evidence]) if indicator.evidence else ""
            if records:
                evidence = (f"{evidence}\n\n" if evidence else "") + f"What the records show: {records}"
            table_rows.append((question, answer.label, evidence))
        out.table(
            f"Questions of marker {marker.number}, {marker.title}", ("Question", "Answer", "Evidence"), table_rows
        )
    if marker.cut_off_count:
        many = marker.cut_off_count > 1
        out.paragraph(
            f"{marker.cut_off_count} question{'s were' if many else ' was'} cut off part-way in the source, so "
            f"{'they are' if many else 'it is'} not offered for an answer.",
            note=True,
        )
    if not marker.indicators_complete:
        out.paragraph("The published marker has more questions than are held here.", note=True)


# --- Clarity of purpose ---------------------------------------------------------------------------------------


_COVERAGE = {
    purpose.CoverageStatus.ALL_TOLD: "Everyone told",
    purpose.CoverageStatus.SOME_TOLD: "Some told",
    purpose.CoverageStatus.NONE_TOLD: "Nobody told yet",
    purpose.CoverageStatus.NOBODY_REGISTERED: "Nobody registered",
    purpose.CoverageStatus.NOT_APPLICABLE: "Not applicable",
}


def _told(communications: list[Communication]) -> str:
    return "; ".join(f"{c.channel_label.lower()} of {_day(c.date)}" for c in communications)


def _purpose(review: Review, naming: Naming, out: Builder) -> None:
    out.heading("Clarity of purpose", 1)
    out.paragraph(
        "Everyone involved should know, from the outset, that the review is for organisational learning and "
        "improvement, and any circumstances that complicate that should be acknowledged honestly."
    )
    out.heading("Purpose statement", 2)
    statement = purpose.current_statement(review)
    if statement is None:
        out.paragraph("No purpose statement has been written yet.")
    else:
        out.paragraph(statement.text)
        out.paragraph(
            f"Version {statement.version}, written by "
            f"{naming.recorded_by(statement.written_by, 'purpose_statements', statement.pk, 'written_by')} on "
            f"{_day(timezone.localtime(statement.written_at).date())}.",
            note=True,
        )

    logged = purpose.communications(review, text=False)
    out.heading("Who was told", 2)
    for group in purpose.coverage(review, logged):
        out.heading(f"{group.group.label}: {_COVERAGE[group.status].lower()}", 3)
        if group.not_applicable is not None:
            out.paragraph(f"Not applicable to this review: {group.not_applicable.reason}")
        elif not group.parties:
            out.paragraph("Nobody is registered in this group, and it is not marked as not applicable.")
        else:
            rows = []
            for item in group.parties:
                if item.told:
                    state = f"Told: {_told(item.told_by)}"
                elif item.sent_unconfirmed:
                    state = f"Sent, not confirmed: {_told(item.sent_unconfirmed)}"
                else:
                    state = "Not yet told"
                rows.append((naming.party(item.party), state))
            out.paragraph(f"{group.told_count} of {len(group.parties)} told.")
            out.table(f"{group.group.label}: who was told", ("Who", "Told about the purpose"), rows)

    out.heading("Communications about the purpose", 2)
    if not logged:
        out.paragraph("No communication about the purpose has been logged.")
    else:
        rows = []
        for communication in logged:
            to = naming.parties(communication.named_parties) + [
                f"All of: {PartyGroup(group).label.lower()}" for group in communication.groups
            ]
            if communication.receipt_confirmed:
                receipt = "Confirmed"
            elif communication.receipt_not_needed.strip():
                receipt = f"Not needed: {communication.receipt_not_needed.strip()}"
            else:
                receipt = "Not confirmed"
            rows.append(
                (
                    f"{_day(communication.date)}, {communication.channel_label.lower()}",
                    "\n".join(to) or "Nobody named",
                    "Yes" if communication.explained_purpose else "No",
                    receipt,
                )
            )
        out.table(
            "Communications about the purpose, newest first",
            ("When and how", "To whom", "Explained the purpose", "Receipt"),
            rows,
        )

    out.heading("Complicating circumstances", 2)
    circumstances = purpose.circumstances(review)
    if not circumstances:
        out.paragraph("No complicating circumstance has been recorded.")
    for circumstance in circumstances:
        out.heading(circumstance.get_kind_display(), 3)
        rows = [("What it is", circumstance.description), ("Identified", _day(circumstance.identified_on))]
        if circumstance.acknowledged:
            rows += [
                ("Acknowledged", _day(circumstance.acknowledged_on)),
                ("To whom", circumstance.acknowledged_to or "Not recorded"),
                ("How", circumstance.acknowledged_how or "Not recorded"),
            ]
        else:
            rows.append(("Acknowledged", "Not yet acknowledged"))
        out.facts(rows)


# --- findings, recommendations and actions ---------------------------------------------------------------------


def _check_cells(summary: CheckSummary | Wording) -> tuple[str, str]:
    """A stored wording check as the report words it: how the text underlines learning, and what was found."""
    verdict = summary.verdict
    purpose_text = (
        f"{verdict.strength.value.capitalize()}. {verdict.explanation}"
        if verdict is not None
        else "No verdict: the check gives one to short texts only"
    )
    found = ", ".join(
        f"{'learning signals' if category.value == 'learning' else category.value}: {count}"
        for category, count in summary.counts
    )
    found = found[0].upper() + found[1:] if found else "None"
    if summary.second_looks:
        found += f"\nWorth a second look (not counted): {summary.second_looks}"
    return purpose_text, found


def _findings(review: Review, naming: Naming, out: Builder) -> None:
    out.heading("Findings, recommendations and actions", 1)
    shown = findings.shown_findings(review)
    recommendations = list(review.recommendations.prefetch_related("findings"))
    if not shown and not recommendations:
        out.paragraph("The review has no findings, recommendations or actions recorded yet.")
        return
    out.heading("Findings", 2)
    if not shown:
        out.paragraph("No findings are recorded yet.")
    for item in shown:
        finding = item.finding
        out.heading(f"Finding {finding.number}", 3)
        out.paragraph(finding.statement)
        # As the findings page shows it: what the check found, not the verdict on stating a review's purpose.
        found = _check_cells(item.check)[1]
        coded = ", ".join(item.categories) or "Not coded yet"
        if item.categories:
            coded_to = shipped_models().get(finding.causation_model_id)
            coded += f" ({coded_to.title if coded_to else finding.causation_model_id})"
        rows = [
            ("Evidence", finding.evidence or "None given"),
            ("Causation categories", coded),
            ("Themes", ", ".join(item.themes) or "None chosen"),
        ]
        if item.documents:
            rows.append(("Documents it rests on", "\n".join(document.original_name for document in item.documents)))
        rows.append(("Wording check", "Nothing found" + found[len("None") :] if found.startswith("None") else found))
        out.facts(rows)
        if item.blames:
            out.paragraph(
                "The wording check reads this finding as blaming one person: a finding is about the system. A concern "
                "about one person's practice is raised apart and worked through the just culture guide.",
                note=True,
            )

    out.heading("Recommendations", 2)
    if not recommendations:
        out.paragraph("No recommendations are made yet.")
    for recommendation in recommendations:
        out.heading(f"Recommendation {recommendation.number}", 3)
        out.paragraph(recommendation.text)
        to = (["The board"] if recommendation.to_board else []) + list(recommendation.agencies)
        response = recommendation.get_response_display() if recommendation.response else "Awaiting the board's response"
        rows = [
            ("Addressed to", "\n".join(to)),
            ("Made on", _day(recommendation.made_on)),
            ("Rests on", ", ".join(f"finding {finding.number}" for finding in recommendation.findings.all())),
            ("Board's response", response),
        ]
        if recommendation.response_reason:
            rows.append(("Reason for the response", recommendation.response_reason))
        out.facts(rows)

    out.heading("Actions", 2)
    evidence = findings.actions_evidence(review)
    if not evidence.actions:
        out.paragraph("No actions are planned yet.")
        return
    out.paragraph(" ".join(findings.evidence_lines(evidence)))
    for number, action in enumerate(evidence.actions, 1):
        out.heading(f"Action {number}, on recommendation {action.recommendation.number}: {action.agency}", 3)
        out.paragraph(action.description)
        status = action.get_status_display()
        if action.is_overdue(evidence.today):
            status += " (overdue)"
        rows = [
            ("Agency", action.agency),
            # Free text: a known name in it is replaced by the person's role with the rest of the document.
            ("Person responsible", action.responsible),
            ("Due", _day(action.due_on)),
            ("Status", status),
        ]
        if action.status == Status.NOT_DOING:
            rows.append(("Why it is not being done", action.not_doing_reason))
        if action.status == Status.DONE:
            rows += [("Done on", _day(action.done_on)), ("Evidence it was done", action.done_evidence)]
        notes = list(action.notes.all())
        if notes:
            rows.append(("Progress", "\n".join(f"{_day(note.noted_on)}: {note.text}" for note in notes)))
        impact = action.recorded_impact
        if impact is not None:
            rows += [
                ("Impact: what changed", impact.what_changed),
                ("Impact: how it was known", impact.how_known),
                ("Impact checked on", _day(impact.checked_on)),
            ]
        elif action.status == Status.DONE:
            rows.append(("Impact", "Not recorded yet"))
        out.facts(rows)


# --- the wording check ----------------------------------------------------------------------------------------


def _wording(review: Review, naming: Naming, out: Builder) -> None:
    out.heading("Wording check of the review's texts", 1)
    out.paragraph(
        "casereview checks each saved text for blame, counterfactual, hindsight-biased and judgemental wording, "
        "and for whether it underlines learning and improvement. Concerns about one person's practice are not "
        "in this report, nor their wording."
    )
    named: list[tuple[str, str]] = []
    statement = purpose.current_statement(review)
    if statement is not None:
        named.append((f"Purpose statement, version {statement.version}", statement.text))
    for communication in reversed(purpose.communications(review)):
        named.append((f"{communication.channel_label} of {_day(communication.date)}", communication.summary))
    if not named:
        out.paragraph("No text of this review has been saved yet.")
        return
    summaries = stored_summaries({position: text for position, (_, text) in enumerate(named)})
    rows = []
    for position, (name, _) in enumerate(named):
        purpose_text, found = _check_cells(summaries[position])
        rows.append((name, purpose_text, found))
    out.table(
        "The wording check of each saved text", ("Text", "How it underlines the learning purpose", "Findings"), rows
    )


SECTIONS: dict[Section, Callable[[Review, Naming, Builder], None]] = {
    Section.REGISTER: _register,
    Section.MARKERS: _markers,
    Section.PURPOSE: _purpose,
    Section.FINDINGS: _findings,
    Section.WORDING: _wording,
}


def board_report(
    review: Review,
    options: Options,
    *,
    made_by: AbstractBaseUser | None = None,
    gathering: Callable[[Section], None] = lambda _: None,
) -> Document:
    """The board report of the review with the sections chosen, people named as chosen. ``gathering`` is told of
    each section as its records are about to be read, for a job's progress."""
    naming = Naming(review, by_role=options.by_role)
    out = Builder()
    for section, add in SECTIONS.items():
        if section in options.sections:
            gathering(section)
            add(review, naming, out)
    made_at = timezone.localtime()
    introduction = [
        f"{review.get_review_type_display()} of {review.partnership.name}, at the stage: "
        f"{review.get_stage_display().lower()}. Made on {_day(made_at.date())}"
        + (f" by {naming.person(made_by)}." if made_by is not None else " from the command line."),
    ]
    if options.by_role:
        introduction.append("People are named by their role: every name casereview knows is replaced.")
    left_out = [section.label for section in Section if section not in options.sections]
    if left_out:
        introduction.append("Left out of this report: " + "; ".join(left_out) + ".")
    document = Document(
        title=f"{review.reference}: board report",
        partnership=review.partnership.name,
        made_at=made_at,
        introduction=tuple(introduction),
        blocks=tuple(out.blocks),
        author=naming.person(made_by) if made_by is not None else review.partnership.name,
    )
    return document.rewritten(naming.text) if options.by_role else document
