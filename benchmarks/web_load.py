"""Many people at once on a large partnership: how ``casereview serve`` holds up (issue 10's benchmark).

Run: make bench-web
 or: .venv/bin/python benchmarks/web_load.py [--db sqlite|postgres|both] [--mode people|saturation|both]
         [--seconds 60] [--users 20] [--port 8200] [--workers N] [--samples 15] [--rebuild] [--light]
         [--without PAGE ...] [--queries [--profile PAGE]]

1. Data. ``large_partnership.py`` builds a large partnership through the app's own services (300 reviews
   fully answered, one with 40 parties and 100 communications, about 50,000 audit entries; about 1,400
   findings, 650 recommendations and 2,150 actions on the concluded reviews). ``--light`` answers only the
   main reviews' markers: the same findings and actions in minutes instead of half an hour. Building takes
   many minutes, so it is kept: SQLite in ``var/bench/sqlite-<key>/``, PostgreSQL in the database named by
   ``--postgres`` (``cr_bench``, or ``$BENCH_POSTGRES``), both keyed by DATA_VERSION and the app's
   migrations; ``--rebuild`` builds again, ``--build-only`` builds and stops. Every run starts from an
   untouched copy of it, so the writes of one run never slow the next.
2. Server. ``casereview serve`` as in production (DEBUG off, a secret key, loopback only), as a child process
   stopped at the end. ``--workers`` is passed only when the serve command offers it.
3. Single requests. One signed-in business manager opens each page in turn on a fresh server: the first
   opening (cold) and the median of ``--samples`` more, measured at the client over loopback.
4. Load. ``--users`` people of two partnerships sign in through the sign-in form (business managers type
   their authenticator code), keep their cookies and send the CSRF token of the form each page rendered.
   They read the reviews list, review overview, Clarity of purpose marker page, purpose overview,
   communications log and (business managers) the audit trail of the review everyone is working on; and
   issue 14's pages: the findings and actions of the review that began last of those concluded (its findings
   are matched against every earlier review's), the partnership's action plan (all open actions; one agency
   and theme; its CSV and Word downloads), learning across reviews and the annual report section (Word).
   ``--without PAGE`` leaves a page out of a run.
   Business managers and lead reviewers also open a form and save it (an answer, a communication, the
   purpose statement), often enough that one request in ten is a POST. ``people`` mode waits 1-3 s
   between actions as a person reads; ``saturation`` does not wait at all.

It prints, per database and mode, each page's count, p50/p95/p99 and requests per second, every status a
user would notice (anything but 2xx, 3xx and the 409 "someone else saved first" page; a redirect to the
sign-in page counts, since it means the person was signed out), and the targets of issue 10 beside them.
Latencies include every request started in the window; requests per second counts those finished in it.
The machine's load average is printed too: on a shared machine, read the figures beside it.

``--queries`` serves nothing: it opens each page through Django's test client on a copy of the data
(``page_queries.py``) and prints its queries, size and server time, naming any query run once per row.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg
import pyotp
import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
BUILDER = Path(__file__).resolve().parent / "large_partnership.py"
QUERIES = Path(__file__).resolve().parent / "page_queries.py"
CASEREVIEW = Path(sys.executable).parent / "casereview"
# Bump when large_partnership.py changes what it builds; a new migration of the app rebuilds by itself.
DATA_VERSION = 2  # 2: findings, recommendations and actions

# Issue 10's targets on this 2-core machine, for the large partnership on both databases.
PEOPLE_P95_MS = 200
SINGLE_REQUEST_MS = 50
RUNSERVER_REQUESTS_PER_SECOND = 10
SATURATION_FACTOR = 3

REQUEST_TIMEOUT = 120  # seconds: a page slower than this is reported as timed out, not waited for
THINK_SECONDS = (1.0, 3.0)
POST_SHARE = 0.1  # of all requests: one in ten saves something
MARKER = "clarity-of-purpose"
# One agency's actions on one theme, whatever their status: a filter a business manager uses before a board.
PLAN_FILTER = "agency=Northtown+NHS+Trust&theme=information-sharing&status=all"
SIGNED_OUT = "302 to sign-in"


# --- the data ------------------------------------------------------------------------------------------------


def data_key(light: bool = False) -> str:
    migrations = sorted(p.name for p in (ROOT / "src" / "casereview" / "workspace").glob("*/migrations/0*.py"))
    return hashlib.sha256(json.dumps([DATA_VERSION, migrations, light]).encode()).hexdigest()[:10]


def _build(environment: dict[str, str], manifest: Path, light: bool) -> None:
    print(f"Building the large partnership ({environment['DATABASE_URL']}); this takes many minutes...", flush=True)
    command = [sys.executable, str(BUILDER), str(manifest), *(["--light"] if light else [])]
    subprocess.run(command, env=environment, check=True)  # noqa: S603


@dataclass
class Database:
    """A built large partnership, and how to give a server an untouched copy of it."""

    label: str
    manifest: dict
    fresh_copy: Callable[[], dict[str, str]]  # makes the copy; returns the environment that names it


def _clean_environment(**values: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CASEREVIEW_DATA_DIR", "DEBUG"}}
    return {**inherited, **values}


def sqlite_database(rebuild: bool, light: bool = False) -> Database:
    built = BENCH_DIR / f"sqlite-{'light-' if light else ''}{data_key(light)}"
    if rebuild and built.exists():
        shutil.rmtree(built)
    if not (built / "manifest.json").exists():
        building = built.with_name(built.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        _build(
            _clean_environment(
                CASEREVIEW_DATA_DIR=str(building), DATABASE_URL=f"sqlite:///{building / 'casereview.sqlite3'}"
            ),
            building / "manifest.json",
            light,
        )
        building.rename(built)

    def fresh_copy() -> dict[str, str]:
        run = BENCH_DIR / "sqlite-run"
        shutil.rmtree(run, ignore_errors=True)
        run.mkdir(parents=True)
        # The backup API copies a consistent database whatever state the write-ahead log was left in.
        with (
            closing(sqlite3.connect(built / "casereview.sqlite3")) as source,
            closing(sqlite3.connect(run / "casereview.sqlite3")) as copy,
        ):
            source.backup(copy)
        return _clean_environment(CASEREVIEW_DATA_DIR=str(run), DATABASE_URL=f"sqlite:///{run / 'casereview.sqlite3'}")

    return Database("SQLite", json.loads((built / "manifest.json").read_text()), fresh_copy)


def _admin(url: str, *statements: str) -> None:
    """CREATE/DROP DATABASE from a small database of our own, since neither can run inside the database
    they name (and the shared ``postgres`` database is not ours to use)."""
    parts = urlsplit(url)
    base = parts.path.lstrip("/")
    admin = f"{base}_admin"
    try:
        connection = psycopg.connect(parts._replace(path=f"/{admin}").geturl(), autocommit=True)
    except psycopg.OperationalError:
        with psycopg.connect(url, autocommit=True) as bootstrap:
            bootstrap.execute(f'CREATE DATABASE "{admin}"')
        connection = psycopg.connect(parts._replace(path=f"/{admin}").geturl(), autocommit=True)
    with connection:
        for statement in statements:
            connection.execute(statement)


def postgres_database(url: str, rebuild: bool, light: bool = False) -> Database:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    # Built from scratch with DROP DATABASE, so only a database named as the benchmark's own will do
    # (cr_bench, or one per person or worktree such as cr_perf_bench).
    if "bench" not in name:
        raise SystemExit(f"--postgres must name a database of the benchmark's own (cr_bench...), not {name!r}.")
    run_name = f"{name}_run"
    keep = BENCH_DIR / f"postgres-{name}"
    manifest_file = keep / "manifest.json"
    current = manifest_file.exists() and json.loads(manifest_file.read_text()).get("key") == data_key(light)
    if rebuild or not current:
        manifest_file.unlink(missing_ok=True)
        keep.mkdir(parents=True, exist_ok=True)
        _admin(
            url,
            f'DROP DATABASE IF EXISTS "{run_name}"',
            f'DROP DATABASE IF EXISTS "{name}"',
            f'CREATE DATABASE "{name}"',
        )
        building = keep / "manifest.building.json"
        _build(_clean_environment(CASEREVIEW_DATA_DIR=str(keep / "data"), DATABASE_URL=url), building, light)
        manifest = json.loads(building.read_text())
        manifest_file.write_text(json.dumps({**manifest, "key": data_key(light)}, indent=2))
        building.unlink()

    def fresh_copy() -> dict[str, str]:
        _admin(url, f'DROP DATABASE IF EXISTS "{run_name}"', f'CREATE DATABASE "{run_name}" TEMPLATE "{name}"')
        data = BENCH_DIR / "postgres-run"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        return _clean_environment(
            CASEREVIEW_DATA_DIR=str(data), DATABASE_URL=parts._replace(path=f"/{run_name}").geturl()
        )

    return Database("PostgreSQL", json.loads(manifest_file.read_text()), fresh_copy)


# --- the server ------------------------------------------------------------------------------------------------


def serve_offers_workers() -> bool:
    shown = subprocess.run([str(CASEREVIEW), "serve", "--help"], capture_output=True, text=True, check=True)  # noqa: S603
    return "--workers" in shown.stdout


@contextmanager
def running_server(environment: dict[str, str], port: int, workers: int | None, log: Path) -> Iterator[tuple[str, int]]:
    """``casereview serve`` with production settings on loopback; yields its address once it answers."""
    command = [str(CASEREVIEW), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; a deployment has TLS in front
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    address = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        # A session of its own, so stopping it reaches every worker process it started and nothing else.
        server = subprocess.Popen(  # noqa: S603
            command, env={**environment, **production}, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_answering(server, address, log)
            yield address, server.pid
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _wait_until_answering(server: subprocess.Popen, address: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"casereview serve stopped at start (exit {server.returncode}):\n{log.read_text()[-3000:]}"
            )
        try:
            if requests.get(address + "/", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"casereview serve did not answer within 3 minutes; its output is in {log}")


def process_tree_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by a process and everything it started (Linux /proc); None elsewhere."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # parent, utime+stime
    except (OSError, ValueError):
        return None
    children = defaultdict(list)
    for child, (parent, _cpu) in stats.items():
        children[parent].append(child)
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += stats.get(current, (0, 0))[1]
        stack.extend(children[current])
    return total / ticks


def report_year() -> int:
    """The last whole financial year (April to March), the one a board's annual report covers."""
    today = datetime.date.today()
    return (today.year if today.month >= 4 else today.year - 1) - 1


# --- a person at a browser ------------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # what the browser would send as rendered
    choices: dict[str, list[str]] = field(default_factory=dict)  # every value offered by radios, boxes, lists

    def submission(self, **changes: str | list[str]) -> list[tuple[str, str]]:
        values = {**self.fields, **changes}
        return [
            (name, value) for name, items in values.items() for value in ([items] if isinstance(items, str) else items)
        ]


class FormReader(HTMLParser):
    """The forms of a page as a browser would submit them (buttons left out: the caller presses one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self._form = Form(attributes.get("action") or "")
            self.forms.append(self._form)
        elif self._form is None or (not name and tag != "option"):
            return
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            value = attributes.get("value") or ""
            if kind in {"radio", "checkbox"}:
                self._form.choices.setdefault(name, []).append(value or "on")
                if "checked" in attributes:
                    self._form.fields.setdefault(name, []).append(value or "on")
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self._form.fields[name] = [value]
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = [""]
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            self._form.choices.setdefault(self._select, []).append(value)
            if "selected" in attributes:
                self._form.fields[self._select] = [value]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea:
            text = self._form.fields[self._textarea][0]
            self._form.fields[self._textarea][0] = text[1:] if text.startswith("\n") else text  # as browsers do
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_with(html: str, field_name: str) -> Form:
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if field_name in form.fields or field_name in form.choices:
            return form
    raise LookupError(f"no form with a {field_name!r} field on the page")


@dataclass
class Request:
    page: str
    status: str  # the HTTP status, or what went wrong when there was none
    started: float
    seconds: float


class Person:
    """One signed-in person with their own cookies and keep-alive connection, recording every request."""

    def __init__(self, address: str, who: dict, partnership: dict, password: str, rng: random.Random):
        self.address = address
        self.username = who["username"]
        self.role = who["role"]
        self.totp_secret = who["totp_secret"]
        self.password = password
        self.partnership_id = partnership["id"]
        self.review_id = partnership["main_review"]
        # Data built before findings were part of it has none: its findings pages are the main review's.
        self.findings_review_id = partnership.get("findings_review", self.review_id)
        self.rng = rng
        self.write_share = 0.0  # of this person's actions that save something; set for the whole group
        self.left_out: frozenset[str] = frozenset()  # pages this run does not visit (--without)
        self.session = requests.Session()
        self.session.headers["Accept"] = "text/html"
        self.requests: list[Request] = []
        self.server_name = ""

    @property
    def may_write(self) -> bool:
        return self.role in {"business_manager", "lead_reviewer"}

    @property
    def may_read_trail(self) -> bool:
        return self.role == "business_manager"

    def call(self, page: str, method: str, path: str, data=None) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = self.session.request(
                method, urljoin(self.address, path), data=data, allow_redirects=False, timeout=REQUEST_TIMEOUT
            )
        except requests.Timeout:
            self.requests.append(Request(page, "timed out", started, time.monotonic() - started))
            return None
        except requests.ConnectionError as error:
            self.requests.append(
                Request(page, f"no response ({type(error).__name__})", started, time.monotonic() - started)
            )
            return None
        status = str(response.status_code)
        if response.is_redirect and "/accounts/sign-in/" in response.headers.get("Location", "") and page != "sign in":
            status = SIGNED_OUT
        self.requests.append(Request(page, status, started, time.monotonic() - started))
        self.server_name = self.server_name or response.headers.get("Server", "")
        return response

    # Signing in, as a person does: the form, then the authenticator code for those who have one.
    def sign_in(self, attempts: int = 3) -> bool:
        """Whether the person got in; one whose sign-in fails waits a moment and tries again."""
        for _ in range(attempts):
            if self._sign_in_once():
                return True
            time.sleep(1)
        return False

    def _sign_in_once(self) -> bool:
        page = self.call("sign in", "GET", "/accounts/sign-in/")
        if page is not None and page.is_redirect and "/sign-in" not in page.headers["Location"]:
            return True  # an earlier attempt got in before its last page failed
        if page is None or page.status_code != 200:
            return False
        form = form_with(page.text, "password")
        answer = self.call(
            "sign in", "POST", "/accounts/sign-in/", form.submission(username=self.username, password=self.password)
        )
        if answer is not None and answer.status_code == 302 and "/sign-in/code/" in answer.headers["Location"]:
            answer = self._type_code()
        return answer is not None and answer.status_code == 302 and "/sign-in" not in answer.headers["Location"]

    def _type_code(self) -> requests.Response | None:
        totp = pyotp.TOTP(self.totp_secret)
        # A code works once; if this person signed in within the last 30 s, the next step's code is accepted.
        for code in (totp.now(), totp.at(time.time() + 30)):
            page = self.call("sign in", "GET", "/accounts/sign-in/code/")
            if page is None or page.status_code != 200:
                return page
            answer = self.call(
                "sign in", "POST", "/accounts/sign-in/code/", form_with(page.text, "code").submission(code=code)
            )
            if answer is None or answer.status_code != 400:
                return answer
        return answer

    # What people read
    def reading_pages(self) -> dict[str, str]:
        review = f"/reviews/{self.review_id}"
        pages = {
            "reviews list": "/reviews/",
            "review overview": f"{review}/",
            "Clarity of purpose marker": f"{review}/markers/{MARKER}/",
            "purpose overview": f"{review}/purpose/",
            "communications log": f"{review}/purpose/communications/",
        }
        if self.may_read_trail:
            pages["audit trail"] = f"/partnerships/{self.partnership_id}/audit-trail/"
        # Issue 14's pages: a review's findings and actions, and the partnership's plan, learning and report.
        findings = f"/reviews/{self.findings_review_id}"
        partnership = f"/partnerships/{self.partnership_id}"
        pages.update(
            {
                "review findings": f"{findings}/findings/",
                "review actions": f"{findings}/actions/",
                "action plan": f"{partnership}/actions/",
                "action plan, filtered": f"{partnership}/actions/?{PLAN_FILTER}",
                "action plan CSV": f"{partnership}/actions/?format=csv",
                "action plan Word": f"{partnership}/actions/?format=docx",
                "learning across reviews": f"{partnership}/learning-across-reviews/",
                "annual report Word": f"{partnership}/annual-report/?kind=children&year={report_year()}&format=docx",
            }
        )
        return {page: path for page, path in pages.items() if page not in self.left_out}

    # What people change: open the form, fill it in, save it
    def save_answer(self, think) -> None:
        path = f"/reviews/{self.review_id}/markers/{MARKER}/indicators/{self.rng.choice(['q1', 'q2', 'q3'])}/"
        form = self._open_form("answer form", path, "evidence")
        if form is not None:
            think()
            evidence = f"Checked against the communications log by {self.username} at {time.strftime('%H:%M:%S')}."
            answer = self.rng.choice([value for value in form.choices["answer"] if value != "not_answered"])
            self.call(
                "save answer", "POST", urljoin(path, form.action), form.submission(answer=answer, evidence=evidence)
            )

    def log_communication(self, think) -> None:
        path = f"/reviews/{self.review_id}/purpose/communications/new/"
        form = self._open_form("communication form", path, "summary")
        if form is not None:
            think()
            day = datetime.date.today() - datetime.timedelta(days=self.rng.randint(0, 60))
            parties = form.choices.get("parties", [])
            fields = {
                "date-day": str(day.day),
                "date-month": str(day.month),
                "date-year": str(day.year),
                "channel": self.rng.choice(form.choices["channel"]),
                "parties": self.rng.sample(parties, min(len(parties), self.rng.randint(1, 4))),
                "summary": f"{self.username} phoned to explain that the review is for learning and improvement, not "
                "to apportion blame, and answered questions about how practitioners' accounts will be used.",
                "explained_purpose": "yes",
                "receipt_confirmed": self.rng.choice(["yes", "no"]),
            }
            self.call("log communication", "POST", urljoin(path, form.action), form.submission(**fields))

    def save_statement(self, think) -> None:
        path = f"/reviews/{self.review_id}/purpose/statement/"
        form = self._open_form("statement form", path, "text")
        if form is not None:
            think()
            text = form.fields["text"][0].split("\n\nLast read through by")[0]
            text += f"\n\nLast read through by {self.username} at {time.strftime('%H:%M:%S')}."
            self.call("save statement", "POST", urljoin(path, form.action), form.submission(text=text))

    def _open_form(self, page: str, path: str, field_name: str) -> Form | None:
        response = self.call(page, "GET", path)
        if response is None or response.status_code != 200:
            return None
        return form_with(response.text, field_name)

    def act(self, think) -> None:
        if self.may_write and self.rng.random() < self.write_share:
            self.rng.choice([self.save_answer, self.log_communication, self.save_statement])(think)
        else:
            page, path = self.rng.choice(list(self.reading_pages().items()))
            self.call(page, "GET", path)


def people_of(manifest: dict, address: str, count: int, left_out: frozenset[str] = frozenset()) -> list[Person]:
    """``count`` people, taken in turn from the partnerships' members (each account signs in once), who never
    visit the pages ``left_out``."""
    members = manifest["people"]
    if count > len(members):
        raise SystemExit(f"The built data has {len(members)} people; ask for --users {len(members)} or fewer.")
    chosen = [
        Person(address, who, manifest["partnerships"][who["partnership"]], manifest["password"], random.Random(n))  # noqa: S311
        for n, who in enumerate(members[:count])
    ]
    # Only business managers and lead reviewers may save, and saving is two requests (the form, then the
    # POST): they save in a share w of their actions such that POSTs are POST_SHARE of all requests,
    # W * w / (W * (1 + w) + readers) = POST_SHARE, with every person acting about as often.
    for person in chosen:
        person.left_out = left_out
    writers = sum(person.may_write for person in chosen)
    if writers:
        share = min(1.0, POST_SHARE * len(chosen) / (writers * (1 - POST_SHARE)))
        for person in chosen:
            person.write_share = share
    return chosen


# --- measuring ------------------------------------------------------------------------------------------------


def single_requests(
    address: str, manifest: dict, samples: int, left_out: frozenset[str] = frozenset()
) -> list[tuple[str, float, float]]:
    """(page, first opening ms, median ms of ``samples`` more) for one business manager, one request at a time."""
    person = people_of(manifest, address, 1, left_out)[0]
    if not person.sign_in():
        raise SystemExit("The business manager could not sign in for the single-request timings.")
    results = []
    for page, path in person.reading_pages().items():
        person.requests.clear()
        for _ in range(samples + 1):
            person.call(page, "GET", path)
        times = [r.seconds * 1000 for r in person.requests]
        bad = [r.status for r in person.requests if not r.status.startswith("2")]
        if bad:
            print(f"  {page}: {Counter(bad)}")
        results.append((page, times[0], statistics.median(times[1:])))
    return results


@dataclass
class LoadResult:
    requests: list[Request]
    signed_in: int
    sign_in_statuses: Counter
    start: float
    seconds: float
    client_cpu: float
    server_cpu: float | None
    server_name: str


def run_load(
    address: str,
    server_pid: int,
    manifest: dict,
    users: int,
    seconds: float,
    think: bool,
    left_out: frozenset[str] = frozenset(),
) -> LoadResult:
    people = people_of(manifest, address, users, left_out)
    window: dict[str, float] = {}
    signed_in = []
    sign_in_statuses = Counter()

    def start_clock() -> None:
        """Run once everyone has tried to sign in, before anyone goes on."""
        window["start"] = time.monotonic()
        window["end"] = window["start"] + seconds
        window["client_cpu"], window["server_cpu"] = time.process_time(), process_tree_cpu_seconds(server_pid)

    ready = threading.Barrier(len(people), action=start_clock)

    def pause(rng: random.Random) -> None:
        if think:
            time.sleep(max(0.0, min(rng.uniform(*THINK_SECONDS), window["end"] - time.monotonic())))

    def work(person: Person) -> None:
        if person.sign_in():
            signed_in.append(person)
        sign_in_statuses.update(r.status for r in person.requests)
        person.requests.clear()  # sign-in is counted apart, before the clock starts
        ready.wait()
        if person not in signed_in:
            return
        while time.monotonic() < window["end"]:
            person.act(lambda: pause(person.rng))
            pause(person.rng)

    threads = [threading.Thread(target=work, args=(person,), name=person.username) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # CPU over the whole of the run, up to the last request started in the window finishing
    elapsed = time.monotonic() - window["start"]
    client_cpu = time.process_time() - window["client_cpu"]
    server_after = process_tree_cpu_seconds(server_pid)
    return LoadResult(
        requests=[r for person in people for r in person.requests],
        signed_in=len(signed_in),
        sign_in_statuses=sign_in_statuses,
        start=window["start"],
        seconds=seconds,
        client_cpu=client_cpu / elapsed,
        server_cpu=(server_after - window["server_cpu"]) / elapsed if server_after is not None else None,
        server_name=next((p.server_name for p in people if p.server_name), "?"),
    )


# --- reporting ------------------------------------------------------------------------------------------------


def noticed(status: str) -> bool:
    """A status a person would notice as a failure: not 2xx, not 3xx (except being signed out), not 409."""
    return not (status[0] in "23" and status[:3].isdigit() and status != SIGNED_OUT) and status != "409"


def percentile_row(times_ms: list[float]) -> tuple[float, float, float]:
    if len(times_ms) == 1:
        return (times_ms[0],) * 3
    cuts = statistics.quantiles(times_ms, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


PAGE_ORDER = [
    "reviews list",
    "review overview",
    "Clarity of purpose marker",
    "purpose overview",
    "communications log",
    "audit trail",
    "review findings",
    "review actions",
    "action plan",
    "action plan, filtered",
    "action plan CSV",
    "action plan Word",
    "learning across reviews",
    "annual report Word",
    "answer form",
    "save answer",
    "communication form",
    "log communication",
    "statement form",
    "save statement",
]
READING_PAGES = PAGE_ORDER[: PAGE_ORDER.index("answer form")]


def print_load(title: str, result: LoadResult, mode: str) -> None:
    by_page: dict[str, list[Request]] = defaultdict(list)
    for request in result.requests:
        by_page[request.page].append(request)
    end = result.start + result.seconds
    print(f"\n{title}")
    print(
        f"  server: {result.server_name}; signed in: {result.signed_in} people "
        f"(sign-in statuses {dict(result.sign_in_statuses)}); client CPU {result.client_cpu:.0%} of one core"
        + (f"; server CPU {result.server_cpu:.0%} of one core" if result.server_cpu is not None else "")
    )
    header = f"  {'page':<26} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}  statuses noticed"
    print(header)
    print("  " + "-" * (len(header) + 10))
    worst_p95 = ("", 0.0)
    for page in sorted(by_page, key=lambda p: PAGE_ORDER.index(p) if p in PAGE_ORDER else len(PAGE_ORDER)):
        items = by_page[page]
        p50, p95, p99 = percentile_row([r.seconds * 1000 for r in items])
        if page in READING_PAGES and p95 > worst_p95[1]:
            worst_p95 = (page, p95)
        finished = sum(1 for r in items if r.started + r.seconds <= end)
        bad = Counter(r.status for r in items if noticed(r.status))
        print(
            f"  {page:<26} {len(items):>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {finished / result.seconds:>7.1f}  "
            + (", ".join(f"{status}: {n}" for status, n in bad.most_common()) or "-")
        )
    everything = result.requests
    p50, p95, p99 = percentile_row([r.seconds * 1000 for r in everything] or [0.0])
    finished = sum(1 for r in everything if r.started + r.seconds <= end)
    bad = Counter(r.status for r in everything if noticed(r.status))
    throughput = finished / result.seconds
    print(
        f"  {'all':<26} {len(everything):>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {throughput:>7.1f}  "
        + (", ".join(f"{status}: {n}" for status, n in bad.most_common()) or "-")
    )
    server_errors = sum(n for status, n in bad.items() if status.startswith("5") or not status[:1].isdigit())
    posts = sum(1 for r in everything if r.page.startswith(("save", "log")))
    print(f"  POSTs: {posts} of {len(everything)} requests ({posts / max(1, len(everything)):.0%})")
    print(f"  target: zero 5xx or lost requests: {server_errors} {'met' if server_errors == 0 else 'MISSED'}")
    if mode == "people":
        verdict = "met" if worst_p95[1] < PEOPLE_P95_MS else "MISSED"
        print(f"  target: p95 < {PEOPLE_P95_MS} ms on every page: worst {worst_p95[0]} {worst_p95[1]:.0f} ms {verdict}")
    else:
        wanted = SATURATION_FACTOR * RUNSERVER_REQUESTS_PER_SECOND
        verdict = "met" if throughput >= wanted else "MISSED"
        print(
            f"  target: >= {wanted} req/s ({SATURATION_FACTOR}x runserver's ~{RUNSERVER_REQUESTS_PER_SECOND}): "
            f"{throughput:.1f} {verdict}"
        )


EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception)): ?(.*)$", re.MULTILINE)


def logged_exceptions(log: Path) -> Counter:
    """The exceptions in the server's log by type and message; a chain of exceptions counts once, as its last."""
    found = Counter()
    for chunk in log.read_text(errors="replace").split("Traceback (most recent call last):")[1:]:
        if "The above exception was the direct cause" in chunk or "During handling of the above exception" in chunk:
            continue
        match = EXCEPTION_LINE.search(chunk)
        if match:
            found[f"{match[1]}: {match[2][:80]}"] += 1
    return found


def print_singles(title: str, rows: list[tuple[str, float, float]], samples: int) -> None:
    print(f"\n{title}")
    print(f"  {'page':<26} {'first ms':>9} {'median ms':>10}  target < {SINGLE_REQUEST_MS} ms (median of {samples})")
    for page, first, median in rows:
        print(f"  {page:<26} {first:>9.0f} {median:>10.0f}  {'met' if median < SINGLE_REQUEST_MS else 'MISSED'}")


def page_queries(database: Database, samples: int, profiled: str | None, left_out: frozenset[str]) -> None:
    """Each page's queries and server time, on an untouched copy, as the first lead reviewer of the partnership
    (business managers must type an authenticator code, which the test client's sign-in skips)."""
    who = next(person for person in database.manifest["people"] if person["role"] == "lead_reviewer")
    person = Person("", who, database.manifest["partnerships"][who["partnership"]], "", random.Random(0))  # noqa: S311
    person.left_out = left_out
    pages = BENCH_DIR / "pages.json"
    pages.write_text(json.dumps(person.reading_pages()))
    environment = {
        **database.fresh_copy(),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    command = [sys.executable, str(QUERIES), who["username"], str(pages), "--samples", str(samples)]
    print(f"\n{database.label}, each page's queries and server time")
    subprocess.run([*command, *(["--profile", profiled] if profiled else [])], env=environment, check=True)  # noqa: S603


def commit() -> str:
    command = ["git", "-C", str(ROOT), "describe", "--always", "--dirty"]
    described = subprocess.run(command, capture_output=True, text=True)  # noqa: S603, S607 - git from PATH, our args
    return described.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--mode", choices=["people", "saturation", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60, help="length of each load run")
    parser.add_argument("--users", type=int, default=20, help="people signed in at once (at most 20)")
    parser.add_argument("--port", type=int, default=8200, help="loopback port for the server")
    parser.add_argument("--workers", type=int, help="passed to casereview serve when it offers --workers")
    parser.add_argument("--samples", type=int, default=15, help="single-request timings per page")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/cr_bench"),
        help="where to keep the built data (default $BENCH_POSTGRES or cr_bench; the name must contain"
        " 'bench'); the run copy is <name>_run, made from it each run",
    )
    parser.add_argument("--build-only", action="store_true", help="build (or check) the data, then stop")
    parser.add_argument(
        "--queries",
        action="store_true",
        help="instead of serving: each page's queries, size and server time through Django's test client"
        " (page_queries.py), as a lead reviewer",
    )
    parser.add_argument("--profile", metavar="PAGE", help="with --queries: where PAGE's CPU time goes")
    parser.add_argument(
        "--without",
        metavar="PAGE",
        action="append",
        default=[],
        choices=READING_PAGES,
        help="leave a page out of the single requests and the load (repeatable), e.g. one so slow that it holds"
        " every worker and the others cannot be measured",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the large partnership again")
    parser.add_argument(
        "--light",
        action="store_true",
        help="answer the markers of the two main reviews only (a build of minutes, not half an hour; the findings"
        " and actions are the same, an audit trail of 12,000 entries instead of 60,000)",
    )
    args = parser.parse_args()

    workers = args.workers
    if workers is not None and not serve_offers_workers():
        print("casereview serve has no --workers option here: serving with its own default.")
        workers = None
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"casereview {commit()}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs")
    databases = []
    if args.db in {"sqlite", "both"}:
        databases.append(sqlite_database(args.rebuild, args.light))
    if args.db in {"postgres", "both"}:
        databases.append(postgres_database(args.postgres, args.rebuild, args.light))
    if args.build_only:
        return
    modes = ["people", "saturation"] if args.mode == "both" else [args.mode]
    left_out = frozenset(args.without)
    if left_out:
        print(f"Left out of this run: {', '.join(sorted(left_out))}")
    for database in databases:
        manifest = database.manifest
        print(
            f"\n{database.label}: {manifest['audit_entries']:,} audit entries; built in {manifest['build_seconds']} s"
            + (" (light: markers answered on the main reviews only)" if manifest.get("light") else "")
        )
        if "records" in manifest:
            print("  " + ", ".join(f"{count:,} {what}" for what, count in manifest["records"].items()))
        if args.queries:
            page_queries(database, args.samples, args.profile, left_out)
            continue
        for index, mode in enumerate(modes):
            log = BENCH_DIR / f"server-{database.label.lower()}-{mode}.log"
            with running_server(database.fresh_copy(), args.port, workers, log) as (address, pid):
                if index == 0:
                    rows = single_requests(address, manifest, args.samples, left_out)
                    print_singles(f"{database.label}, single requests, one person", rows, args.samples)
                load = f"{os.getloadavg()[0]:.1f}"
                result = run_load(
                    address, pid, manifest, args.users, args.seconds, think=mode == "people", left_out=left_out
                )
                title = (
                    f"{database.label}, {mode} mode: {args.users} people for {args.seconds:.0f} s"
                    f"{', 1-3 s between actions' if mode == 'people' else ', no waiting'} "
                    f"(machine load average {load} before, {os.getloadavg()[0]:.1f} after)"
                )
                print_load(title, result, mode)
            for exception, count in logged_exceptions(log).most_common():
                print(f"  server logged {count} x {exception}")
            print(f"  server output: {log.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
