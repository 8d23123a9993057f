"""A page as a person meets it through the Django test client: the text they read, the form they fill in and
send, and signing in through the sign-in page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

DEMO_PASSWORD = "learning-not-blame"  # noqa: S105 - the demonstration data's published password
ADDRESS = "198.51.100.4"  # where the test client's requests come from, unless a test says otherwise
NOT_READ = {"script", "style", "template"}  # in the page, never shown as text
SUBMIT_TYPES = {"submit", "image"}
NOT_TEXT_INPUTS = {"checkbox", "radio", "file", "button", "reset", *SUBMIT_TYPES}


def _html(page) -> str:
    return page if isinstance(page, str) else page.content.decode()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_READ:
            self.skipping += 1
        self.parts.append(" ")  # a tag separates words, as a browser lays out most of them

    def handle_endtag(self, tag):
        if tag in NOT_READ and self.skipping:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(page) -> str:
    """The words of a page (a response or its HTML) as a person reads them: without the markup, scripts and
    styles, entities as the characters they stand for, any run of white space as one space. Text hidden only
    visually (for screen readers) is kept: someone hears it."""
    parser = _Text()
    parser.feed(_html(page))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


text_of = visible_text


@dataclass
class Button:
    text: str
    name: str | None
    value: str


@dataclass
class Form:
    """A form as the page rendered it: where it is sent, its fields with the values shown, and its buttons."""

    action: str | None
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    in_main: bool = False

    def data(self) -> dict[str, str | list[str]]:
        """The fields as a dict for the test client; a name sent more than once becomes a list."""
        data: dict[str, str | list[str]] = {}
        for name, value in self.fields:
            if name in data:
                before = data[name]
                data[name] = [*before, value] if isinstance(before, list) else [before, value]
            else:
                data[name] = value
        return data


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.in_main = 0
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None  # name, multiple, options
        self.option: list[str] | None = None  # its value and text so far
        self.textarea: tuple[str, list[str]] | None = None
        self.button: tuple[str | None, str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        found = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "main":
            self.in_main += 1
        elif tag == "form":
            self.form = Form(found.get("action"), found.get("method", "get").lower(), in_main=self.in_main > 0)
            self.forms.append(self.form)
        if self.form is None or "disabled" in found:
            return
        name = found.get("name")
        if tag == "input":
            kind = found.get("type", "text").lower()
            if kind in SUBMIT_TYPES:
                self.form.buttons.append(Button(found.get("value", ""), name, found.get("value", "")))
            elif name and (kind not in NOT_TEXT_INPUTS or (kind in {"checkbox", "radio"} and "checked" in found)):
                self.form.fields.append((name, found.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "button" and found.get("type", "submit").lower() == "submit":
            self.button = (name, found.get("value", ""), [])
        elif tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            self.select = (name, "multiple" in found, [])
        elif tag == "option" and self.select is not None:
            self.option = [found.get("value"), "selected" in found, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.button is not None:
            self.button[2].append(data)
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        elif tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # the HTML parser keeps the newline a browser drops right after <textarea>
            self.form.fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None
        elif tag == "button" and self.button is not None:
            name, value, text = self.button
            self.form.buttons.append(Button(re.sub(r"\s+", " ", "".join(text)).strip(), name, value))
            self.button = None
        elif tag == "option" and self.option is not None:
            self._end_option()
        elif tag == "select" and self.select is not None:
            self._end_option()
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser sends the first option of a single choice nobody made
            self.form.fields.extend((name, value) for value in chosen)
            self.select = None

    def _end_option(self):
        if self.option is not None:
            value, selected, text = self.option
            self.select[2].append((text.strip() if value is None else value, selected))
            self.option = None


def forms_of(page) -> list[Form]:
    """Every form of a page (a response or its HTML), in page order."""
    parser = _Forms()
    parser.feed(_html(page))
    parser.close()
    return parser.forms


def form_of(page, button: str | None = None) -> Form:
    """The form a person would fill in: the one with the button of that text, or else the page's own form (the
    first in <main>, not the sign-out button in the header)."""
    forms = forms_of(page)
    if button is not None:
        found = [form for form in forms if any(b.text == button for b in form.buttons)]
        assert found, f"no form on the page has a button {button!r}: {[b.text for f in forms for b in f.buttons]}"
    else:
        found = [form for form in forms if form.in_main]
        assert found, "the page has no form in <main>"
    return found[0]


def submit(client, path: str, changes: dict | None = None, *, button: str | None = None, **extra):
    """Open the page at ``path`` and send its form as rendered (hidden fields such as the version the page was
    opened at included) with ``changes`` typed over it; ``button`` is the text of the button pressed, when the
    form has several. A change to None leaves that field out, as an unticked box is left out. Returns the
    response to the form, not followed."""
    page = client.get(path, **extra)
    assert page.status_code == 200, f"{path} answered {page.status_code}"
    return submit_form(client, page, changes, path=path, button=button, **extra)


def submit_form(client, page, changes: dict | None = None, *, path: str, button: str | None = None, **extra):
    """Send the form of a page already open (see ``submit``); ``path`` is the page's address, where a form
    without an action is sent."""
    form = form_of(page, button)
    data = form.data()
    if button is not None:
        pressed = next(b for b in form.buttons if b.text == button)
        if pressed.name:
            data[pressed.name] = pressed.value
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    target = form.action or path
    if form.method == "get":
        return client.get(target, data, **extra)
    return client.post(target, data, **extra)


def sign_in(client, username: str, password: str = DEMO_PASSWORD, address: str = ADDRESS, *, next=None, **extra):
    """Sign in through the sign-in page, from ``address``; the response to the password (a redirect when
    accepted)."""
    fields = {"username": username, "password": password}
    if next is not None:
        fields["next"] = next
    return client.post("/accounts/sign-in/", fields, REMOTE_ADDR=address, **extra)
