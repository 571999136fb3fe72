"""HTML -> main text and metadata: trafilatura for text, htmldate for dates (original and copy)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class HtmlResult:
    text: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: str | None
    original_published: str | None


def extract_html(html: str, url: str | None = None) -> HtmlResult | None:
    import trafilatura
    from htmldate import find_date
    from trafilatura.settings import Document

    # trafilatura's defaults scored best on the Zyte dev pages (eval/extraction.py): favor_recall pulled in
    # teasers, and dropping tables lost results tables that are the article's content.
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - its metadata step calls htmldate, which asserts on some malformed trees
        result = trafilatura.bare_extraction(html, url=url, with_metadata=False, include_comments=False)
    if not isinstance(result, Document) or not (result.text or "").strip():
        return None
    # htmldate's "original" is the first publication; its default is the latest date on the page, i.e. this copy.
    original = _safe(find_date, html, original_date=True, outputformat="%Y-%m-%d")
    latest = _safe(find_date, html, original_date=False, outputformat="%Y-%m-%d")
    return HtmlResult(
        text=result.text or "", title=result.title, author=result.author, outlet=result.sitename,
        url=result.url or url, published=latest or result.date,
        original_published=original if original and latest and original < latest else None)


def _safe(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
    # htmldate raises on some malformed trees; a missing date is not worth losing the document for.
    try:
        return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001
        return None
