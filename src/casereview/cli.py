"""The ``casereview`` command."""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
    import django

    django.setup()


class _Refused(Exception):
    """A command that cannot go ahead for a reason of its own: the message for the user, and the exit status."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def _refusal_status(error: Exception) -> int | None:
    """The exit status of a refusal a command may meet (the message says why, in the user's words), or None for
    an error that is a fault of ours. Imported only when something went wrong, so no command pays for them."""
    from casereview.workspace.audit.services import NotWritten
    from casereview.workspace.backup import BackupError
    from casereview.workspace.reviews.services import NoSuchReview
    from casereview.workspace.transfer.services import TransferRefused

    if isinstance(error, _Refused):
        return error.status
    statuses = {NoSuchReview: 2, TransferRefused: 1, BackupError: 1, NotWritten: 1}
    return next((status for kind, status in statuses.items() if isinstance(error, kind)), None)


Command = Callable[[argparse.Namespace], int]


def _django(
    *, serving: bool = False, migrate: bool = False, clocks: bool = False, refused: str = ""
) -> Callable[[Command], Command]:
    """A command that needs the workspace: Django set up, the SQLite folder made and, if asked, the database
    migrated, before it runs; exit 2 (after saying why) if the settings are wrong. ``serving`` adds the checks
    that only serving needs (a secret key); serving and ``clocks`` read the clocks' data files (step files, bank
    holidays) first, so that one that cannot be read stops the command with the file, the line and the reason.

    What the command changes or takes out is recorded as done by the command line, naming the system account
    that runs it. A refusal (``_refusal_status``) ends it with its message, after ``refused``, and its exit
    status."""

    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def run(args: argparse.Namespace) -> int:
            if not _prepared(serving=serving, migrate=migrate, clocks=clocks):
                return 2
            from casereview.workspace.audit.capture import acting, command_line_actor

            try:
                with acting(command_line_actor()):
                    return command(args)
            except Exception as error:
                status = _refusal_status(error)
                if status is None:
                    raise
                print(f"{refused}{error}", file=sys.stderr)
                return status

        return run

    return decorate


def _prepared(*, serving: bool = False, migrate: bool = False, clocks: bool = False) -> bool:
    """Django set up as ``_django`` says; False (after saying why) if the settings are wrong."""
    from django.core.exceptions import ImproperlyConfigured

    from casereview.datafiles import DataFileError

    try:
        _django_setup()
        if serving:
            from casereview.workspace.environment import serving_checks

            serving_checks()
        if serving or clocks:
            import datetime

            from casereview.timescales import load_shipped_data, startup_years

            load_shipped_data(startup_years(datetime.date.today()))
    except ImproperlyConfigured as error:
        print(f"casereview cannot start: {error}", file=sys.stderr)
        return False
    except DataFileError as error:
        print(f"casereview cannot start: a data file cannot be read.\n{error}", file=sys.stderr)
        return False
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return True


@_django(serving=True)
def serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connections

    from casereview.workspace import server

    print("Preparing the database...", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    workers = args.workers or server.default_workers()
    address = f"http://{args.host}:{args.port}/"
    count = f"{workers} worker" if workers == 1 else f"{workers} workers"
    if args.demo:
        from casereview.workspace.demo import DEMO_PASSWORD, load_demo

        people = load_demo()
        print(f"\ncasereview is starting at {address} ({count})\n")
        print(f"Sign in as one of these demonstration users (password for all of them: {DEMO_PASSWORD}):")
        for username, description in people:
            print(f"  {username:<8} {description}")
        print("\nThe demonstration data is made up. Press Ctrl+C to stop.\n", flush=True)
    else:
        print(f"\ncasereview is starting at {address} ({count}). Press Ctrl+C to stop.\n", flush=True)
    for warning in server.address_warnings(args.host, args.port):
        print(f"Warning: {warning}\n", file=sys.stderr, flush=True)
    connections.close_all()
    server.run(args.host, args.port, workers=workers, threads=args.threads)
    return 0


@_django(migrate=True)
def person_add(args: argparse.Namespace) -> int:
    import getpass

    from casereview.workspace.accounts.people import add_person, role_from

    try:
        role = role_from(args.role)
    except ValueError as error:
        raise _Refused(str(error), 2) from None
    from django.contrib.auth import get_user_model

    password = None
    if not get_user_model().objects.filter(username=args.username).exists():
        password = os.environ.get("CASEREVIEW_PASSWORD") or getpass.getpass(f"Password for {args.username}: ")
    try:
        added = add_person(
            args.username,
            args.partnership,
            role,
            first_name=args.first_name,
            last_name=args.last_name,
            password=password,
            agency=args.agency,
        )
    except ValueError as error:
        raise _Refused(str(error), 2) from None
    made = "Created" if added.created_user else "Updated"
    print(f"{made} {added.username}: {added.role.lower()} in {added.partnership}.")
    return 0


def _password_for(username: str) -> str:
    import getpass

    return os.environ.get("CASEREVIEW_PASSWORD") or getpass.getpass(f"New password for {username}: ")


@_django(migrate=True)
def person_password(args: argparse.Namespace) -> int:
    from casereview.workspace.accounts.people import set_password

    try:
        set_password(args.username, _password_for(args.username))
    except ValueError as error:
        raise _Refused(str(error)) from None
    print(f"{args.username} has a new password. Tell them in person or by phone, not by email.")
    return 0


@_django(migrate=True)
def person_two_factor_off(args: argparse.Namespace) -> int:
    from casereview.workspace.accounts.people import turn_off_two_factor

    try:
        had = turn_off_two_factor(args.username)
    except ValueError as error:
        raise _Refused(str(error)) from None
    if had:
        print(
            f"{args.username}'s authenticator app is removed. If their role requires one, they set up a new "
            "one at their next sign-in."
        )
    else:
        print(f"{args.username} had no authenticator app set up: nothing changed.")
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@_django(refused="No backup made: ")
def backup(args: argparse.Namespace) -> int:
    from casereview.workspace.backup import write_backup

    summary = write_backup(Path(args.file), progress=_say)
    print(f"Backed up {summary.records:,} records and {summary.files} uploaded files to {args.file}.")
    return 0


@_django(refused="Nothing restored: ")
def restore(args: argparse.Namespace) -> int:
    from casereview.workspace.backup import restore_backup

    summary = restore_backup(Path(args.file), progress=_say)
    print(
        f"Restored {summary.records:,} records and {summary.files} uploaded files from the backup made "
        f"{summary.created_at}. People sign in again with their usual passwords."
    )
    return 0


@_django(refused="Nothing exported: ")
def export_review(args: argparse.Namespace) -> int:
    from casereview.workspace.reviews.services import find_review
    from casereview.workspace.transfer.services import export_review

    review = find_review(args.review, args.partnership)
    exported = export_review(review, Path(args.out), with_concerns=args.with_concerns)
    left = "with its concerns" if args.with_concerns else "without concerns (add --with-concerns to include them)"
    print(
        f"Exported {review.reference} of {review.partnership.name}, {left}: {_records(exported.records)} and "
        f"{_uploaded(exported.files)} to {args.out}."
    )
    return 0


def _records(count: int) -> str:
    return "1 record" if count == 1 else f"{count:,} records"


def _uploaded(count: int) -> str:
    return "1 uploaded file" if count == 1 else f"{count} uploaded files"


@_django(migrate=True)
def import_review(args: argparse.Namespace) -> int:
    from casereview.workspace.reviews.services import NoSuchReview, find_partnership
    from casereview.workspace.transfer.services import import_review

    try:
        partnership = find_partnership(args.partnership)
    except NoSuchReview as error:
        raise _Refused(f"Nothing was imported: {error} Add it first, with `casereview person add`.", 2) from None
    source = Path(args.file)
    if not source.is_file():
        raise _Refused(f"Nothing was imported: there is no file {source}.")
    imported = import_review(source, partnership, file_name=source.name)  # its refusals say "Nothing was imported"
    review = imported.review
    print(
        f"Imported {review.reference} into {partnership.name} as review {review.pk}: {imported.records:,} records "
        f"and {_uploaded(imported.files)}."
    )
    if imported.reference_changed:
        print(f"Its reference was taken in {partnership.name}, so it is called {review.reference}.")
    if imported.kept:
        print("Kept as names, with no account here: " + ", ".join(imported.kept) + ".")
    return 0


@_django(migrate=True)
def recheck_wording(args: argparse.Namespace) -> int:
    from casereview.workspace.wording.services import recheck

    done = recheck(progress=_say)
    print(
        f"{done.texts:,} saved texts have a wording check under the current rules: {done.made:,} checked now. "
        f"Removed {done.removed:,} check{'' if done.removed == 1 else 's'} that no saved text uses."
    )
    return 0


@_django(migrate=True)
def rematch_recurrences(args: argparse.Namespace) -> int:
    from casereview.workspace.findings.recurrence import rematch

    done = rematch(progress=_say, every=args.all)
    print(
        f"{done.reviews:,} reviews with findings in {done.partnerships:,} partnership"
        f"{'' if done.partnerships == 1 else 's'} have their recurring findings matched under the current matching: "
        f"{done.matched:,} matched now. {done.kept:,} recurrences kept."
    )
    return 0


@_django()
def uploads_check(args: argparse.Namespace) -> int:
    from casereview.workspace.documents.services import check_uploads, tidy_uploads

    def files(count: int) -> str:
        return f"{count} file" if count == 1 else f"{count} files"

    found = check_uploads()
    print(f"Upload folder: {found.folder}")
    if found.orphans:
        print(f"Files with no record ({len(found.orphans)}):")
        for path in found.orphans:
            print(f"  {path}")
    if found.unmoved:
        print(f"Files whose record was saved but which were not moved into place ({len(found.unmoved)}):")
        for path in found.unmoved:
            print(f"  {path}")
    if found.missing:
        print(f"Records with no file ({len(found.missing)}); restore these files from the last copy of the folder:")
        for missing in found.missing:
            print(f"  review {missing.review}: {missing.name} (document {missing.document_id}), {missing.path}")
    if found.in_progress:
        print(f"Uploads in progress, left alone: {files(len(found.in_progress))} less than an hour old.")
    if found.all_well:
        print("All is well: every file has its record and every record its file.")
        return 0
    if args.remove:
        tidy_uploads(found)
        print(f"Removed {files(len(found.orphans))} with no record; moved {files(len(found.unmoved))} into place.")
    elif found.orphans or found.unmoved:
        print("Run again with --remove to delete the files with no record and move the others into place.")
    return 1


@_django(migrate=True, clocks=True)
def demo(args: argparse.Namespace) -> int:
    from casereview.workspace.demo import DEMO_PASSWORD, load_demo

    people = load_demo()
    print(f"Demonstration data ready. Password for every demonstration user: {DEMO_PASSWORD}")
    for username, description in people:
        print(f"  {username:<8} {description}")
    return 0


# Each command imports what it needs when it runs: reading the frameworks for every command cost
# `casereview lint` a quarter of a second.
@_django()
def report(args: argparse.Namespace) -> int:
    from casereview.workspace.reports.content import Options
    from casereview.workspace.reports.sections import Section
    from casereview.workspace.reports.services import board_report_file, take_out
    from casereview.workspace.reviews.services import find_review

    out = Path(args.out)
    file_format = args.format or out.suffix.lower().lstrip(".")
    if file_format not in ("pdf", "docx"):
        raise _Refused(
            "Say which file to make with --format pdf or --format docx (or end --out with .pdf or .docx).", 2
        )
    review = find_review(args.review, args.partnership)
    left_out = {Section(value) for value in args.leave_out or ()}
    if left_out == set(Section):
        raise _Refused("Every section is left out: leave at least one in.", 2)
    options = Options(sections=frozenset(Section) - left_out, by_role=args.roles)
    take_out(board_report_file(review, options, file_format), to=out)
    print(f"Wrote the board report of {review.reference} ({review.partnership.name}) to {out}: {options.describe()}.")
    return 0


@_django()
def self_assessment(args: argparse.Namespace) -> int:
    from casereview.workspace.reports.services import self_assessment_file, take_out
    from casereview.workspace.reviews.services import find_partnership

    partnership = find_partnership(args.partnership)
    take_out(self_assessment_file(partnership), to=Path(args.out))
    print(f"Wrote the quality marker self-assessment of {partnership.name} to {args.out}.")
    return 0


def framework_validate(args: argparse.Namespace) -> int:
    from casereview.markers import FrameworkError, load_framework_file

    failed = False
    for path in args.files:
        try:
            framework = load_framework_file(path)
        except FrameworkError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{path}: valid: {framework.short_title}, {len(framework.markers)} markers")
    return 1 if failed else 0


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent)


def framework_show(args: argparse.Namespace) -> int:
    from casereview.markers import get_framework, shipped_frameworks

    try:
        framework = get_framework(args.framework)
    except KeyError:
        known = ", ".join(shipped_frameworks())
        print(f"There is no framework '{args.framework}'. Known frameworks: {known}", file=sys.stderr)
        return 2
    if args.marker is None:
        print(f"{framework.title} ({framework.publisher}, {framework.year})\n")
        for group in framework.groups:
            print(group.title)
            for marker in framework.markers_in(group.id):
                print(f"  {marker.number:>2}. {marker.title}  [{marker.id}]")
        return 0
    try:
        marker = framework.marker(args.marker)
    except KeyError:
        known = ", ".join(m.id for m in framework.markers)
        print(f"{framework.short_title} has no marker '{args.marker}'. Its markers: {known}", file=sys.stderr)
        return 2
    print(_render_marker(framework, marker))
    return 0


def _render_marker(framework, marker) -> str:
    from casereview.markers import SECTION_TITLES, Section

    out = [f"{framework.short_title}, marker {marker.number}: {marker.title}", "=" * 60]

    def section(title_key: Section, body: list[str]) -> None:
        notes = [f"  Not held in casereview's copy: {note}" for note in marker.missing_notes(title_key)]
        if body or notes:
            out.extend(["", SECTION_TITLES[title_key], "-" * len(SECTION_TITLES[title_key]), *body, *notes])

    section(Section.STATEMENT, [_wrap(marker.statement)] if marker.statement else [])
    section(Section.RATIONALE, [_wrap(p) + "\n" for p in marker.rationale])
    questions = []
    for role, indicators in marker.indicators_by_role():
        if role:
            questions.append(f"  For: {framework.role_title(role)}")
        for indicator in indicators:
            number = marker.indicators.index(indicator) + 1
            if indicator.cut_off:
                questions.append(f"  {number}. (cut off in the source: not offered for an answer)")
            else:
                questions.append(_wrap(f"{number}. {indicator.text}"))
    if not marker.indicators_complete:
        questions.append("  The published marker has more questions than are held here.")
    section(Section.INDICATORS, questions)
    for key in (Section.KNOWLEDGE_BASE, Section.EQUALITY_AND_DIVERSITY, Section.STATUTORY_LINKS, Section.OBSTACLES):
        body = []
        for item in getattr(marker, key.value):
            text = item if isinstance(item, str) else item.text
            body.append(_wrap("- " + text))
            for citation in getattr(item, "citations", ()):
                cited = f"Cited: {citation.source}"
                if citation.added:
                    cited += f" (added by casereview, not in the source: {citation.added})"
                body.append(_wrap(cited, "      "))
            if getattr(item, "added_note", None):
                body.append(_wrap(f"Added by casereview, not in the source: {item.added_note}", "      "))
        section(key, body)
    out.extend(["", f"Source: {marker.source_url or framework.source_url}"])
    return "\n".join(out)


EXIT_CLOSED_OUTPUT = 128 + 13  # SIGPIPE


def lint(args: argparse.Namespace) -> int:
    # numpy's linear algebra library starts a thread per processor as it is imported, which costs a 1 KB
    # check a sixth of its processor time; the checker does no linear algebra. A caller's setting stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # A check makes objects by the hundred thousand (matches, findings), none in a cycle, and the command
    # ends when its output is written: the cycle collector would only look through them all, once after
    # each check and again as the process ends. A program calling `main` in its own process gets it back.
    collecting = gc.isenabled()
    gc.disable()
    from casereview.language import Category, Severity
    from casereview.language.lint import Options, run

    categories = (
        frozenset(Category(c) for c in args.category)
        if args.category
        else frozenset(c for c in Category if c.is_problem)
    )
    options = Options(
        categories=categories,
        min_severity=Severity(args.min_severity),
        fail_on=None if args.fail_on == "none" else Severity(args.fail_on),
        output=args.format,
        second_looks=args.second_looks,
    )
    try:
        status = run(args.paths, options)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`casereview lint folder | head`): not an error to report, and what is
        # left unwritten goes nowhere rather than into a traceback as the interpreter exits. The status is
        # what a shell reports for `cat` or `grep` stopped the same way.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_OUTPUT
    finally:
        if collecting:
            gc.enable()
    return status


def workdays(args: argparse.Namespace) -> int:
    from casereview.datafiles import DataFileError
    from casereview.timescales import add_working_days, load_bank_holidays

    try:
        load_bank_holidays([args.date.year])
        print(add_working_days(args.date, args.count).isoformat())
    except DataFileError as error:
        print(f"casereview cannot start: a data file cannot be read.\n{error}", file=sys.stderr)
        return 2
    return 0


@_django(migrate=True, clocks=True)
def due(args: argparse.Namespace) -> int:
    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.clocks.reminders import describe, open_steps

    if args.partnership is not None and not Partnership.objects.filter(name=args.partnership).exists():
        names = ", ".join(Partnership.objects.order_by("name").values_list("name", flat=True)) or "none yet"
        print(f"There is no partnership called {args.partnership!r}. Partnerships: {names}.", file=sys.stderr)
        return 2
    reviews = open_steps(within=args.within, partnership=args.partnership)
    overdue = False
    for review in reviews:
        print(f"{review.partnership}: {review.reference}")
        for clock in review.steps:
            print(f"  {describe(clock)}")
            overdue = overdue or clock.status.late
    if not reviews:
        print("No steps are due.")
    return 1 if overdue else 0


@_django(migrate=True, clocks=True)
def remind(args: argparse.Namespace) -> int:
    from casereview.workspace.clocks.reminders import send_reminders

    report = send_reminders(within=args.within)
    for line in report.sent:
        print(f"Sent a reminder to {line}.")
    if report.already_sent:
        print(f"{report.already_sent} reminder{'s were' if report.already_sent != 1 else ' was'} already sent today.")
    for line in report.no_address:
        print(f"Not sent: {line} has no email address (casereview person add, or the account page).", file=sys.stderr)
    if not report.sent and not report.already_sent:
        print("No steps are due or overdue: no reminders to send.")
    return 0


def _iso_date(value: str):
    import datetime

    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date like 2026-03-27, not {value!r}") from None


def _whole_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of working days, like 5 or -7, not {value!r}"
        ) from None


def _not_negative(value: str) -> int:
    number = _whole_number(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


@_django()
def report_jobs(args: argparse.Namespace) -> int:
    """Board reports asked for on the web: make one (the web app starts this), or remove the expired."""
    from django.conf import settings

    from casereview.workspace.reports import jobs, services

    if args.report_jobs_command == "run":
        if args.database:
            from django.db import connection

            connection.settings_dict["NAME"] = args.database
        state = jobs.run(args.job)
        if state is None:
            print(f"There is no board report job {args.job}.", file=sys.stderr)
            return 2
        return 0 if state == "done" else 1
    removed = services.clean()
    print(
        f"Removed {removed} board report file{'' if removed == 1 else 's'} older than {settings.REPORT_KEEP_HOURS} "
        "hours, and their jobs."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    from casereview.workspace.reports.sections import Section

    parser = argparse.ArgumentParser(prog="casereview", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve_parser = commands.add_parser("serve", help="prepare the database and serve the web app")
    serve_parser.add_argument("--demo", action="store_true", help="load demonstration data and print sign-in details")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument(
        "--workers", type=_positive, help="worker processes (default: two per CPU core and one more, at most 12)"
    )
    serve_parser.add_argument(
        "--threads", type=_positive, default=1, help="threads per worker (default 1: one request at a time each)"
    )
    serve_parser.set_defaults(handler=serve)

    person_parser = commands.add_parser(
        "person", help="add people to partnerships (the password is asked for, or read from CASEREVIEW_PASSWORD)"
    )
    person_commands = person_parser.add_subparsers(dest="person_command", required=True)
    add = person_commands.add_parser("add", help="give a person a role in a partnership, creating either if needed")
    add.add_argument("username")
    add.add_argument("--partnership", required=True, help='for example "North Partnership"')
    add.add_argument("--role", required=True, help='for example "business manager" or "lead reviewer"')
    add.add_argument("--first-name", default="")
    add.add_argument("--last-name", default="")
    add.add_argument(
        "--agency", default="", help='the agency they work for; an agency lead needs one, like "Northtown NHS Trust"'
    )
    add.set_defaults(handler=person_add)
    password = person_commands.add_parser(
        "password", help="set a new password for someone who has forgotten theirs (asks for it)"
    )
    password.add_argument("username")
    password.set_defaults(handler=person_password)
    two_factor_off = person_commands.add_parser(
        "two-factor-off", help="remove someone's authenticator app when they have lost it"
    )
    two_factor_off.add_argument("username")
    two_factor_off.set_defaults(handler=person_two_factor_off)

    lint_parser = commands.add_parser(
        "lint",
        help="check documents for blame, counterfactual, hindsight and judgemental wording",
        description="Check .txt, .md, .html, .docx and .pdf files (folders are searched). Exit status: 0 when "
        "nothing reaches --fail-on, 1 when something does, 2 for bad usage or a file that cannot be read.",
    )
    lint_parser.add_argument("paths", nargs="+", metavar="PATH")
    lint_parser.add_argument("--format", choices=["text", "json"], default="text")
    lint_parser.add_argument(
        "--category",
        action="append",
        choices=["counterfactual", "hindsight", "judgemental", "blame", "learning"],
        help="only this category (repeat for several); learning signals are shown only when asked for",
    )
    lint_parser.add_argument("--min-severity", choices=["info", "warning", "error"], default="info")
    lint_parser.add_argument("--fail-on", choices=["none", "info", "warning", "error"], default="none")
    lint_parser.add_argument(
        "--second-looks",
        action="store_true",
        help="also show findings the checker is less sure of (never counted against the text, never failing)",
    )
    lint_parser.set_defaults(handler=lint)

    backup_parser = commands.add_parser(
        "backup", help="write every record and uploaded file to a zip archive (safe while the app runs)"
    )
    backup_parser.add_argument("file", metavar="FILE")
    backup_parser.set_defaults(handler=backup)
    restore_parser = commands.add_parser("restore", help="restore a backup into an empty database and upload folder")
    restore_parser.add_argument("file", metavar="FILE")
    restore_parser.set_defaults(handler=restore)
    export_parser = commands.add_parser(
        "export",
        help="write one review, its records and uploaded files to a zip file another installation can import",
        description="Concerns about one person's practice, their guide runs and the information shared with agencies "
        "are left out unless --with-concerns is given. Every export is recorded in the partnership's audit trail.",
    )
    export_parser.add_argument(
        "review", metavar="REVIEW", help='its reference as in the register ("Child H") or its id'
    )
    export_parser.add_argument("--out", required=True, metavar="FILE.zip", help="the file to write (must not exist)")
    export_parser.add_argument(
        "--partnership", metavar="NAME", help="the review's partnership, when several have a review of that reference"
    )
    export_parser.add_argument(
        "--with-concerns", action="store_true", help="include concerns, guide runs and information shared with agencies"
    )
    export_parser.set_defaults(handler=export_review)
    import_parser = commands.add_parser(
        "import",
        help="import a review exported by casereview into a partnership, as a new review",
        description="Everything in the file is checked before anything is written; a file that cannot be imported "
        "whole is refused with the reason, and nothing of it is kept. Exit status: 0 imported, 1 refused.",
    )
    import_parser.add_argument("file", metavar="FILE.zip")
    import_parser.add_argument("--partnership", required=True, metavar="NAME", help="the partnership, which must exist")
    import_parser.set_defaults(handler=import_review)
    uploads_parser = commands.add_parser("uploads", help="look after the upload folder")
    uploads_commands = uploads_parser.add_subparsers(dest="uploads_command", required=True)
    uploads_check_parser = uploads_commands.add_parser(
        "check",
        help="list uploaded files with no record and records with no file",
        description="Compare the upload folder with the records. Exit status: 0 when all is well, 1 when something "
        "was found. Records are never deleted.",
    )
    uploads_check_parser.add_argument(
        "--remove", action="store_true", help="delete the files with no record (temporary files over an hour old too)"
    )
    uploads_check_parser.set_defaults(handler=uploads_check)
    demo_parser = commands.add_parser("demo", help="prepare the database with the made-up demonstration data")
    demo_parser.set_defaults(handler=demo)
    recheck_parser = commands.add_parser(
        "recheck-wording",
        help="check the wording of every saved text whose stored check was made under other language rules "
        "(run after an upgrade; pages otherwise do it on first view)",
    )
    recheck_parser.set_defaults(handler=recheck_wording)
    rematch_parser = commands.add_parser(
        "rematch-recurrences",
        help="match again the findings that recur across each partnership's reviews where the kept matches were "
        "made by other matching (run after an upgrade; pages otherwise do it on first view)",
    )
    rematch_parser.add_argument(
        "--all", action="store_true", help="match every review again, however its matches were kept"
    )
    rematch_parser.set_defaults(handler=rematch_recurrences)

    workdays_parser = commands.add_parser(
        "workdays",
        help="print the date N working days after DATE in England and Wales (before it, for a negative N)",
        description="Weekends and bank holidays are skipped; day 0 is DATE itself. Partnerships' closure days are "
        "not counted here.",
    )
    workdays_parser.add_argument("date", type=_iso_date, metavar="DATE", help="for example 2026-03-27")
    workdays_parser.add_argument("count", type=_whole_number, metavar="N")
    workdays_parser.set_defaults(handler=workdays)
    due_parser = commands.add_parser(
        "due",
        help="list the open steps of every review with their due dates, most urgent first",
        description="Exit status: 0 when nothing is overdue, 1 when a step is overdue, 2 for bad usage.",
    )
    due_parser.add_argument("--partnership", metavar="NAME", help='only this partnership, like "North Partnership"')
    due_parser.add_argument(
        "--within", type=_not_negative, metavar="N", help="only steps overdue or due within N working days"
    )
    due_parser.set_defaults(handler=due)
    remind_parser = commands.add_parser(
        "remind",
        help="email business managers and lead reviewers the steps due soon and overdue (at most once a day)",
        description="Each review's business managers and lead reviewer get one email listing its steps that are "
        "overdue or due within N working days. Safe to run from cron: a reminder already sent today is not sent "
        "again. Email goes through the EMAIL_* settings (see the README); without EMAIL_HOST it is printed.",
    )
    remind_parser.add_argument(
        "--within", type=_not_negative, default=3, metavar="N", help="working days ahead to include (default 3)"
    )
    remind_parser.set_defaults(handler=remind)

    report_parser = commands.add_parser(
        "report",
        help="write a review's board report as PDF or Word",
        description="Exit status: 0 when the report is written, 1 when the file cannot be written, 2 when the review "
        "is not found or more than one review answers to REVIEW, or for bad usage.",
    )
    report_parser.add_argument(
        "review", metavar="REVIEW", help='the review\'s reference as in the register, like "Child H", or its id'
    )
    report_parser.add_argument(
        "--format", choices=["pdf", "docx"], help="the file to make (default: from --out's ending)"
    )
    report_parser.add_argument("--out", required=True, metavar="FILE")
    report_parser.add_argument(
        "--partnership", metavar="NAME", help="the review's partnership, when two share a reference"
    )
    report_parser.add_argument(
        "--leave-out",
        action="append",
        choices=[section.value for section in Section],
        metavar="SECTION",
        help=f"leave a section out (repeat for several): {', '.join(section.value for section in Section)}",
    )
    report_parser.add_argument(
        "--roles", action="store_true", help="replace every name casereview knows by the person's role"
    )
    report_parser.set_defaults(handler=report)
    assessment_parser = commands.add_parser(
        "self-assessment",
        help="write a partnership's quality-marker self-assessment across its reviews as Word",
        description="Exit status: 0 when written, 1 when the file cannot be written, 2 for an unknown partnership.",
    )
    assessment_parser.add_argument("--partnership", required=True, metavar="NAME", help='like "North Partnership"')
    assessment_parser.add_argument("--out", required=True, metavar="FILE.docx")
    assessment_parser.set_defaults(handler=self_assessment)

    framework_parser = commands.add_parser("framework", help="check and read quality-marker frameworks")
    framework_commands = framework_parser.add_subparsers(dest="framework_command", required=True)
    validate = framework_commands.add_parser("validate", help="check framework files and report every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=framework_validate)
    show = framework_commands.add_parser("show", help="print a framework's markers, or one marker in full")
    show.add_argument(
        "framework", metavar="ID", help="a framework's id, such as scr-quality-markers (an unknown id lists them all)"
    )
    show.add_argument("marker", metavar="MARKER", nargs="?")
    show.set_defaults(handler=framework_show)

    jobs_parser = commands.add_parser("report-jobs", help="make or tidy away the board reports asked for on the web")
    jobs_commands = jobs_parser.add_subparsers(dest="report_jobs_command", required=True)
    run_job = jobs_commands.add_parser(
        "run",
        help="make the board report of one job (the web app starts this itself)",
        description="Exit status: 0 when the report is made, 1 when it failed (the job says why), 2 for no such job.",
    )
    run_job.add_argument("job", type=int, metavar="JOB")
    # The web process names its database (under a test run, the test database rather than the one settings name).
    run_job.add_argument("--database", help=argparse.SUPPRESS)
    run_job.set_defaults(handler=report_jobs)
    clean = jobs_commands.add_parser(
        "clean",
        help="mark failed the board reports that will never be made, and remove those older than REPORT_KEEP_HOURS "
        "(the web app also does when a report is asked for)",
    )
    clean.set_defaults(handler=report_jobs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
