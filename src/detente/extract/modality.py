"""Whether a clause reports an act that happened: asserted, hypothetical or negated, read per clause.

Each list is a named heuristic with the reason it exists; the event dev gold (eval/events.py) measures them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.nlp import sentence_of

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Token

# Auxiliaries of future, possibility and obligation: "will meet", "could impose", "should withdraw".
FUTURE_AUX = {"will", "'ll", "shall"}
MODAL_AUX = {"would", "could", "may", "might", "should", "must", "can", "ca", "cannot"}
# Heads whose complement is an act not (yet) done: "plans to visit", "is expected to press", "wants talks".
PROSPECTIVE_HEADS = {"plan", "hope", "want", "seek", "expect", "intend", "propose", "aim", "try", "consider",
                     "prepare", "wish", "attempt", "set", "due", "likely", "poised", "ready", "need", "able",
                     "scheduled", "going", "about", "bid", "move", "look", "promise", "pledge", "vow", "threaten",
                     "offer", "agree", "decide", "urge", "ask", "call", "demand", "press", "expected", "willing",
                     "prepared", "keen", "eager", "unlikely", "allow", "persuade", "encourage", "force", "invite"}
# Heads that say the complement did not happen: "failed to agree", "refused to sign".
NEGATING_HEADS = {"fail", "refuse", "decline", "reject", "resist", "avoid", "deny", "stop"}
# Speech acts whose own if-clause is their content, not a doubt about them.
CONDITION_TAKERS = {"warn", "threaten", "vow", "promise", "pledge", "offer", "say", "tell", "demand", "urge",
                    "insist", "agree", "caution", "declare", "announce"}
# Conditional and question markers on the clause.
CONDITIONAL_MARKS = {"if", "unless", "whether", "until"}
# Forecast and opinion verbs whose complement is a claim about the future, not a reported act.
FORECAST_HEADS = {"predict", "forecast", "fear", "warn", "expect", "believe", "think", "suggest", "speculate",
                  "estimate", "doubt", "question", "wonder", "ask"}


def clause_head(tok: Token) -> Token:
    """The verb that carries tense and auxiliaries for a trigger: itself, or the verb a noun hangs from."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:
        head = head.head
    return head


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


REPORTING = {"say", "announce", "tell", "declare", "confirm", "state", "add"}
SCHEDULING = {"be", "set", "due", "go", "schedule", "plan", "expect", "slate"}


def is_future(tok: Token, depth: int = 0) -> bool:
    verb = clause_head(tok)
    if _aux(verb) & FUTURE_AUX:
        return True
    # "said it would suspend tests": a future told in reported speech
    if "would" in _aux(verb) and verb.dep_ == "ccomp" and verb.head.lemma_ in REPORTING and tok.i == verb.i:
        # a party's own plan ("it would", "Iran would"), not a speaker's forecast ("the meeting would be")
        return any(c.dep_ == "nsubj" and c.pos_ in ("PRON", "PROPN") for c in verb.children)
    # "is to visit", "is due to meet", "is set to sign", "are going to talk"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in SCHEDULING:
        return True
    # "a summit is set to take place": the scheduling verb governs the act
    if verb.lemma_ in SCHEDULING - {"be"} and any(c.dep_ == "xcomp" for c in verb.children):
        return True
    # "... when it meets in April" under a future main clause
    if depth < 2 and verb.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ in ("when", "once")
                                                  for c in verb.children):
        return is_future(verb.head, depth + 1)
    return any(t.lower_ in ("next", "upcoming", "forthcoming") for t in tok.subtree) and tok.pos_ == "NOUN"


def negated(tok: Token) -> bool:
    verb = clause_head(tok)
    for word in {tok, verb}:
        if any(c.dep_ == "neg" for c in word.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in word.children):
            return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in NEGATING_HEADS:
        return True
    node = verb
    for _ in range(3):  # "there is no question of Britain giving up", "no plans to meet"
        node = node.head
        if any(c.dep_ == "det" and c.lower_ == "no" for c in node.children) and node.pos_ == "NOUN":
            # "had no choice but to strike": the act is the one thing left, not denied
            return not any(c.lower_ == "but" for c in node.children)
    return any(c.lower_ in ("no", "never") and c.dep_ in ("det", "neg", "advmod") for c in tok.children)


def hypothetical(tok: Token, depth: int = 0) -> bool:
    verb = clause_head(tok)
    if _aux(verb) & (MODAL_AUX | FUTURE_AUX):
        return True
    chain = verb
    for _ in range(3):  # "is expected to be asked to meet": walk up the complement chain
        if chain.dep_ not in ("xcomp", "ccomp", "acomp", "advcl", "relcl", "acl") or chain.head.i == chain.i:
            break
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in chain.children):
            return True
        head = chain.head
        if chain.dep_ in ("xcomp", "acl") and head.lemma_ in PROSPECTIVE_HEADS:
            return True
        if chain.dep_ == "ccomp" and head.lemma_ in FORECAST_HEADS:
            return True
        if _aux(head) & MODAL_AUX:
            return True
        chain = head
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
        return True
    if _conditioned(verb):
        return True
    # "would have no choice but to destroy X": a bare-infinitive conjunct takes its head's modality
    if verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.i != verb.i and depth < 2:
        return hypothetical(verb.head, depth + 1)
    return _is_question(tok)


def _conditioned(verb: Token) -> bool:
    """A main clause with an if/unless clause of its own ("will strike if attacked") is conditional; not a
    warning or promise, whose condition is what it says ("warned X of consequences if it tests")."""
    if verb.lemma_ in CONDITION_TAKERS:
        return False
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)


def _is_question(tok: Token) -> bool:
    sent = sentence_of(tok.doc, tok.i)  # cached; `tok.sent` walks the document every time
    last = next((t for t in reversed(sent) if not t.is_space and not t.is_quote), None)
    return last is not None and last.text == "?"
