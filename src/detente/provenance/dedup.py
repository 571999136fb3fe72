"""Near-duplicate and syndication groups with MinHash LSH (datasketch).

Two signatures per document: word shingles (copies, excerpts, re-headed reposts) and shingles over its
"anchor" tokens, names and numbers, which a synonym spinner leaves alone, so a spun copy still meets its
original. Only the signatures are kept per document (num_perm integers each), never the texts.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from datasketch import LeanMinHash, MinHash, MinHashLSH

from detente.groups import UnionFind
from detente.record import CopyStatus, Document
from detente.settings import DEFAULT, Settings

_WORD = re.compile(r"[\w'$%.-]+")
_ANCHOR = re.compile(r"\b(?:[A-Z][\w'-]+|\$?\d[\d,.]*%?)")
# Below this many anchor tokens the anchor signature is too thin to link documents safely.
MIN_ANCHORS = 25
ANCHOR_SHINGLE = 3
# An excerpt can be a fifth of the article, too little for any whole-text similarity; but excerpts and
# teasers keep the lede, and two different reports never share their first 25 words (headline and lede).
LEAD_WORDS = 25
MIN_LEAD_WORDS = 15
LEAD_CONFIRM = 0.6


@dataclass
class Summary:
    """What dedup needs to remember of one document."""

    id: str
    date: str
    length: int
    spun: bool
    words: LeanMinHash
    anchors: LeanMinHash | None
    shingles: int  # distinct word shingles: with the Jaccard estimate it gives containment
    lead: LeanMinHash | None  # shingles of the opening words, which teasers and excerpts keep


def _minhash(tokens: list[str], k: int, num_perm: int) -> LeanMinHash:
    mh = MinHash(num_perm=num_perm)
    grams = {" ".join(tokens[i:i + k]) for i in range(max(1, len(tokens) - k + 1))}
    mh.update_batch([g.encode("utf-8") for g in grams])
    # A MinHash carries its 2 x num_perm permutation table; the lean copy keeps only the hash values,
    # which is what a summary held for the whole corpus must be (bench/dedup.py measures it).
    return LeanMinHash(mh)


def summarize(doc: Document, settings: Settings = DEFAULT) -> Summary:
    words = [w.lower() for w in _WORD.findall(doc.text)]
    anchors = [a.lower() for a in _ANCHOR.findall(doc.text)]
    k = settings.shingle_words
    return Summary(
        id=doc.id, date=doc.original_published or doc.published or "9999", length=len(doc.text),
        spun=doc.spin.spun, words=_minhash(words, k, settings.num_perm),
        anchors=_minhash(anchors, ANCHOR_SHINGLE, settings.num_perm) if len(anchors) >= MIN_ANCHORS else None,
        shingles=len({tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}),
        lead=_lead(doc, words, settings))


def _lead(doc: Document, words: list[str], settings: Settings) -> LeanMinHash | None:
    # The headline is part of the lede a teaser keeps; the header reader moves it out of the text.
    lead = ([w.lower() for w in _WORD.findall(doc.title or "")] + words)[:LEAD_WORDS]
    return _minhash(lead, settings.shingle_words, settings.num_perm) if len(lead) >= MIN_LEAD_WORDS else None


@dataclass
class Link:
    duplicate_of: str
    relation: CopyStatus
    similarity: float


def band_keys(s: Summary, settings: Settings = DEFAULT) -> list[int]:
    """The LSH bucket keys of a summary, one per band of each signature. Two documents are candidates when
    they share a key; as plain integers the keys can be kept in the store and joined on there, so a new
    document meets its candidates without the stored documents being read."""
    keys: list[int] = []
    for kind, sig, threshold in (("w", s.words, EXCERPT_CANDIDATE), ("a", s.anchors, settings.lsh_threshold),
                                 ("l", s.lead, LEAD_CONFIRM)):
        if sig is None:
            continue
        bands, rows = _banding(threshold, settings.num_perm)
        values = sig.hashvalues
        for band in range(bands):
            chunk = f"{kind}{band}:".encode() + values[band * rows:(band + 1) * rows].tobytes()
            keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True))
    return keys


@lru_cache(maxsize=None)
def _banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for this threshold, minimising weighted errors."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def group(summaries: Iterable[Summary], settings: Settings = DEFAULT) -> dict[str, Link]:
    """Each non-canonical document id -> its link to the group's canonical copy."""
    items = {s.id: s for s in summaries}
    buckets: dict[int, list[str]] = {}
    pairs: set[tuple[str, str]] = set()
    for s in items.values():
        for key in band_keys(s, settings):
            bucket = buckets.setdefault(key, [])
            pairs.update((other, s.id) for other in bucket)
            bucket.append(s.id)
    return link(items, pairs, settings)


def link(items: dict[str, Summary], pairs: Iterable[tuple[str, str]], settings: Settings = DEFAULT) -> dict[str, Link]:
    """Groups are the connected parts of the confirmed candidate pairs; each is labelled from its canonical
    copy. Connected parts do not depend on the order pairs come in, so a store grouped a batch at a time
    gets the groups it would get all at once."""
    parts: UnionFind[str] = UnionFind()
    for i in items:
        parts.find(i)
    for a, b in pairs:
        if a != b and _confirmed(items[a], items[b], settings):
            parts.union(a, b)
    links: dict[str, Link] = {}
    for members in parts.groups():
        if len(members) > 1:
            links.update(_label([items[i] for i in members]))
    return links


# LSH returns candidates; the estimated Jaccard confirms them. Anchor-only links need more overlap,
# because two reports of one event share names and numbers without being copies.
ANCHOR_CONFIRM = 0.6
EXCERPT_CANDIDATE = 0.25
# Share of the shorter text's shingles found in the longer one for it to count as an excerpt.
EXCERPT_CONTAINMENT = 0.8


def containment(a: Summary, b: Summary) -> float:
    """Estimated share of the smaller document's shingles that the other contains (from Jaccard and sizes)."""
    j = a.words.jaccard(b.words)
    return min(1.0, j * (a.shingles + b.shingles) / ((1 + j) * max(1, min(a.shingles, b.shingles))))


def _confirmed(a: Summary, b: Summary, settings: Settings) -> bool:
    if a.words.jaccard(b.words) >= settings.lsh_threshold or containment(a, b) >= EXCERPT_CONTAINMENT:
        return True
    if a.lead is not None and b.lead is not None and a.lead.jaccard(b.lead) >= LEAD_CONFIRM:
        return True
    return a.anchors is not None and b.anchors is not None and a.anchors.jaccard(b.anchors) >= ANCHOR_CONFIRM


def canonical_key(s: Summary) -> tuple[str, int]:
    # Earliest original date first, then the most complete text; spun copies can never be canonical
    # while a clean copy exists because their date is pushed to the end.
    return ("~" + s.date if s.spun else s.date), -s.length


def _label(members: list[Summary]) -> dict[str, Link]:
    canon = min(members, key=lambda s: (canonical_key(s), s.id))
    out = {}
    for s in members:
        if s is canon:
            continue
        sim = round(s.words.jaccard(canon.words), 3)
        out[s.id] = Link(canon.id, _relation(s, canon, sim), sim)
    return out


def _relation(s: Summary, canon: Summary, sim: float) -> CopyStatus:
    if s.spun:
        return "spun"
    if s.length > 1.02 * canon.length and containment(s, canon) >= EXCERPT_CONTAINMENT:
        return "updated"  # a later copy that holds the original and adds to it
    if sim >= 0.9 and s.length >= 0.9 * canon.length:
        return "identical"
    if s.length < 0.7 * canon.length:
        return "excerpt"
    if sim < 0.3:
        return "rewritten"
    return "syndicated"


def apply(docs: list[Document], settings: Settings = DEFAULT) -> list[Document]:
    """Group a collection held in memory (the store groups a batch at a time through `band_keys`)."""
    links = group((summarize(d, settings) for d in docs), settings)
    for d in docs:
        d.duplicate_of, d.copy_status = status(links.get(d.id), d.spin.spun)
    return docs


def status(found: Link | None, spun: bool) -> tuple[str | None, CopyStatus]:
    """(duplicate_of, copy_status) of a document: set afresh each time, so regrouping needs no reset."""
    return (found.duplicate_of, found.relation) if found else (None, "spun" if spun else "original")
