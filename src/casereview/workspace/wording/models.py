"""The wording check of each saved text, kept so that pages read it instead of checking the text again."""

import hashlib

from django.db import models


def digest(text: str) -> str:
    """What a text's stored check is found by."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class StoredCheck(models.Model):
    """The check of one text, found by the text's digest: the same words have the same check wherever they
    are kept, and a changed text has a new digest, so a check can never be shown against other words.

    Holds offsets and rule ids, never the text itself. ``rules`` is the fingerprint of the language rules
    that made it: a check made under other rules is stale and is made again.
    """

    digest = models.CharField(max_length=64, unique=True)
    rules = models.CharField(max_length=64)
    result = models.JSONField()

    def __str__(self) -> str:
        return f"Wording check {self.digest[:12]} (rules {self.rules})"
