"""PLOVER events: a trigger in the sense its arguments select (extract/verbs.py), actor and target from the
parse (extract/roles.py), mode per clause (extract/modality.py), date and place from the event's own clause.

Rules that follow the PLOVER manual: a promise or plan of cooperation is an asserted AGREE ("will meet" is
an agreement to meet), an announced retreat an asserted CONCEDE; the content of a request, agreement,
threat or refusal is part of that event, not a second one ("urged Iran to halt enrichment" is one
REQUEST); the same happening told twice in one document is one event with several evidence sentences.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from detente.extract import modality
from detente.extract.coref import corefer
from detente.extract.force import threatened
from detente.extract.implied import (
    COUNTERPART_ACTS,
    correspondents,
    counterpart,
    negated_act,
    refuses_to_not_exclude,
    sent_by,
    thing_owner,
)
from detente.extract.nlp import sentences
from detente.extract.recasts import recast, threat
from detente.extract.roles import (
    ACTOR_NOUNS,
    Roles,
    after_word,
    agents,
    cause_owner,
    core,
    host,
    key,
    span_of,
    targets,
)
from detente.extract.speech import Act, speech_act
from detente.extract.times import is_point
from detente.extract.verbs import Sense, noun_sense, verb_sense
from detente.plover import QUAD
from detente.record import DateBasis, Entity, Event, EventType, Time

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Span, Token

# Events whose complement clause is their content, not another event ("urged X to withdraw").
CONTENT_TAKERS = {"AGREE", "REQUEST", "THREATEN", "REJECT", "CONCEDE", "ACCUSE", "AID", "RETREAT"}
# Future acts of cooperation are promises (manual, AGREE); future retreats are concessions (CONCEDE).
FUTURE_AS: dict[str, EventType] = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "RETREAT": "CONCEDE"}
# Speech-like senses that are events only when aimed at someone or at an act: "warned Iran", "asked the
# UN to act" are events; "warned that jobs could be lost" and "was asked whether" are not.
AIMED_LEMMAS = {"warn", "ask", "caution", "tell", "urge", "call", "press", "appeal", "phone"}
# Material acts, whose reports often leave the actor unnamed ("shipments of test kits to the North");
# words and meetings are only coded with a named actor. A protest is material in the quads but is done by
# crowds, which an unnamed report does not make a state's act.
MATERIAL = {t for t, quad in QUAD.items() if quad.startswith("material")} - {"PROTEST"}
# "refused to comment / say / confirm": declining to speak is no PLOVER act.
NO_COMMENT = {"comment", "say", "confirm", "discuss", "elaborate", "speculate", "reveal", "disclose", "answer"}
# Verbs of meeting whose direct object, when there is one, must be someone.
PEOPLE_OBJECT = {"meet", "visit", "host", "receive"}
# Violence verbs that a politician uses in words: "Blair attacked the Tory plans" is criticism (ACCUSE).
VERBAL_ASSAULT = {"attack", "hit", "blast", "slam", "savage", "lash", "round", "assail", "fire"}
# Mutual acts: compound actors with no other recipient act toward each other.
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow"}
MUTUAL_WORDS = {"tie", "ties", "relation", "relations", "cooperation", "co-operation", "together", "each",
                "partnership", "friendship", "bilateral", "mutual", "jointly", "alliance", "talk", "talks",
                "negotiation", "negotiations", "meet", "meeting", "summit", "dialogue"}
# Concluding an agreement: "signed a deal", "secured an accord".
SIGNING_VERBS = {"sign", "ratify", "seal", "strike", "secure", "conclude", "clinch", "finalise", "finalize"}
REACHING_VERBS = {"reach", "agree"}
SETTING_PREPS = {"at", "during", "before", "ahead", "since"}
AGREEMENT_NOUNS = {"deal", "agreement", "accord", "pact", "treaty", "memorandum", "contract", "protocol"}
# Conflict acts aimed at whoever owns their cause: "sanctions over Iran's nuclear programme", "criticism
# amid North Korea's tests".
CAUSE_TARGETED = {"SANCTION", "ACCUSE", "THREATEN", "COERCE", "PROTEST", "REJECT"}
# Verbs whose object noun names the event: "signed onto sanctions" is a SANCTION, not a SUPPORT.
LIGHT_VERBS = {"send", "write", "sign", "impose", "adopt", "hold", "begin", "announce", "launch", "make", "conduct", "have",
               "open", "start", "resume", "host", "attend", "give", "provide", "offer", "take", "stage"}


def find_events(doc: Doc, entities: list[Entity], times: list[Time], body_start: int = 0,
                report_date: str | None = None) -> list[Event]:
    roles = Roles(doc, entities, body_start)
    out: list[Event] = []
    for sent in sentences(doc):
        fired: dict[int, Sense] = {}
        for tok in sent:
            said = speech_act(tok, roles) or _presence(tok, roles)
            sense = said[0] if said else _sense(tok)
            if sense is None or _inside_content(tok, fired):
                continue
            events = _said(tok, said, sent, times, report_date) if said else \
                _events_for(tok, sense, sent, roles, times, report_date)
            if events:
                fired[tok.i] = sense
                out.extend(events)
    return corefer(out)


def _sense(tok: Token) -> Sense | None:
    if tok.lemma_ == "go" and any(c.dep_ == "xcomp" for c in tok.children):
        return None  # "is going to be": a future, not a journey
    if tok.pos_ in ("VERB", "AUX"):
        if refuses_to_not_exclude(tok):
            return None  # "refused to rule out force": the threat its complement states is the one event
        concluded = _agreement_object(tok)
        if concluded is not None:
            # signing an agreement is SUPPORT, reaching one AGREE (manual); the noun is no second event
            return Sense("AGREE" if tok.lemma_ in REACHING_VERBS else "SUPPORT", None)
        if tok.lemma_ in LIGHT_VERBS and _object_trigger(tok) is not None:
            return None  # the object noun carries the event
        return negated_act(tok) or verb_sense(tok)
    if tok.pos_ in ("NOUN", "PROPN") and _noun_anchored(tok):
        return noun_sense(tok)
    return None


def _agreement_object(tok: Token) -> Token | None:
    if tok.lemma_ not in SIGNING_VERBS | REACHING_VERBS:
        return None
    return next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in AGREEMENT_NOUNS), None)


def _noun_anchored(tok: Token) -> bool:
    if tok.dep_ == "compound":
        return False  # "summit venue", "sanctions regime": the noun describes another noun
    if tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS:
        return False  # "said at a meeting", "after the talks": the setting of another act, not a report of it
    return any(c.dep_ in ("poss", "prep", "compound", "amod") for c in tok.children) or tok.dep_ in (
        "dobj", "nsubj", "pobj", "attr", "nsubjpass", "ROOT")


def _object_trigger(tok: Token) -> Token | None:
    for child in tok.children:
        cands = [child] + ([g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "prep" else [])
        for c in cands:
            if c.dep_ in ("dobj", "pobj") and c.pos_ == "NOUN" and noun_sense(c) is not None:
                return c
    return None


def _inside_content(tok: Token, fired: dict[int, Sense]) -> bool:
    """A trigger in the complement of a request/agreement/threat/refusal that already fired is its content."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        head = node.head
        if head.i in fired and fired[head.i].type in CONTENT_TAKERS and \
                node.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl"):
            return True
        node = head
    return False


def _events_for(tok: Token, sense: Sense, sent: Span, roles: Roles, times: list[Time], report_date: str | None) -> list[Event]:
    if tok.lemma_ in AIMED_LEMMAS and not _aimed(tok, roles):
        return []
    if tok.lemma_ in PEOPLE_OBJECT and not _object_is_actor(tok, roles):
        return []  # "meet the target", "visit the tomb": met a thing, not someone
    if any(c.dep_ == "xcomp" and c.lemma_ in NO_COMMENT for c in tok.children):
        return []  # "refused to comment", "declined to say": no act toward anyone
    actors = agents(tok, roles) or sent_by(tok, roles)
    letter = correspondents(tok, roles)
    if letter:
        actors = letter[0]
    if not actors and tok.pos_ in ("NOUN", "PROPN"):
        actors = after_word(tok, sent, roles, {"by"}, set())  # "a visit by X to Y"
    if not actors and tok.pos_ in ("NOUN", "PROPN") and sense.type in MATERIAL:
        return _unattributed(tok, sense, sent, roles, times, report_date)
    if not actors:
        return []
    tgts = letter[1] if letter else targets(tok, roles, actors)
    if not tgts and sense.type == "CONSULT" and tok.pos_ in ("VERB", "AUX"):
        tgts = host(tok, roles, actors)
    if not tgts and sense.type in CAUSE_TARGETED:
        tgts = cause_owner(tok, roles, actors)
    if not tgts and sense.type == "MOBILIZE" and sense.mode == "weapons":
        tgts = threatened(tok, roles, actors)
    if not tgts and tok.pos_ in ("NOUN", "PROPN"):
        tgts = after_word(tok, sent, roles, {"to", "with", "against", "on"}, {key(a) for a in actors})
    if not tgts and sense.type in ("ACCUSE", "SUPPORT"):
        tgts = thing_owner(tok, sense, roles, actors)
    if not tgts and (sense.type, sense.mode) in COUNTERPART_ACTS:
        tgts = after_word(tok, sent, roles, {"with"}, {key(a) for a in actors}) or counterpart(roles, actors)
    recasted = recast(tok, sense, actors, roles)
    also: list[Event] = []
    if recasted:
        if sense.type == "REQUEST" and tgts and all(key(t) != key(recasted[1][0]) for t in tgts):
            # "urged the UN to lift sanctions on Iran": a request to the UN and support for Iran
            also = _build(tok, sense, sent, times, report_date, actors, tgts, modality.negated(tok),
                          modality.hypothetical(tok))
        sense, tgts = recasted
    kind, mode = sense.type, sense.mode
    if kind == "ASSAULT" and tok.lemma_ in VERBAL_ASSAULT and all(a.label == "PERSON" for a in actors):
        kind, mode = "ACCUSE", "disapprove"
    negated, hypothetical = modality.negated(tok), modality.hypothetical(tok)
    if negated_act(tok) is not None:
        negated = hypothetical = False  # "would not rule out force": the negation is the act itself
    if hypothetical and not negated and threat(tok, kind, actors, lambda verb: agents(verb, roles)):
        kind, mode, hypothetical = "THREATEN", None, False  # the speaker's "we may destroy X" is a threat now
    if kind in FUTURE_AS and not negated and (modality.is_future(tok) or _scheduled(tok, times, report_date)):
        kind, mode, hypothetical = FUTURE_AS[kind], None, False
    pairs = None
    if not tgts and len(actors) > 1 and kind in RECIPROCAL and (kind != "AGREE" or _mutual(tok)):
        # "X, Y and Z met / vowed closer ties": toward each other, every pair once
        pairs = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1:] if key(a) != key(b)]
    return also + _build(tok, Sense(kind, mode), sent, times, report_date, actors, tgts, negated,
                         hypothetical and not negated, pairs)


def _build(tok: Token, sense: Sense, sent: Span, times: list[Time], report_date: str | None, actors: list[Entity],
           tgts: list[Entity], negated: bool, hypothetical: bool,
           pairs: Sequence[tuple[Entity, Entity | None]] | None = None) -> list[Event]:
    targets_or_none: list[Entity | None] = list(tgts) or [None]
    pairs = pairs if pairs is not None else \
        [(a, t) for a in actors for t in targets_or_none if t is None or key(a) != key(t)]
    kind = sense.type
    if kind == "-":  # a sense that names no event is dropped where it is looked up; this narrows the type
        return []
    own = _own_tokens(modality.clause_head(tok))  # once per trigger: date and place both read it
    when, basis = _date(tok, own, times, report_date)
    place, text = _place(tok.doc, own), sent.text.strip()
    return [Event(type=kind, mode=sense.mode, actor=a.actor, target=t.actor if t else None,
                  actor_text=a.text, target_text=t.text if t else None, actor_country=a.country or a.actor,
                  target_country=(t.country or t.actor) if t else None, date=when, date_basis=basis,
                  place=place, sentence=text, start=sent.start_char, end=sent.end_char,
                  confidence=0.8 if t is not None else 0.6, negated=negated, hypothetical=hypothetical,
                  trigger=tok.text) for a, t in pairs[:4]]


def _scheduled(tok: Token, times: list[Time], report_date: str | None) -> bool:
    """A present-tense act with a time after the report ("ministers meet on Thursday" in a report of
    Monday, "is travelling to America next week"): news announces a scheduled meeting this way."""
    verb = modality.clause_head(tok)
    present = verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children))
    if not present:
        return False
    own = _own_tokens(verb)
    if report_date:  # resolved calendar days say it; weeks, quarters and seasons do not compare as text
        days = [t.value for t in _clause_times(verb.doc, own, times) if len(t.value) == 10 and t.value[:4].isdigit()]
        return any(day > report_date[:10] for day in days)
    # no report date, so relative times stay unresolved: read the words
    return any(verb.doc[i].lower_ in WEEKDAYS or verb.doc[i].lower_ == "next" for i in own)


def _mutual(tok: Token) -> bool:
    """An agreement about the parties' own relations ("vowed closer ties"), not about a third thing."""
    return any(t.lemma_.lower() in MUTUAL_WORDS for t in tok.subtree)


def _unattributed(tok: Token, sense: Sense, sent: Span, roles: Roles, times: list[Time], report_date: str | None) -> list[Event]:
    """A material nominal event with a recipient but no named agent ("shipments of test kits to the North"):
    the document's own state is taken as the actor, at low confidence."""
    own = roles.salient_entity()
    tgts = targets(tok, roles, [own]) if own else []
    if not own or not tgts:
        return []
    events = _build(tok, sense, sent, times, report_date, [own], tgts, modality.negated(tok),
                    modality.hypothetical(tok))
    for ev in events:
        ev.confidence = 0.4
    return events


def _presence(tok: Token, roles: Roles) -> Act | None:
    """"Mr Straw was in Tokyo": an official's presence in another state is a visit (CONSULT visit)."""
    if tok.lemma_ != "be" or not any(c.dep_ == "nsubj" for c in tok.children):
        return None
    people = [e for c in tok.children if c.dep_ == "nsubj" for e in core(c, roles) if e.label == "PERSON"]
    places = [e for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
              for g in c.children if g.dep_ == "pobj" for e in roles.named(*span_of(g)) if e.label == "STATE"]
    hosts = [p for p in places if people and p.country != people[0].country]
    return (Sense("CONSULT", "visit"), people[:1], hosts[:1]) if people and hosts else None


def _said(tok: Token, said: Act, sent: Span, times: list[Time], report_date: str | None) -> list[Event]:
    sense, actors, tgts = said
    return _build(tok, sense, sent, times, report_date, actors, tgts, negated=modality.negated(tok),
                  hypothetical=modality.hypothetical(tok))


def _object_is_actor(tok: Token, roles: Roles) -> bool:
    """The object itself names someone ("visited Beijing", "met his counterparts"), not a thing of
    someone's ("visited the tomb of Yasser Arafat")."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return not objs or any(o.lower_ in ACTOR_NOUNS or any(e.start <= o.idx < e.end for e in core(o, roles))
                           for o in objs)


def _aimed(tok: Token, roles: Roles) -> bool:
    """Aimed at an actor ("warned Iran", "called on the UN") or at an act ("urged them to talk")."""
    if any(c.dep_ in ("oprd", "acomp") for c in tok.children):
        return False  # "called the plans dangerous": a description, not a call
    if any(c.dep_ == "xcomp" for c in tok.children) or tok.dep_ == "xcomp":
        return True
    if tok.lemma_ in ("urge", "press", "appeal") and any(c.dep_ == "ccomp" for c in tok.children):
        return True  # "urged that the men should receive help"
    args = [c for c in tok.children if c.dep_ in ("dobj", "dative", "iobj")]
    args += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "against", "on", "to")
             for g in c.children if g.dep_ == "pobj"]
    if tok.lemma_ in ("call", "phone", "ask") and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "for":
        return True  # "called for talks", "asked for help"
    return any(roles.in_span(*span_of(a)) for a in args)


def _clause_times(doc: Doc, own: set[int], times: list[Time]) -> list[Time]:
    """Calendar times inside the trigger's own clause (`own`, from `_own_tokens`): not those of a
    subordinate, relative or preceding clause."""
    return [t for t in times if is_point(t.value) and _token_at(doc, t.start) in own]


def _own_tokens(head: Token) -> set[int]:
    """Indices of the clause's own tokens: its subtree less other clauses and after/before phrases."""
    return {t.i for t in head.subtree if not _in_other_clause(t, head)}


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _in_other_clause(t: Token, head: Token) -> bool:
    node = t
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in ("advcl", "ccomp", "relcl", "conj", "parataxis"):
            return True
        # "after the Hanoi meeting in February": the time of another happening, not of this one
        if node.dep_ == "prep" and node.lower_ in ("after", "before", "since", "following", "until", "ahead"):
            return True
        node = node.head
    return False


def _date(tok: Token, own: set[int], times: list[Time], report_date: str | None) -> tuple[str | None, DateBasis | None]:
    # "ahead of the June 12 summit": a meeting named with its date is dated by it, whatever its clause says
    named = {t.i for t in tok.subtree if not _in_other_clause(t, tok)} if tok.pos_ in ("NOUN", "PROPN") else set()
    inside = _clause_times(tok.doc, named, times) or _clause_times(tok.doc, own, times)
    if inside:
        return min(inside, key=lambda t: abs(t.start - tok.idx)).value, "text"
    if report_date:
        return report_date[:10], "report"
    return None, None


def _place(doc: Doc, own: set[int]) -> str | None:
    """The place named in the event's own clause ("after the Hanoi meeting, Kim will press Putin" is not
    placed in Hanoi)."""
    if not own:
        return None
    for ent in _entities_near(doc, min(own), max(own)):
        if ent.start in own and ent.label_ in ("GPE", "LOC", "FAC") and ent.start > 0 and \
                ent.doc[ent.start - 1].lower_ in ("in", "at", "of", "to") and not _is_country(ent.text):
            return ent.text
    return None


def _entities_near(doc: Doc, lo: int, hi: int) -> list[Span]:
    """The named-entity spans between two tokens, from a list built once per document (`doc.ents`
    rebuilds the list on every access)."""
    from bisect import bisect_left

    ents = doc.user_data.get("detente_ents")
    if ents is None:
        ents = doc.user_data["detente_ents"] = list(doc.ents)
        doc.user_data["detente_ent_starts"] = [e.start for e in ents]
    starts = doc.user_data["detente_ent_starts"]
    return ents[bisect_left(starts, lo):bisect_left(starts, hi + 1)]


def _is_country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name.removeprefix("the ").strip())
        return True
    except LookupError:
        return name.lower() in {"russia", "north korea", "south korea", "the united states", "britain", "the uk",
                                "the us", "iran", "syria", "vietnam"}
