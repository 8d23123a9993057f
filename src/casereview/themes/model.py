"""The shipped list of review themes a partnership codes its findings to (and may add its own to)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    citation: Text
    url: Text | None = None


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    description: Text
    sources: tuple[Slug, ...]  # ids of the list's sources that name this theme
    confirmed: bool = True  # False where the theme is widely used but was not confirmed from its sources


class ThemeList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    note: Text | None = None
    sources: tuple[Source, ...]
    themes: tuple[Theme, ...]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)
