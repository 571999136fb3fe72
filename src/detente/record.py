"""The one record type that flows through every stage: read -> clean -> provenance -> extract -> fuse -> store.

Each per-document stage fills in its own fields and leaves earlier ones alone, so a record can be inspected
after any stage. The fields that relate a document to others (`duplicate_of`, `copy_status`, `story`,
each event's `fused_id`) belong to the cross-document stages, which set them afresh whenever a document is
related (store/recompute.py), since a copy that arrives later can change which one is the original.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

# What provenance/dedup.py makes of a document: the first report, or how it copies the group's original.
CopyStatus = Literal["original", "identical", "syndicated", "excerpt", "updated", "rewritten", "spun"]
# INST is a state's institution: its army, its ministry.
EntityLabel = Literal["STATE", "INST", "ORG", "PERSON"]
# The 16 PLOVER event types; detente/plover.py gives each its quad class and score (a test ties the two).
EventType = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
Polarity = Literal["positive", "negative", "mixed"]
# "speaker": their own words; "author": the writer's own analysis.
HolderKind = Literal["speaker", "author"]
# "text": the event's own clause dates it; "report": the report's date stands in.
DateBasis = Literal["text", "report"]


@dataclass
class Entity:
    text: str
    start: int
    end: int
    label: EntityLabel
    actor: str | None = None  # ISO alpha-3, org code or canonical person name
    country: str | None = None
    role: str | None = None


@dataclass
class Time:
    text: str
    start: int
    end: int
    value: str  # TIMEX3 value: 2019-04-25, 2019-04, 2018, 2025-W10, 199X


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_actor: str | None
    cue: str | None
    direct: bool


@dataclass
class Event:
    type: EventType
    mode: str | None
    actor: str | None
    target: str | None
    actor_text: str | None
    target_text: str | None
    date: str | None
    place: str | None
    sentence: str
    start: int
    end: int
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    trigger: str | None = None
    actor_country: str | None = None
    target_country: str | None = None
    fused_id: str | None = None  # the cross-document event this report belongs to
    date_basis: DateBasis | None = None
    evidence: list[str] = field(default_factory=list)  # later sentences of the same document retelling it


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str | None = None
    change: dict[str, Any] | None = None  # {"direction": "down", "by": 56.0, "by_unit": "percent"}
    period: str | None = None
    about: str | None = None
    # How the text fences the figure: "up to" a ceiling, "more than" a floor, "about" an estimate.
    bound: Literal["upper", "lower", "exact", "approximate"] | None = None
    hedge: str | None = None  # modal wording that makes the figure a possibility: "could rise to", "may"


@dataclass
class Assessment:
    """A source's own judgement of how a relationship is going."""
    text: str
    start: int
    end: int
    polarity: Polarity
    cues: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # the states or organisations whose relationship is judged
    holder: str | None = None  # who judges: a quoted speaker, or the document's author or outlet
    holder_kind: HolderKind = "author"


@dataclass
class Spin:
    score: float = 0.0
    spun: bool = False
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Document:
    id: str
    source: str
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    original_published: str | None = None
    place: str | None = None
    # Where the report proper starts, after a dateline ("SEOUL, May 6 (Wire) - "): the names before it say
    # where the reporter was, not who acted.
    body_start: int = 0
    language: str | None = None
    removed: list[str] = field(default_factory=list)
    spin: Spin = field(default_factory=Spin)
    story: str | None = None
    duplicate_of: str | None = None
    copy_status: CopyStatus = "original"
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    # What the reader had to change to make the input storable ("title: 1 lone surrogate replaced").
    repairs: list[str] = field(default_factory=list)
    # Raw input kept only until `clean` runs; never serialised.
    raw: str | None = field(default=None, repr=False)
    raw_kind: str = "text"  # text or html

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        for name in TRANSIENT:
            out.pop(name)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        nested = {"entities": Entity, "times": Time, "quotes": Quote, "events": Event, "quantities": Quantity,
                  "assessments": Assessment}
        kwargs = {k: v for k, v in data.items() if k in _FIELDS}
        for key, kind in nested.items():
            kwargs[key] = [kind(**item) for item in data.get(key) or []]
        kwargs["spin"] = Spin(**(data.get("spin") or {}))
        return cls(**kwargs)


_FIELDS = {f.name for f in dataclasses.fields(Document)}
# Fields that live only until `clean` runs: never serialised nor stored.
TRANSIENT = ("raw", "raw_kind")


def text_digest(text: str) -> str:
    """Exact content, for telling two inputs that share an id apart (DuckDB's md5() gives the same)."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """Stable id for a document without one: whitespace-insensitive so re-wrapped copies key the same."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class Rejected:
    """An input that could not become a Document: stored in the `errors` table, never silently dropped."""

    source: str
    code: str
    reason: str

    def __post_init__(self) -> None:
        # Reasons quote exception messages and sources quote file names: either may carry unencodable text.
        self.source, self.reason = storable(self.source)[0], storable(self.reason)[0]


# Lone surrogates (from JSON "\udc80" escapes or undecodable file names) cannot be encoded as UTF-8, so
# no database, Arrow table or hash accepts them; NUL is refused by some drivers and is never text.
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def storable(text: str) -> tuple[str, int]:
    """(text with each lone surrogate or NUL replaced by U+FFFD, how many were replaced)."""
    return _UNSTORABLE.subn("\ufffd", text)


def path_name(path: object) -> str:
    """A path as storable text: bytes a file name holds that are not UTF-8 are shown as \\xNN escapes."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def storable_document(doc: Document) -> Document:
    """Every string of the record made storable, once, where a reader hands it on; each repair is noted."""
    for f in dataclasses.fields(doc):
        if f.name in ("repairs", "raw_kind"):
            continue
        value, n = _storable_value(getattr(doc, f.name))
        if n:
            setattr(doc, f.name, value)
            doc.repairs.append(f"{f.name}: {n} unstorable characters replaced")
    return doc


def _storable_value(value: Any) -> tuple[Any, int]:
    """The value with every string inside it (lists, dicts, nested records) made storable; how many changed."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        pairs = [_storable_value(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        fixed = {storable(k)[0] if isinstance(k, str) else k: _storable_value(v) for k, v in value.items()}
        keys = sum(storable(k)[1] for k in value if isinstance(k, str))
        return {k: v for k, (v, _) in fixed.items()}, keys + sum(n for _, n in fixed.values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        total = 0
        for f in dataclasses.fields(value):
            fixed, n = _storable_value(getattr(value, f.name))
            if n:
                setattr(value, f.name, fixed)
                total += n
        return value, total
    return value, 0
