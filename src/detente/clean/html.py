"""HTML -> main text and metadata: trafilatura for text, htmldate for dates (original and copy)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ParamSpec, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from lxml.html import HtmlElement

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
    from trafilatura.settings import Document

    # trafilatura's defaults scored best on the Zyte dev pages (eval/extraction.py): favor_recall pulled in
    # teasers, and dropping tables lost results tables that are the article's content.
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - its metadata step calls htmldate, which asserts on some malformed trees
        result = trafilatura.bare_extraction(html, url=url, with_metadata=False, include_comments=False)
    if not isinstance(result, Document) or not (result.text or "").strip():
        return None
    published, original = page_dates(html, url)
    return HtmlResult(
        text=result.text or "", title=result.title, author=result.author, outlet=result.sitename,
        url=result.url or url, published=published, original_published=original)


# htmldate discards a date expression holding a run of three digits (prices, codes), so a <time datetime>
# with milliseconds ("2019-11-19T11:45:59.000Z") is skipped and, with no other time element, a build stamp
# anywhere in the source wins. Only datetime attributes: a meta tag skipped so leaves htmldate the page's
# other metadata, often the publisher's local date, where the UTC instant may fall on the next day.
_FRACTION = re.compile(r"""(datetime=["']?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d+""", re.I)
# A date in a URL path, as htmldate reads one: /2019/11/18/, _2019-11-18.
_URL_DATE = re.compile(r"\D((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")


def page_dates(html: str, url: str | None = None) -> tuple[str | None, str | None]:
    """The date this page first published its article, and the original's when the page is a syndicated copy.

    htmldate's `original_date` mode is the publication date: its default prefers the latest date on the page,
    a modification (an updated_time, dateModified), which is not a second publication. A canonical link to
    another site marks a syndicated copy (MSN pointing at CNN): the date in that link is the original's, and
    htmldate, which reads the canonical link's date before any markup, would give it as this page's.
    """
    from htmldate import find_date
    from htmldate.utils import load_html

    tree = _safe(load_html, _FRACTION.sub(r"\1", html))
    if tree is None:
        return None, None
    own = url or _attr(tree, './/meta[@property="og:url"]', "content")
    canonical = _attr(tree, './/link[@rel="canonical"]', "href")
    sites = {_site(own or ""), _site(canonical or "")}
    foreign = "" not in sites and len(sites) == 2
    # Given a URL, htmldate does not read the canonical link; given none, it takes the canonical link as the page's.
    published = _safe(find_date, tree, original_date=True, outputformat="%Y-%m-%d", url=own if foreign else url)
    original = _url_date(canonical) if foreign and canonical else None
    return published, original if original and published and original < published else None


def _attr(tree: HtmlElement, path: str, name: str) -> str | None:
    elem = tree.find(path)
    value = elem.get(name) if elem is not None else None
    return value.strip() if value and value.strip() else None


def _site(url: str) -> str:
    # The last two labels of the host: www., m. and amp. copies of a site are the same site.
    host = urlsplit(url).hostname or ""
    return ".".join(host.split(".")[-2:])


def _url_date(url: str) -> str | None:
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _safe(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
    # htmldate raises on some malformed trees; a missing date is not worth losing the document for.
    try:
        return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001
        return None
