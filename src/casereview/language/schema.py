"""The rule files' schema: every field checked, with a message that says what to change. Used only when the
files are read (pydantic is slow to import), never when a text is checked."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .model import Category, Exception_, Explained, Rule, RuleFile, Severity, Signal

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class RuleSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    severity: Severity
    message: Text
    explanation: Text
    source: Text = Field(description="Where the reasoning comes from, so a reviewer can read further.")
    suggestion: Text
    patterns: tuple[Text, ...] = Field(min_length=1)
    exceptions: tuple[Exception_, ...] = ()
    signal: Signal | None = Field(default=None, description="For learning rules: which signal a match shows.")
    trusted: bool = Field(
        default=False,
        description=(
            "An exact phrase whose match is a problem unless the sentence model is sure it is not: it is doubted "
            "only below the model's own, lower threshold for trusted rules."
        ),
    )

    def plain(self) -> Rule:
        return Rule(**dict(self))


class RuleFileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    lexicons: dict[Slug, tuple[Text, ...]] = {}
    rules: tuple[RuleSchema, ...]

    def plain(self) -> RuleFile:
        return RuleFile(self.category, tuple(rule.plain() for rule in self.rules), dict(self.lexicons))


class ExplainedSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    message: Text
    explanation: Text
    source: Text
    suggestion: Text


class LearnedFileSchema(BaseModel):
    """``classifier/categories.yaml``: what the sentence model's findings say, per category."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: dict[Category, ExplainedSchema]

    def plain(self) -> dict[Category, Explained]:
        return {category: Explained(**dict(about)) for category, about in self.categories.items()}
