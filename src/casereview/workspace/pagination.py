"""GOV.UK pagination for the pages of a long list, as plain links so it works without JavaScript."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.core.paginator import Page


def pagination(page: Page, path: str, label: str, kept: Mapping[str, str] | None = None) -> dict | None:
    """The pagination component's parameters for ``page``: previous and next, the first and last pages, and the
    pages either side of this one, with ellipses between. ``kept`` (a filter's fields, say) are on every link; a
    mapping rather than keywords, so that a name from an address cannot meet this function's own."""
    paginator = page.paginator
    if paginator.num_pages < 2:
        return None

    def href(number: int) -> str:
        return f"{path}?{urlencode({**{k: v for k, v in (kept or {}).items() if v}, 'page': number})}"

    near = {1, paginator.num_pages, page.number - 1, page.number, page.number + 1}
    items: list[dict] = []
    for number in sorted(n for n in near if 1 <= n <= paginator.num_pages):
        if items and number > items[-1]["number"] + 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append({"number": number, "href": href(number), "current": number == page.number})
    for item in items:  # the numbers of ellipses only placed them
        if item.get("ellipsis"):
            del item["number"]
    return {
        "items": items,
        "previous": {"href": href(page.number - 1)} if page.has_previous() else None,
        "next": {"href": href(page.number + 1)} if page.has_next() else None,
        "landmarkLabel": label,
    }
