"""Actors: states, seats of power used as metonyms, organisations and people with role and country.

Dictionary matches (Phoenix + overrides, longest match first) cover states, institutions and known
people; spaCy PERSON spans cover everyone else, with country and role read from the title words in
front of the name ("Kremlin aide Yury Ushakov") or an appositive after it ("Andrei Lankov, a professor").
Short later mentions ("Kim", "Mr. Putin", "Kims" with the apostrophe lost) resolve to the full name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from detente import data
from detente.record import Entity, EntityLabel

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Span, Token

ROLE_WORDS = {
    "president", "leader", "chief", "minister", "premier", "chancellor", "king", "queen", "prince", "emperor",
    "senator", "ambassador", "envoy", "aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson",
    "secretary", "general", "commander", "governor", "mayor", "chairman", "chairwoman", "head", "official",
    "diplomat", "negotiator", "representative", "lawmaker", "mp", "deputy", "vice", "foreign", "defence",
    "defense", "prime", "dictator", "ruler", "professor", "fellow", "analyst", "director", "chair",
    "international", "interior", "finance", "trade", "justice", "state", "economy", "first",
}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady"}
# "the North"/"the South" only name the Koreas when the document is about them.
KOREA_CONTEXT = {("the", "north"): "PRK", ("the", "south"): "KOR"}


# One actor, one code: Phoenix files international bodies under CAMEO IGO codes ("IGOEUREEC" for the
# European Union, the Commission and the Parliament alike), while overrides.tsv and users say "EU". Longest
# prefix wins; UN agencies count for the UN.
IGO_CODES = {"IGOEUREEC": "EU", "IGOUNO": "UN", "IGOAGR": "UN", "IGOWSTNAT": "NATO", "IGOBUSIMF": "IMF",
             "IGOUNODEVWBK": "WORLD_BANK", "IGOOPC": "OPEC", "IGOBUSOPC": "OPEC", "IGOAFRAFU": "AU",
             "IGOSEAASN": "ASEAN", "IGOUNOIAE": "IAEA", "IGOBUSGOE": "G8", "IGOBUSWTO": "WTO"}


def igo_code(code: str) -> str:
    for size in range(len(code), 5, -1):
        if code[:size] in IGO_CODES:
            return IGO_CODES[code[:size]]
    return code


@dataclass(frozen=True)
class Row:
    kind: EntityLabel  # the data files hold no other (tests/test_data.py)
    actor: str
    country: str
    role: str


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, ...], Row]:
    rows: dict[tuple[str, ...], Row] = {}
    for name in ("actors.tsv", "overrides.tsv", "leaders.tsv"):
        for phrase, kind, actor, country, role, _source in data.rows(name, columns=6, required=2):
            actor = igo_code(actor) if kind == "ORG" else actor
            row = Row(cast(EntityLabel, kind), actor, country or (actor if kind == "STATE" else ""), role)
            rows[tuple(phrase.split())] = row
            if "organization" in phrase:  # British spelling: "World Trade Organisation"
                rows.setdefault(tuple(phrase.replace("organization", "organisation").split()), row)
            if name == "overrides.tsv" and kind != "STATE" and phrase.split()[0] != "the":
                rows[("the",) + tuple(phrase.split())] = row  # "the European Union" is the same body
    return rows


@lru_cache(maxsize=1)
def first_words() -> dict[str, int]:
    """Every first word of a dictionary phrase (and its apostrophe-less plural) -> the longest phrase it
    starts: most tokens start none, and most that do start only short ones."""
    rows = table()
    longest: dict[str, int] = {}
    for k in rows:
        longest[k[0]] = max(longest.get(k[0], 0), len(k))
        if len(k) == 1:
            longest.setdefault(k[0] + "s", 1)
    return longest


def _norm(tok: Token) -> str:
    return tok.text.lower().replace("\u2019", "'")


def _acceptable(span: Span) -> bool:
    """Proper-noun shape: the first content token capitalised; short acronyms in capitals ('US', not 'us')."""
    words = [t for t in span if t.lower_ != "the"]
    if not words or not words[0].text[:1].isupper():
        return False
    if len(span) == 1 and len(span[0].text) <= 3 and span[0].text.isalpha():
        return span[0].text.isupper()
    return True


def dictionary_matches(doc: Doc) -> list[tuple[int, int, Row]]:
    rows = table()
    starts = first_words()
    norms = [_norm(t) for t in doc]  # once per token: the phrase lookups below slice this list
    out, i, n = [], 0, len(doc)
    while i < n:
        longest = starts.get(norms[i], 0)
        if not longest:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            key = tuple(norms[i:i + size])
            # Copies that lost apostrophes turn "Russia's" into "Russias".
            row = rows.get(key) or (rows.get(key[:-1] + (key[-1][:-1],)) if key[-1].endswith("s") else None)
            if row and _acceptable(doc[i:i + size]) and not _inside_longer_name(doc[i:i + size], row):
                out.append((i, i + size, row))
                i += size
                break
        else:
            i += 1
    return out


def _inside_longer_name(span: Span, row: Row) -> bool:
    """A one-word dictionary person inside a longer spaCy name is someone else ('Maggie Hassan')."""
    ent = span[0].ent_type_ == "PERSON" and next((e for e in span.doc.ents if e.start <= span.start < e.end), None)
    # spaCy's span may take the possessive along ("Xi Jinping's"): that is no longer name
    return bool(row.kind == "PERSON" and ent and sum(t.tag_ != "POS" for t in ent) > len(span))


def find_entities(doc: Doc) -> list[Entity]:
    by_token: dict[int, Entity] = {}
    entities = []
    for s, e, row in dictionary_matches(doc):
        ent = _entity(doc[s:e], row)
        entities.append(ent)
        by_token.update({t: ent for t in range(s, e)})
    entities += _korea_context(doc, {e.actor for e in entities if e.label == "STATE"}, by_token)
    known = [e for e in entities if e.label == "PERSON"]
    for ent in known:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        assert span is not None  # the offsets are those of a span of this doc (dictionary_matches)
        first = span.start
        country, role = _title_context(doc, first, by_token)
        ent.country, ent.role = country or ent.country, role or ent.role
    people = _people(doc, by_token, known)
    return sorted(entities + people + _surnames(doc, entities + people), key=lambda e: e.start)


def _surnames(doc: Doc, found: list[Entity]) -> list[Entity]:
    """Bare surnames the tagger missed ("Mr Ancram condemned ...", a headline's "Straw backs ..."): the
    same person, when exactly one named person of the document has that surname."""
    taken = {t for e in found for t in range(*_token_range(doc, e))}
    owners: dict[str, list[Entity]] = {}
    for e in found:
        if e.label == "PERSON" and e.actor and len(str(e.actor).split()) > 1:
            owners.setdefault(str(e.actor).split()[-1], []).append(e)
    out = []
    for tok in doc:
        people = owners.get(tok.text)
        if not people or tok.i in taken or tok.pos_ != "PROPN" or len(tok.text) < 3:
            continue
        # a headline may name the person before the text does ("Straw praises Kashmir moves")
        if len({p.actor for p in people}) == 1 and tok.ent_type_ in ("", "PERSON", "ORG", "NORP"):
            p = people[0]
            out.append(Entity(tok.text, tok.idx, tok.idx + len(tok.text), "PERSON", p.actor, p.country, p.role))
    return out


def _token_range(doc: Doc, e: Entity) -> tuple[int, int]:
    span = doc.char_span(e.start, e.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def _entity(span: Span, row: Row) -> Entity:
    return Entity(text=span.text, start=span.start_char, end=span.end_char, label=row.kind,
                  actor=row.actor or None, country=row.country or None, role=row.role or None)


def _korea_context(doc: Doc, states: set[str | None], by_token: dict[int, Entity]) -> list[Entity]:
    if not states & {"PRK", "KOR"}:
        return []
    out = []
    for tok in doc[:-1]:
        code = KOREA_CONTEXT.get((tok.lower_, doc[tok.i + 1].text.lower()))
        if code and doc[tok.i + 1].text[0].isupper() and tok.i not in by_token:
            ent = _entity(doc[tok.i:tok.i + 2], Row("STATE", code, code, ""))
            out.append(ent)
            by_token.update({tok.i: ent, tok.i + 1: ent})
    return out


def _people(doc: Doc, by_token: dict[int, Entity], known: list[Entity]) -> list[Entity]:
    found: list[Entity] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(t.i in by_token for t in ent):
            continue
        span = _trim(ent)
        if span is None:
            continue
        person = Entity(text=span.text, start=span.start_char, end=span.end_char, label="PERSON")
        country, role = _title_context(doc, span.start, by_token)
        role = role or _appositive_role(doc, span.end)
        full = _resolve(span.text, known) or (_titled_leader(span.text) if role else None)
        person.actor = full.actor if full else _clean_name(span.text)
        person.country = country or (full.country if full else None)
        person.role = role or (full.role if full else None)
        if full and not full.country:
            full.country = person.country
        known.append(person)
        found.append(person)
    return found


def _trim(ent: Span) -> Span | None:
    """Drop honorifics and possessives; extend over a name part the tagger left out ('Choe Son' + 'Hui')."""
    toks = [t for t in ent if t.lower_ not in HONORIFICS and t.text not in ("'s", "\u2019s")]
    if not toks or len(toks) > 5 or any(t.text == "-" and t.nbor().text[:1].isupper() for t in toks[:-1]):
        return None  # "Trump-Kim summit": two names joined, not one person
    end = toks[-1].i + 1
    doc = ent.doc
    while end < len(doc) and end - toks[0].i < 5 and doc[end].pos_ == "PROPN" and doc[end].text.istitle() \
            and doc[end].ent_type_ in ("", "PERSON", "NORP") and not doc[end].is_sent_start:
        end += 1
    return doc[toks[0].i:end]


def _clean_name(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").removesuffix("'s").split())


def _titled_leader(mention: str) -> Entity | None:
    """A titled bare surname with no fuller mention in the document ("President Trump", "Prime Minister
    Abe"): the one listed leader with that surname, when exactly one has it."""
    name = _clean_name(mention)
    if " " in name:
        return None
    rows = leader_surnames().get(name.lower(), [])
    if len(rows) != 1:
        return None
    return Entity(text=mention, start=0, end=0, label="PERSON", actor=rows[0].actor, country=rows[0].country or None,
                  role=rows[0].role or None)


@lru_cache(maxsize=1)
def leader_surnames() -> dict[str, list[Row]]:
    """Family name -> the curated leaders (data/leaders.tsv) who bear it; both ends of a name count, since
    Korean and Chinese names put the family name first ("President Xi", "President Moon")."""
    out: dict[str, list[Row]] = {}
    for phrase, kind, actor, country, role, _source in data.rows("leaders.tsv", columns=6, required=2):
        words = phrase.split()
        if kind != "PERSON" or len(words) < 2 or not country:
            continue
        for family in {words[0], words[-1]}:
            if all(r.actor != actor for r in out.get(family, [])):
                out.setdefault(family, []).append(Row(cast(EntityLabel, kind), actor, country, role))
    return out


def _resolve(mention: str, known: list[Entity]) -> Entity | None:
    """An earlier, fuller mention that contains every token of this one ('Kim' -> 'Kim Jong Un')."""
    words = set(_clean_name(mention).split())
    # Copies that lost apostrophes turn "Kim's" into "Kims".
    bare = {w[:-1] if w.endswith("s") and len(words) == 1 else w for w in words}
    for person in reversed(known):
        full = set(str(person.actor).split())
        if words <= full or bare <= full:
            return person
    return None


def _title_context(doc: Doc, start: int, by_token: dict[int, Entity]) -> tuple[str | None, str | None]:
    """Country and role from the words just before a name: 'Russian President', 'Kremlin aide'."""
    country, i = None, start - 1
    roles: list[str] = []
    while i >= 0 and start - i <= 6:
        tok = doc[i]
        if tok.text in ("-", "—", "–") and doc[i - 1].whitespace_:
            break  # a dateline's dash: "PANMUNJOM, South Korea - Vice President Pence" is not Korean
        if tok.lower_ in ROLE_WORDS:
            roles.insert(0, tok.lower_)
        elif i in by_token and by_token[i].country:
            country = country or by_token[i].country
        elif tok.text not in ("'s", "-") and not tok.text[:1].isupper():
            break
        i -= 1
    return country, (" ".join(roles) or None)


def _appositive_role(doc: Doc, end: int) -> str | None:
    """', a professor at ...' / ', a research fellow at ...' right after the name."""
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        words = []
        for tok in doc[end + 2:end + 6]:
            if tok.pos_ in ("ADP", "PUNCT"):
                break
            words.append(tok.lower_)
        if words and words[-1] in ROLE_WORDS | {"researcher", "expert", "economist", "scholar"}:
            return " ".join(words)
    return None
