"""How a report names people: by name, or by their role when the partnership chooses roles.

Replacing names covers the fields that hold a person (a lead reviewer, who judged a marker, a party) and the
free text people typed (evidence, rationales, how a circumstance was acknowledged): every known person's full
name, and each part of it written with a capital, becomes their role. A name casereview does not know (typed
only into free text, never registered as a party or a member) cannot be found: the form says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from ..accounts.models import Membership
from ..purpose.models import Party
from ..reviews.models import Review
from ..transfer.models import ImportedReview

# Who a person named in an imported review's file, with no account here, is in a report by role: their role in
# the partnership they came from is not in the file.
KEPT_ROLE = "person named in the imported file"

# Words that come before a name and are no part of anyone's identity.
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev", "revd"}


class Naming:
    """Names people in one review's report. ``by_role`` replaces every name the records hold by a role."""

    def __init__(self, review: Review, *, by_role: bool):
        self.by_role = by_role
        self._roles = {
            membership.user_id: membership.get_role_display()
            for membership in Membership.objects.filter(partnership_id=review.partnership_id)
        }
        self._names: dict[str, str] = {}  # a full name (any case) -> what replaces it
        self._parts: dict[str, str] = {}  # one part of a name, as written with its capital -> what replaces it
        self._compiled: re.Pattern | None = None  # made again when a name is learnt
        # An imported review keeps by name the people its file named who have no account here, as its page shows.
        imported = ImportedReview.objects.filter(review=review).only("people").first()
        self._kept: dict[str, dict] = imported.people if imported else {}
        if by_role:
            for user in get_user_model().objects.filter(pk__in=list(self._roles)):
                self._learn_user(user)
            for party in Party.objects.filter(review=review):
                self._learn(party.name, party.role)
            for kept in self._kept.values():
                self._learn(kept.get("name", ""), KEPT_ROLE)

    def role_of(self, user: AbstractBaseUser) -> str:
        return self._roles.get(user.pk, "Former member of the partnership")

    def person(self, user: AbstractBaseUser | None) -> str:
        """A member as the report names them: full name (or username), or "the" and their role in the partnership."""
        if user is None:
            return "someone no longer on casereview"
        if self.by_role:
            self._learn_user(user)
            return f"the {self.role_of(user).lower()}"
        return user.get_full_name() or user.get_username()

    def kept(self, kind: str, record_id: int, field: str) -> str | None:
        """The person an imported file named for that field of that record, with no account here: "Bea Lewis
        (bea)", or who they are when roles are chosen. None when the record names no such person."""
        person = self._kept.get(f"{kind}:{record_id}:{field}")
        if not person:
            return None
        return f"a {KEPT_ROLE}" if self.by_role else f"{person['name']} ({person['username']})"

    def recorded_by(self, user: AbstractBaseUser | None, kind: str, record_id: int, field: str) -> str:
        """Who made a record: the member, or the person an imported file named for it (not "someone no longer on
        casereview", which they never were)."""
        if user is None:
            kept = self.kept(kind, record_id, field)
            if kept is not None:
                return kept
        return self.person(user)

    def party(self, party: Party) -> str:
        """A party as the register holds them: role and organisation, with the name unless roles are chosen."""
        if self.by_role or not party.name.strip():
            return f"{party.role} ({party.organisation})"
        return f"{party.name}, {party.role} ({party.organisation})"

    def parties(self, parties: Iterable[Party]) -> list[str]:
        return [self.party(party) for party in parties]

    def text(self, value: str) -> str:
        """Free text with every known name replaced by the person's role in brackets (names chosen: unchanged)."""
        if not self.by_role or not value:
            return value
        pattern = self._pattern()
        if pattern is None:
            return value
        return pattern.sub(self._replacement, value)

    def _learn_user(self, user: AbstractBaseUser) -> None:
        role = self.role_of(user)
        full = user.get_full_name().strip()
        self._learn(full or user.get_username(), role)

    def _learn(self, name: str, role: str) -> None:
        name = " ".join(name.split())
        if not name:
            return
        self._names.setdefault(name.casefold(), role)
        for part in re.split(r"[\s,]+", name):
            part = part.strip(".")
            if len(part) > 1 and part.casefold() not in _TITLES and part[0].isupper():
                self._parts.setdefault(part, role)
        self._compiled = None

    def _pattern(self) -> re.Pattern | None:
        if self._compiled is None and (self._names or self._parts):
            # Longest first, so a full name is replaced whole rather than part by part.
            names = sorted(self._names, key=len, reverse=True)
            parts = sorted(self._parts, key=len, reverse=True)
            alternatives = []
            if names:
                # A name in a text may be broken across lines: any run of white space between its words.
                spaced = (r"\s+".join(re.escape(word) for word in name.split(" ")) for name in names)
                alternatives.append("(?i:" + "|".join(spaced) + ")")
            if parts:
                alternatives.append("|".join(re.escape(part) for part in parts))
            self._compiled = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
        return self._compiled

    def _replacement(self, match: re.Match) -> str:
        found = match.group(0)
        role = self._names.get(" ".join(found.split()).casefold()) or self._parts.get(found, "a person")
        return f"[{role}]"
