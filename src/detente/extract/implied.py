"""Parts of an event that a report leaves implied, read by general rules of the PLOVER manual.

- A refusal or threat worded as a negation: "did not rule out military action" is a THREATEN (a coercive
  warning), "is no longer interested in talks" a REJECT of meetings; the negation is the act, not its denial.
- The recipient of a stance on a thing: "criticised the measures announced by the government", "The
  government raised taxes. The Tories criticised the move.": the stance is aimed at the thing's owner.
- The recipient of a de-escalation or a refusal to meet with none stated: the counterpart the report names.
- Correspondence: "received a letter from Kim" is Kim's consultation of the receiver (CONSULT by a remote
  medium), the sender acting.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.roles import Roles, agents, core, key
from detente.extract.verbs import Sense
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Token

# Acts whose not being ruled out is a warning of them (the manual's THREATEN: serious repercussions).
HARMS = set("""action actions force strike strikes attack attacks war military invasion retaliation sanctions
sanction embargo boycott expulsion expel cancel cancelling canceling cancellation veto ban arrest arrests
measures punishment blockade withdrawal suspend suspension cut""".split())
MEETINGS = set("talks talk meeting meetings summit summits negotiations dialogue discussions".split())
NEGATING = {"refuse", "decline"}
# Nouns for a party's own act or policy, which a stance on it is a stance on its owner.
ACT_NOUNS = set("""decision move plan plans measure measures proposal proposals policy policies step steps
announcement deal bill law laws reform reforms budget scheme idea action actions changes rules initiative
statement offer ban strategy approach stance remarks comments""".split())
DEFINITE = {"the", "this", "that", "these", "those"}
LETTERS = {"letter", "letters", "message", "messages"}
SENDING = {"send", "write", "deliver", "hand", "pen", "post"}
RECEIVING = {"receive", "get", "read"}
# Acts aimed at a counterpart even when the report names none (the manual: RETREAT's releases, halts and
# withdrawals are concessions to someone; a refusal to meet refuses someone).
COUNTERPART_ACTS = {("RETREAT", None), ("RETREAT", "disarm"), ("RETREAT", "release"), ("REJECT", "meet")}


def _ruled_out(tok: Token) -> bool:
    return tok.lemma_.lower() == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)


def _denied(tok: Token) -> bool:
    head_refuses = tok.dep_ == "xcomp" and tok.head.lemma_.lower() in NEGATING
    return head_refuses or any(c.dep_ == "neg" for c in tok.children)


def negated_act(tok: Token) -> Sense | None:
    """The act a negation performs: not ruling out a harm threatens it, no interest in talks refuses them."""
    if _ruled_out(tok) and _denied(tok):
        words = {t.lower_ for c in tok.children if c.dep_ not in ("nsubj", "neg", "aux") for t in c.subtree}
        return Sense("THREATEN", None) if words & HARMS else None
    interest = next((c for c in tok.children if c.dep_ == "acomp" and c.lower_ == "interested"), None)
    if tok.lemma_ != "be" or interest is None:
        return None
    negation = any(c.dep_ == "neg" for w in (tok, interest) for c in w.children) or any(
        c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for w in (tok, interest) for c in w.children)
    topics = {g.lower_ for p in interest.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.subtree}
    return Sense("REJECT", "meet") if negation and topics & MEETINGS else None


def refuses_to_not_exclude(tok: Token) -> bool:
    """"refused to rule out X": the refusal is the threat its complement states, not a second event."""
    return any(c.dep_ == "xcomp" and negated_act(c) is not None for c in tok.children)


def thing_owner(tok: Token, sense: Sense, roles: Roles, actors: list[Entity]) -> list[Entity]:
    """Whose measure or move a stance is on: the agent of a clause describing it ("the measures announced by
    the government") or, for a definite act noun, the agent of the previous sentence's main clause. Defending
    one's own state's measures is support of no one else, so an owner of the supporter's state is none."""
    found = _owner(tok, roles, actors)
    own = {a.country or a.actor for a in actors}
    return [e for e in found if (e.country or e.actor) not in own] if sense.type == "SUPPORT" else found


def _owner(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    obj = next((c for c in tok.children if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass")), None)
    if obj is None or core(obj, roles, owners=True):
        return []
    taken = {key(a) for a in actors}
    for clause in (c for c in obj.children if c.dep_ in ("acl", "relcl")):
        # "the measures announced by the government": a participle's agent is its `by` phrase
        by = [e for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
              for e in core(g, roles)]
        found = [e for e in by or agents(clause, roles) if key(e) not in taken]
        if found:
            return found[:1]
    determiners = {c.lower_ for c in obj.children if c.dep_ == "det"}
    if obj.lemma_.lower() not in ACT_NOUNS or not determiners & DEFINITE:
        return []
    sent = tok.sent
    if sent.start == 0:
        return []
    previous = tok.doc[sent.start - 1].sent.root
    return [e for e in agents(previous, roles) if key(e) not in taken][:1]


def counterpart(roles: Roles, actors: list[Entity]) -> list[Entity]:
    """The other party the report is about: its most named state or body besides the actors' own (at least
    twice), the first named on a tie."""
    own = {a.country or a.actor for a in actors}
    counts: dict[str, int] = {}
    first: dict[str, Entity] = {}
    for e in roles.actors:
        code = e.country or e.actor
        if e.label in ("STATE", "INST") and code and code not in own:
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, e)
    best = max(counts, key=lambda c: counts[c], default=None)
    return [first[best]] if best and counts[best] >= 2 else []


def correspondents(tok: Token, roles: Roles) -> tuple[list[Entity], list[Entity]] | None:
    """Sender and receiver of a letter its receiver reports: "X received a letter from Y" is Y writing to X."""
    verb = tok.head
    if tok.lower_ not in LETTERS or tok.dep_ != "dobj" or verb.lemma_.lower() not in RECEIVING:
        return None
    senders = [e for node in (tok, verb) for p in node.children if p.dep_ == "prep" and p.lower_ == "from"
               for g in p.children if g.dep_ == "pobj" for e in core(g, roles)]
    receivers = agents(verb, roles)
    return (senders, receivers) if senders and receivers else None


def sent_by(tok: Token, roles: Roles) -> list[Entity]:
    """"In a letter to the king, the president wrote": the writer of a letter the clause is told from."""
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    if tok.lower_ not in LETTERS or verb.lemma_.lower() not in SENDING:
        return []
    return agents(verb, roles)

