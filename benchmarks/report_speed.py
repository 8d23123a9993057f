"""How long a review's board report takes to make, as PDF and as Word, for the demonstration's reviews and a
large one.

Run: .venv/bin/python benchmarks/report_speed.py [--runs 3] [--database-url URL]
Without --database-url it prepares a SQLite database of the demonstration data in a temporary folder. "Large"
is a review made here with every SCR question answered and every marker judged (about 1,500 characters of
evidence each), 60 parties, 80 communications and 15 complicating circumstances: a busy review near its end.
Prints the best and the median of the runs for gathering the content, the PDF and the Word file, with the
PDF's pages. Wall-clock seconds: on a shared machine they rise with its load.

With --jobs it prints instead the seconds from asking for a report as the web page does (a job saved, its own
process started) to the job being done, as PDF and as Word: what a person waits, process start-up included.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from demo_database import prepare  # noqa: E402

EVIDENCE = (
    "Minutes of the panel meeting record that agencies were told the review is for learning and improvement, "
    "and that practitioners would be supported to describe their work and the conditions they worked in. "
)


def _large_review():
    """A review with every record a board report shows, many of each (made once; kept if there already)."""
    from django.contrib.auth import get_user_model

    from casereview.markers import Answer, Judgement
    from casereview.workspace.assessments import services as assessments
    from casereview.workspace.assessments.services import JudgementNeedsConfirmation
    from casereview.workspace.purpose import services as purpose
    from casereview.workspace.purpose.models import Channel, CircumstanceKind, PartyGroup
    from casereview.workspace.reviews.models import Review, ReviewType, Stage
    from casereview.workspace.reviews.services import create_review

    found = Review.objects.filter(reference="Child Z (benchmark)").first()
    if found is not None:
        return found
    amina = get_user_model().objects.get(username="amina")
    north = amina.memberships.get().partnership
    review = create_review(
        amina,
        north,
        reference="Child Z (benchmark)",
        review_type=ReviewType.LCSPR,
        stage=Stage.BOARD_RESPONSE,
        framework_id="scr-quality-markers",
        incident_date=datetime.date(2025, 9, 1),
        notification_date=datetime.date(2025, 9, 3),
        decision_date=datetime.date(2025, 10, 1),
        initiation_date=datetime.date(2025, 10, 15),
        publication_date=None,
        lead_reviewer=get_user_model().objects.get(username="bea"),
    )
    purpose.save_statement(amina, review, "The review is for learning and improvement, not blame. " * 12)
    groups = list(PartyGroup)
    parties = [
        purpose.add_party(
            amina,
            review,
            group=groups[number % len(groups)],
            role=f"Practitioner {number}",
            organisation=f"Agency {number % 9}",
            name=f"Person {number} Surname{number}",
        )
        for number in range(60)
    ]
    for number in range(80):
        purpose.save_communication(
            amina,
            review,
            date=datetime.date(2025, 10, 20) + datetime.timedelta(days=number),
            channel=Channel.LETTER if number % 2 else Channel.MEETING,
            parties=parties[number % 60 : number % 60 + 3],
            groups=[],
            summary=EVIDENCE * 4,
            explained_purpose=True,
            receipt_confirmed=bool(number % 3),
            receipt_not_needed="",
        )
    kinds = list(CircumstanceKind)
    for number in range(15):
        purpose.save_circumstance(
            amina,
            review,
            kind=kinds[number % len(kinds)],
            description=EVIDENCE * 2,
            identified_on=datetime.date(2025, 10, 2) + datetime.timedelta(days=number),
            acknowledged_on=datetime.date(2025, 10, 30) if number % 2 else None,
            acknowledged_how=EVIDENCE if number % 2 else "",
            acknowledged_to="Agency leaders and practitioners" if number % 2 else "",
        )
    for marker in review.framework.markers:
        for indicator in marker.answerable_indicators:
            assessments.save_answer(
                amina, review, marker, indicator, answer=Answer.YES, evidence=EVIDENCE * 8, seen_version=0
            )
        try:
            assessments.save_judgement(
                amina, review, marker, judgement=Judgement.MET, rationale=EVIDENCE * 4, seen_version=0
            )
        except JudgementNeedsConfirmation:
            assessments.save_judgement(
                amina,
                review,
                marker,
                judgement=Judgement.MET,
                rationale=EVIDENCE * 4,
                confirmation="The panel agreed it stands.",
                seen_version=0,
            )
    return review


def _timed(function, runs: int) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds of each run, and the last result. CPU time (this process alone) says the same
    as the wall clock with less noise from the rest of a shared machine."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--jobs", action="store_true", help="time from asking to done, through the job's process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepare(args.database_url, Path(folder), debug=True)
        if args.jobs:
            return _asking_to_done(args.runs)
        import pypdfium2

        from casereview.workspace.reports.content import Options, board_report
        from casereview.workspace.reports.pdf import report_pdf
        from casereview.workspace.reports.word import report_docx
        from casereview.workspace.reviews.models import Review

        reviews = [Review.objects.get(reference="Child L"), Review.objects.get(reference="Child H"), _large_review()]
        print(
            f"{'Review':<22} {'content s':>10} {'PDF s (best/median)':>20} {'PDF CPU s':>10} {'pages':>6} "
            f"{'Word s':>7} {'Word CPU s':>11}"
        )
        for review in reviews:
            content_times, _, document = _timed(lambda review=review: board_report(review, Options()), args.runs)
            pdf_times, pdf_cpu, pdf = _timed(lambda document=document: report_pdf(document), args.runs)
            word_times, word_cpu, _ = _timed(lambda document=document: report_docx(document), args.runs)
            pages = len(pypdfium2.PdfDocument(pdf))
            print(
                f"{review.reference:<22} {min(content_times):>10.2f} "
                f"{min(pdf_times):>9.2f}/{statistics.median(pdf_times):<9.2f} {min(pdf_cpu):>10.2f} {pages:>6} "
                f"{min(word_times):>7.2f} {min(word_cpu):>11.2f}"
            )
        print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


def _asking_to_done(runs: int) -> int:
    from django.contrib.auth import get_user_model

    from casereview.workspace.reports.content import Options
    from casereview.workspace.reports.services import ask_for_report
    from casereview.workspace.reviews.models import Review

    amina = get_user_model().objects.get(username="amina")
    reviews = [Review.objects.get(reference="Child L"), _large_review()]
    print(f"{'Review':<22} {'format':>6} {'asking to done s (best/median)':>31} {'pages':>6} {'steps seen':>11}")
    for review in reviews:
        for file_format in ("pdf", "docx"):
            times, seen, job = [], set(), None
            for _ in range(runs):
                start = time.perf_counter()
                job = ask_for_report(amina, review, options=Options(), file_format=file_format)
                while not job.finished:
                    time.sleep(0.05)
                    job.refresh_from_db()
                    seen.add(job.step)
                times.append(time.perf_counter() - start)
                if job.state != "done":
                    print(f"{review.reference}: the job failed: {job.error}")
                    return 1
            print(
                f"{review.reference:<22} {file_format:>6} {min(times):>15.2f}/{statistics.median(times):<15.2f} "
                f"{job.pages or '':>6} {len(seen):>11}"
            )
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
