"""Acts whose literal type misstates the relation between the two sides (issue 11, class 8).

- A call to ease sanctions on X supports X: "Moscow called for sanctions on Pyongyang to be eased" is not
  Moscow pressing Pyongyang but backing it (SUPPORT toward X; the request goes to whoever sanctions).
- Troops sent to help X are military aid to X: "sent troops to help Syria" is AID, not a mobilisation
  against Syria; the conflict is with the third party they fight.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from detente.extract.roles import Roles, key, span_of
from detente.extract.verbs import Sense
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Token

EASING = {"ease", "lift", "relax", "end", "remove", "scrap", "drop", "loosen", "suspend", "relief", "easing",
          "lifting", "removal"}
RESTRICTIONS = {"sanction", "sanctions", "embargo", "ban", "restriction", "restrictions", "blockade", "tariffs"}
SENDING = {"send", "deploy", "dispatch", "despatch", "supply", "provide"}
FORCES = {"troops", "soldiers", "forces", "personnel", "units", "peacekeepers", "warships", "jets", "fighters",
          "advisers", "advisors", "weapons", "arms", "munitions", "missiles", "shells", "ammunition"}
HELPING = {"help", "support", "assist", "aid", "reinforce", "bolster", "back", "defend", "protect", "join"}


def recast(tok: Token, sense: Sense, actors: list[Entity], roles: Roles) -> tuple[Sense, list[Entity]] | None:
    if sense.type == "REQUEST":
        helped = _eased(tok, roles, actors)
        if helped:
            return Sense("SUPPORT", None), helped
    if tok.lemma_ in SENDING and _sends_forces(tok):
        helped = _helped(tok, roles, actors)
        if helped:
            return Sense("AID", "military"), helped
    return None


HARMFUL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
# Verbs by which a threat is uttered; the content clause holds the threatened act.
UTTERING = {"say", "tell", "warn", "vow", "threaten", "pledge", "promise", "declare", "state", "add", "insist",
            "write", "tweet", "caution"}


def threat(tok: Token, kind: str, actors: list[Entity], agents_of: Callable[[Token], list[Entity]]) -> bool:
    """Whether `tok`, a hypothetical harmful act, is one its own actor says it may carry out."""
    if kind not in HARMFUL:
        return False
    chain = tok
    for _ in range(5):
        # "would have no choice but to crush X": the act may hang from a phrase of the uttered clause
        if chain.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "dobj") or chain.head.i == chain.i:
            return False
        chain = chain.head
        if chain.lemma_.lower() in UTTERING:
            speakers = {a.country or a.actor for a in agents_of(chain)}
            return bool(speakers & {a.country or a.actor for a in actors})
    return False


def _eased(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    """Who the restrictions to be eased are on, when the request's content is an easing."""
    words = list(tok.subtree)
    if not any(w.lemma_.lower() in EASING for w in words):
        return []
    taken = {key(a) for a in actors}
    for w in words:
        if w.lemma_.lower() in RESTRICTIONS or w.lower_ in RESTRICTIONS:
            for p in (c for c in w.children if c.dep_ == "prep" and c.lower_ in ("on", "against")):
                found = [e for g in p.children if g.dep_ == "pobj" for e in roles.named(*span_of(g))
                         if key(e) not in taken]
                if found:
                    return found[:1]
    return []


def _sends_forces(tok: Token) -> bool:
    return any(c.dep_ == "dobj" and any(t.lower_ in FORCES for t in c.subtree) for c in tok.children)


def _helped(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    """The state a purpose clause says the forces help ("to help Syria", "to support the government of Mali"),
    else the destination when the purpose is to help."""
    taken = {key(a) for a in actors}
    for c in tok.children:
        if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in HELPING:
            found = [e for e in roles.named(*span_of(c)) if key(e) not in taken]
            if found:
                return found[:1]
            return [e for p in tok.children if p.dep_ == "prep" and p.lower_ == "to"
                    for g in p.children if g.dep_ == "pobj" for e in roles.named(*span_of(g))
                    if key(e) not in taken][:1]
    return []
