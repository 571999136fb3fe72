"""Shows of force: whom a weapons test (MOBILIZE weapons) is aimed at.

The manual codes the recipient of a MOBILIZE "if that is clear". A test makes it clear by its path ("fired a
missile over Japan") or by the reach the report gives the weapon ("far enough to reach the United States",
"capable of striking the US mainland", "puts the US mainland within range"). News on a test often states
the range in a sentence of its own, so the report's other sentences are read after the test's own. A reach
is a capability (could, able to, capable of, within range): an actual strike is an ASSAULT of its own. A
test into the sea with neither has no recipient.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract import modality
from detente.extract.nlp import sentence_of, sentences
from detente.extract.roles import Roles, key, span_of
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Span, Token

PATH_PREPS = {"over", "toward", "towards", "across"}
REACH_VERBS = {"reach", "hit", "strike", "target"}
# Words that put a sentence on the subject of weapons, so that its reach is the weapon's.
WEAPON_WORDS = {"missile", "missiles", "rocket", "rockets", "icbm", "icbms", "irbm", "warhead", "warheads",
                "weapon", "weapons", "bomb", "bombs", "launch", "test", "projectile", "projectiles"}
CAPABLE = {"able", "capable", "enough"}
RANGE_WORDS = {"range", "reach"}


def threatened(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    taken = {key(a) for a in actors}
    args = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in PATH_PREPS for g in c.children
            if g.dep_ == "pobj"]
    found = _states(args, roles, taken)
    if found:
        return found
    own = sentence_of(tok.doc, tok.i)
    for sent in [own] + [s for s in sentences(tok.doc) if s.start != own.start]:
        # in the test's own sentence, a reach stated before the launch is about something else
        found = _reach(sent, roles, taken, after=tok.i if sent.start == own.start else -1)
        if found:
            return found
    return []


def _reach(sent: Span, roles: Roles, taken: set[str], after: int) -> list[Entity]:
    if not any(t.lower_ in WEAPON_WORDS for t in sent):
        return []
    for t in sent:
        if t.i <= after:
            continue
        if t.lemma_.lower() in REACH_VERBS and t.pos_ == "VERB" and _capability(t):
            # "could strike anywhere on the US mainland": the place word's phrase names the state
            args = [c for c in t.children if c.dep_ == "dobj" or c.lower_ in ("anywhere", "everywhere")]
        elif t.lower_ in RANGE_WORDS and t.dep_ == "pobj" and t.head.lower_ in ("within", "in"):
            verb = modality.clause_head(t.head)  # "X is within range", "puts X within reach"
            args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        else:
            continue
        found = _states(args, roles, taken)
        if found:
            return found
    return []


def _capability(verb: Token) -> bool:
    """"could reach", "able to hit", "capable of striking", "enough to reach": what a weapon can do."""
    if modality.hypothetical(verb):
        return True
    node = verb
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in CAPABLE:
            return True
    return False


def _states(args: list[Token], roles: Roles, taken: set[str]) -> list[Entity]:
    for arg in args:
        # a reach names places as well as states ("anywhere in India", "reach Guam")
        found = [e for e in roles.named(*span_of(arg)) if key(e) not in taken and e.label in ("STATE", "INST")]
        if found:
            return found[:1]
    return []
