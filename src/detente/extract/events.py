"""PLOVER events from the dependency parse: trigger lexicon as data, actor and target from arguments."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.clean.metadata import dateline_end
from detente.extract.nlp import sentence_of, sentences, text_of
from detente.extract.times import is_point
from detente.record import Entity, Event, Time

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
HYPOTHETICAL_AUX = {"will", "would", "could", "may", "might", "shall", "should", "'ll"}
HYPOTHETICAL_HEADS = {"plan", "hope", "want", "seek", "expect", "intend", "propose", "aim", "try", "offer",
                      "consider", "prepare", "wish"}
NEGATING_HEADS = {"fail", "refuse", "decline"}
ACTOR_LABELS = {"STATE", "INST", "ORG", "PERSON"}
# Verbs whose object noun names the event: "signed onto sanctions" is a SANCTION, not a SUPPORT.
LIGHT_VERBS = {"sign", "impose", "adopt", "hold", "begin", "announce", "launch", "make", "conduct"}
TARGET_PREPS = {"with", "to", "against", "on", "for", "into", "toward", "towards", "in", "at", "from", "amid",
                "over", "onto"}


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    words: int  # tokens the trigger spans ("call for" = 2)


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], Trigger]:
    text = resources.files("detente.data").joinpath("plover_lexicon.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lemma, pos, kind, mode = (line.split("\t") + [""])[:4]
        assert kind in PLOVER_TYPES, kind
        out[(lemma, pos)] = Trigger(kind, mode or None, len(lemma.split()))
    return out


def _trigger(tok) -> Trigger | None:  # type: ignore[no-untyped-def]
    lex = lexicon()
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    for size in (3, 2):
        words = " ".join([tok.lemma_.lower()] + [t.lower_ for t in tok.doc[tok.i + 1:tok.i + size]])
        # Multi-word triggers are unambiguous enough to match whatever the tagger made of them.
        hit = lex.get((words, "VERB")) or lex.get((words, "NOUN"))
        if hit:
            return hit
    if pos is None:
        return None
    return lex.get((tok.lemma_.lower(), pos)) or lex.get((tok.lower_, pos))


class Context:
    """Per-document lookups shared by every sentence."""

    def __init__(self, doc, entities: list[Entity], times: list[Time], place: str | None):  # type: ignore[no-untyped-def]
        self.doc, self.times, self.place = doc, times, place
        # Entities in the dateline ("SEOUL, SOUTH KOREA -") say where the reporter was, not who acted.
        self.body_start = dateline_end(text_of(doc)) if place else 0
        self.actors = [e for e in entities if e.label in ACTOR_LABELS and e.actor]
        self.by_char = {}
        for e in self.actors:
            for c in range(e.start, e.end):
                self.by_char[c] = e

    def in_span(self, lo: int, hi: int) -> list[Entity]:
        found = [e for e in self.actors if max(lo, self.body_start) <= e.start < hi]
        people = [e for e in found if e.label == "PERSON"]
        # "North Korean leader Kim Jong Un": the state adjective is the person's title, not a second actor.
        titled = {id(s) for s in found for p in people
                  if s.label != "PERSON" and s.end <= p.start and p.start - s.end < 40 and s.country == p.country}
        out, keys = [], set()
        for e in found:
            if id(e) not in titled and _key(e) not in keys:
                keys.add(_key(e))
                out.append(e)
        return out

    def last_before(self, pos: int, label: str | None = None) -> Entity | None:
        return next((e for e in reversed(self.actors) if e.end <= pos and (label is None or e.label == label)), None)


def find_events(doc, entities: list[Entity], times: list[Time], place: str | None = None) -> list[Event]:  # type: ignore[no-untyped-def]
    ctx = Context(doc, entities, times, place)
    out: list[Event] = []
    for sent in sentences(doc):
        used: set[int] = set()
        for tok in sent:
            trig = _trigger(tok)
            if trig is None or tok.i in used or (tok.pos_ == "NOUN" and not _noun_anchored(tok)):
                continue
            if tok.pos_ == "NOUN" and _governing_trigger(tok):
                continue  # "called for sanctions": the noun is the content of the verb's event
            obj_noun = _object_trigger(tok)
            if obj_noun is not None:
                continue  # "signed onto sanctions": the noun carries the type, the verb its subject
            used.update(range(tok.i, tok.i + trig.words))
            out.extend(_events_for(tok, trig, sent, ctx))
    return out


def _governing_trigger(tok) -> bool:  # type: ignore[no-untyped-def]
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    return head is not tok and head.pos_ == "VERB" and head.lemma_ not in LIGHT_VERBS and _trigger(head) is not None


def _noun_anchored(tok) -> bool:  # type: ignore[no-untyped-def]
    return any(c.dep_ in ("poss", "prep", "compound", "amod") for c in tok.children) or tok.dep_ in (
        "dobj", "nsubj", "pobj", "attr", "nsubjpass", "ROOT")


def _object_trigger(tok):  # type: ignore[no-untyped-def]
    if tok.pos_ != "VERB" or tok.lemma_ not in LIGHT_VERBS:
        return None
    own = _trigger(tok)
    for child in tok.children:
        cands = [child] + ([g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else [])
        for c in cands:
            trig = _trigger(c) if c.dep_ in ("dobj", "pobj") and c.pos_ == "NOUN" else None
            if trig and trig.type != own.type:
                return c
    return None


def _events_for(tok, trig: Trigger, sent, ctx: Context) -> list[Event]:  # type: ignore[no-untyped-def]
    actors, confident = _actors(tok, ctx)
    if not actors:
        actors = _after_word(tok, sent, ctx, {"by"}, set())  # "a visit by X to Y"
    targets = _targets(tok, ctx, actors) or _after_word(tok, sent, ctx, {"to", "with"}, {_key(a) for a in actors})
    if not actors and not targets:
        return []
    if not actors:
        fallback = ctx.last_before(tok.idx) or ctx.last_before(sent.start_char)
        actors, confident = ([fallback] if fallback else []), False
    if not targets and len(actors) > 1:
        actors, targets = actors[:1], actors[1:]  # compound actors meeting each other
    pairs = [(a, t) for a in actors for t in (targets or [None]) if t is None or _key(a) != _key(t)]
    return [_event(tok, trig, sent, ctx, a, t, confident) for a, t in pairs[:4]]


def _after_word(tok, sent, ctx: Context, words: set[str], taken: set[str]) -> list[Entity]:  # type: ignore[no-untyped-def]
    """Nominal triggers the parser mangles: the first actor after 'by' (agent) or 'to'/'with' (target)."""
    for t in sent[tok.i - sent.start + 1: tok.i - sent.start + 16]:
        if t.lower_ in words:
            found = [e for e in ctx.in_span(t.idx, sent.end_char) if _key(e) not in taken]
            return found[:1]
    return []


def _key(e: Entity) -> str:
    return e.country if e.label != "PERSON" and e.country else str(e.actor)


def _subtree_span(tok) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _actors(tok, ctx: Context) -> tuple[list[Entity], bool]:  # type: ignore[no-untyped-def]
    head = tok
    if tok.pos_ == "NOUN":
        poss = [c for c in tok.children if c.dep_ in ("poss", "compound")]
        by = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children]
        for arg in poss + by:
            found = ctx.in_span(*_subtree_span(arg))
            if found:
                return found, True
        head = tok.head if tok.dep_ in ("dobj", "pobj", "attr") else tok
        if head.dep_ == "prep":
            head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent") and child.i < tok.i + 5:
            found = _core_entities(child, ctx)
            if not found and child.lower_ in ("they", "he", "she", "it"):
                found = _antecedent(child, ctx)
            if found:
                return found, True
    if head.dep_ in ("xcomp", "conj", "advcl") and head.head is not head:
        return _actors(head.head, ctx) if head.head.pos_ == "VERB" else ([], False)
    return [], False


def _core_entities(tok, ctx: Context) -> list[Entity]:  # type: ignore[no-untyped-def]
    """Entities of a phrase without its appositives and relative clauses ("Russia, a member of the UN,")."""
    aside = {t.i for c in tok.children if c.dep_ in ("appos", "relcl", "acl") for t in c.subtree}
    found = ctx.in_span(*_subtree_span(tok))
    return [e for e in found if tok.doc.char_span(e.start, e.end, alignment_mode="expand")[0].i not in aside]


def _antecedent(pron, ctx: Context) -> list[Entity]:  # type: ignore[no-untyped-def]
    """'they' -> the compound subject of the clause before; 'he'/'she' -> the last person."""
    if pron.lower_ == "they":
        for tok in sentence_of(pron.doc, pron.i):
            if tok.i < pron.i and tok.dep_ == "nsubj":
                found = ctx.in_span(*_subtree_span(tok))
                if len(found) > 1:
                    return found
        return []
    person = ctx.last_before(pron.idx, "PERSON")
    return [person] if person else []


def _targets(tok, ctx: Context, actors: list[Entity]) -> list[Entity]:  # type: ignore[no-untyped-def]
    taken = {_key(a) for a in actors}
    for child in tok.children:
        spans = []
        if child.dep_ in ("dobj", "dative", "iobj"):
            spans.append(_subtree_span(child))
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            for g in child.children:
                if g.dep_ == "pobj":
                    spans.append(_subtree_span(g))
                    # "signed onto sanctions amid North Korea's tests": the target sits one phrase deeper
                    spans += [_subtree_span(x) for p in g.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS
                              for x in p.children if x.dep_ == "pobj"]
        for span in spans:
            found = [e for e in ctx.in_span(*span) if _key(e) not in taken]
            if found:
                return found[:3]
    return []


def _event(tok, trig: Trigger, sent, ctx: Context, actor: Entity, target: Entity | None, confident: bool) -> Event:  # type: ignore[no-untyped-def]
    return Event(
        type=trig.type, mode=trig.mode, actor=actor.actor, target=target.actor if target else None,
        actor_text=actor.text, target_text=target.text if target else None,
        actor_country=actor.country or actor.actor, target_country=(target.country or target.actor) if target else None,
        date=_date(tok, sent, ctx), place=_place(sent, ctx), sentence=sent.text.strip(),
        start=sent.start_char, end=sent.end_char, confidence=0.8 if confident else 0.5,
        negated=_negated(tok), hypothetical=_hypothetical(tok), trigger=tok.text)


def _date(tok, sent, ctx: Context) -> str | None:  # type: ignore[no-untyped-def]
    inside = [t for t in ctx.times if sent.start_char <= t.start < sent.end_char and is_point(t.value)]
    return min(inside, key=lambda t: abs(t.start - tok.idx)).value if inside else None


def _place(sent, ctx: Context) -> str | None:  # type: ignore[no-untyped-def]
    for ent in sent.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("in", "at", "of", "to"):
            if not _is_country(ent.text):
                return ent.text
    return None


def _is_country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name.removeprefix("the ").strip())
        return True
    except LookupError:
        return name.lower() in {"russia", "north korea", "south korea", "the united states", "britain", "the uk",
                                "the us", "iran", "syria", "vietnam"}


def _negated(tok) -> bool:  # type: ignore[no-untyped-def]
    if any(c.dep_ == "neg" for c in tok.children) or tok.head.lemma_ in NEGATING_HEADS:
        return True
    return any(c.lower_ == "no" for c in tok.children if c.dep_ == "det")


def _hypothetical(tok) -> bool:  # type: ignore[no-untyped-def]
    verb = tok if tok.pos_ == "VERB" else tok.head
    if any(c.lower_ in HYPOTHETICAL_AUX for c in verb.children if c.dep_ in ("aux", "auxpass")):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in HYPOTHETICAL_HEADS:
        return True
    return any(c.dep_ == "mark" and c.lower_ == "if" for c in verb.children)
