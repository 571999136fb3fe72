"""Events made in words around a verb of saying: the saying is no event, but what it says can be one.

- "X said Y should/must ..." is a REQUEST from X to Y.
- "X said Y's plan was unjustified", "X called the plans dangerous" is an ACCUSE from X to the plan's
  owner; "... was right / a historic step" a SUPPORT (the manual's "praise or endorse", "criticise").
- "X wants Y to ..." is a REQUEST from X to Y.
The evaluation words are general English, not any article's wording; each event needs a named recipient.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from detente.extract.roles import PRONOUNS, Roles, agents, core, key
from detente.extract.verbs import Sense
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Token

SPEECH_LEMMAS = {"say", "tell", "insist", "argue", "add", "state", "warn", "believe", "claim", "declare",
                 "describe", "brand", "call", "label", "dub"}
OBLIGATION_AUX = {"should", "must"}
WANT_LEMMAS = {"want", "need"}
NEGATIVE = set("""wrong unacceptable unjustified unjustifiable irresponsible disgraceful disgusting outrageous
naive pathetic dangerous illegal unlawful unfair absurd ridiculous shameful appalling deplorable misguided
mistaken reckless hypocritical arrogant unhelpful damaging cynical scandalous ludicrous nonsense mistake
disgrace joke failure betrayal provocative aggressive unreasonable unwise foolish hostile counterproductive
illegitimate inadequate regrettable worrying alarming unfit deranged erratic heedless lunatic madman maniac
gangster gangster-like thug rogue criminal liar idiot fool coward traitor dotard puppet clown bully
warmonger fanatic aggressor""".split())
# Threats told as what the other side will suffer: "X will pay dearly", "X will regret it", "X would face
# the consequences" (the manual's THREATEN: coercive warnings with serious repercussions).
SUFFERING = {"pay", "regret", "suffer", "face"}
CONSEQUENCES = {"dearly", "price", "consequence", "consequences", "retaliation", "response", "fury", "punishment",
                "destruction", "annihilation"}
FUTURE_OR_MODAL = {"will", "would", "'ll", "could", "may", "might", "shall"}
POSITIVE = set("""right justified important welcome encouraging positive excellent historic vital helpful
constructive courageous brave sensible pragmatic fair legitimate correct valuable invaluable significant
landmark good great success achievement breakthrough""".split())

Act = tuple[Sense, list[Entity], list[Entity]]


def speech_act(tok: Token, roles: Roles) -> Act | None:
    if tok.pos_ != "VERB":
        return None
    found = None
    if tok.lemma_ in SPEECH_LEMMAS:
        found = _said(tok, roles)
    elif tok.lemma_ in WANT_LEMMAS:
        found = _wanted(tok, roles)
    if found is None:
        return None
    sense, tgts = found
    actors = agents(tok, roles)
    tgts = [t for t in tgts if key(t) not in {key(a) for a in actors}]
    return (sense, actors[:2], tgts[:2]) if actors and tgts else None


def _said(tok: Token, roles: Roles) -> tuple[Sense, list[Entity]] | None:
    for c in tok.children:
        if c.dep_ == "ccomp":
            subject = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.lower_ in PRONOUNS:
                continue  # "said it was justified": whose "it" is too uncertain to name a recipient
            if subject.dep_ == "nsubj" and _suffers(c):
                return Sense("THREATEN", None), core(subject, roles, owners=True)
            if subject.dep_ == "nsubj" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX for a in c.children):
                return Sense("REQUEST", "change"), core(subject, roles, owners=True)
            polarity = _evaluation(c)
            if polarity:
                return Sense(polarity, None), core(subject, roles, owners=True)
        if c.dep_ == "oprd" or (c.dep_ == "dobj" and tok.lemma_ in ("call", "brand", "describe", "label", "dub")):
            polarity = _evaluation(c) or _evaluation(_complement(tok))
            obj = next((o for o in tok.children if o.dep_ == "dobj"), None)
            if polarity and obj is not None:
                return Sense(polarity, None), core(obj, roles, owners=True)
    return None


def _suffers(clause: Token) -> bool:
    """A future or possible "pay dearly", "regret it", "face the consequences"."""
    if clause.lemma_ not in SUFFERING or not any(a.dep_ == "aux" and a.lower_ in FUTURE_OR_MODAL
                                                 for a in clause.children):
        return False
    return clause.lemma_ in ("regret", "suffer") or any(t.lemma_.lower() in CONSEQUENCES for t in clause.subtree)


def _complement(tok: Token) -> Token:
    return next((c for c in tok.children if c.dep_ in ("oprd", "xcomp", "acomp")), tok)


def _evaluation(node: Token) -> Literal["ACCUSE", "SUPPORT"] | None:
    """ACCUSE for a negative judgement, SUPPORT for a positive one, else None; "not" turns it round."""
    words = [node] + [c for c in node.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp")]
    # "a heedless and erratic old man", "described him as unfit": the judgement sits in a modifier
    words += [m for w in list(words) for m in w.children if m.dep_ in ("amod", "conj")]
    # "described him as unfit", "a gang of criminals"
    phrases = [p for w in list(words) for p in w.children if p.dep_ == "prep" and p.lower_ in ("as", "of")]
    phrases += [q for p in phrases for q in p.children if q.dep_ == "conj" and q.lower_ == "as"]
    words += [g for p in phrases for g in p.children if g.dep_ in ("pobj", "amod", "acomp")]
    for w in words:
        lemma = w.lemma_.lower()
        flipped = any(child.dep_ == "neg" for word in (node, w) for child in word.children)
        if lemma in NEGATIVE:
            return "SUPPORT" if flipped else "ACCUSE"
        if lemma in POSITIVE:
            return "ACCUSE" if flipped else "SUPPORT"
    return None


def _wanted(tok: Token, roles: Roles) -> tuple[Sense, list[Entity]] | None:
    """"X wants Y to match the target": Y is asked to act."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subject = next((s for s in c.children if s.dep_ in ("nsubj", "dobj")), None)
            if subject is not None and c.tag_ == "VB":
                found = core(subject, roles, owners=True)  # "want the EU budget to be capped": the EU
                if found:
                    return Sense("REQUEST", None), found
    return None
