"""Actor and target of an event from the dependency parse, restricted to political actors.

The actor is the agent: the subject of an active clause, the `by` phrase of a passive one, the possessor or
`by` phrase of a nominal event. The target is the object, the indirect object or the object of a directed
preposition ("sanctions on Iran", "talks with China"). Both must be political actors: states, their
governments, officials and forces; international bodies; parties and groups. Places named as places
("talks in Paris") and adjectives of things ("the Kyoto treaty", "Chinese firms") are not actors.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from detente.extract.nlp import sentence_of
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Span, Token

ACTOR_LABELS = {"STATE", "INST", "ORG", "PERSON"}
# Prepositions that direct an act at someone; "in", "at", "over", "amid" name places and topics instead.
TARGET_PREPS = {"with", "to", "against", "on", "for", "toward", "towards", "onto", "from", "upon"}
# Nouns that make an adjective or compound state name an actor: "the British government", "French troops".
ACTOR_NOUNS = {
    "government", "governments", "administration", "authorities", "authority", "officials", "official",
    "minister", "ministers", "ministry", "president", "leader", "leaders", "leadership", "premier",
    "chancellor", "spokesman", "spokeswoman", "spokesperson", "embassy", "ambassador", "envoy", "diplomat",
    "diplomats", "delegation", "negotiators", "negotiator", "troops", "forces", "force", "army", "military",
    "navy", "police", "regime", "cabinet", "parliament", "mps", "lawmakers", "legislators", "senators",
    "congress", "court", "courts", "judge", "judges", "prosecutors", "regulators", "regulator", "agency",
    "commission", "commissioner", "council", "party", "parties", "opposition", "king", "queen", "prince",
    "foreign", "secretary", "secretary-general", "chief", "head", "side", "counterpart", "counterparts",
    "team", "soldiers", "officers", "militants", "rebels", "protesters", "demonstrators", "activists",
    "bank", "treasury", "state", "states", "union", "members", "member", "nations", "nation", "people",
    "countries", "country", "economies", "partners", "allies", "ministries",
    "voters", "citizens", "workers", "unions", "groups", "group", "campaigners", "critics", "aides", "aide",
    "adviser", "advisers", "generals", "general", "commanders", "commander", "intelligence", "mission",
}
PRONOUNS = {"they", "he", "she", "it", "we"}
RELATIVE = {"which", "who", "that"}
# "a strong supporter of Turkey's bid", "a critic of the war": `of` names whom the stance is about.
STANCE_NOUNS = {"supporter", "backer", "advocate", "proponent", "champion", "critic", "opponent"}
# Unnamed organs of "the" state a report is about: "the government said", "ministers agreed".
GOVERNMENT_NOUNS = {"government", "ministers", "cabinet", "administration", "authorities", "parliament",
                    "mps", "home office", "foreign office", "treasury", "police", "prime minister",
                    "foreign secretary", "home secretary", "chancellor", "opposition"}


class Roles:
    """Per-document actor lookups shared by every sentence."""

    def __init__(self, doc: Doc, entities: list[Entity], body_start: int = 0) -> None:
        self.doc = doc
        self.body_start = body_start  # after the dateline cleaning found (Document.body_start)
        self.actors = sorted((e for e in entities if e.label in ACTOR_LABELS and e.actor and political(e)),
                             key=lambda e: e.start)
        self.starts = [e.start for e in self.actors]
        self.salient = salient_state(entities)

    def in_span(self, lo: int, hi: int, aside: AbstractSet[int] = frozenset(), owners: bool = False) -> list[Entity]:
        found = [e for e in self.named(max(lo, self.body_start), hi) if self._is_actor(e, aside, owners)]
        people = [e for e in found if e.label == "PERSON"]
        # "North Korean leader Kim Jong Un": the state adjective is the person's title, not a second actor.
        titled = {id(s) for s in found for p in people if s.label != "PERSON" and s.end <= p.start
                  and p.start - s.end < 40 and s.country is not None and s.country == p.country}
        out, keys = [], set()
        for e in found:
            if id(e) not in titled and key(e) not in keys:
                keys.add(key(e))
                out.append(e)
        return out

    def _is_actor(self, e: Entity, aside: AbstractSet[int], owners: bool = False) -> bool:
        span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None or span[0].i in aside:
            return False
        last = span[-1]
        # "the Kyoto treaty", "Chinese firms", "US dollar": a name modifying a thing is no actor.
        if last.dep_ in ("compound", "amod", "nmod", "poss") and last.head.i >= span.end and e.label != "PERSON":
            head = last.head
            # As a target, the owner of what an act is aimed at is its recipient ("attacked Labour's taxes",
            # "IMF agrees fresh Turkey funding"), as CAMEO codes the state of the affected thing.
            return head.lower_ in ACTOR_NOUNS or head.ent_type_ == "PERSON" or owners
        # "talks in Paris": a place after a locative preposition is where, not who.
        if last.dep_ == "pobj" and last.head.lower_ in ("in", "at", "near", "across", "throughout", "around"):
            return False
        return True

    def last_two_before(self, pos: int, window: int = 600) -> list[Entity]:
        """The last two different states or bodies named in the preceding few hundred characters."""
        out: list[Entity] = []
        for e in reversed(self.actors):
            if e.end <= pos and pos - e.end <= window and e.label != "PERSON" and \
                    key(e) not in {key(o) for o in out} and self._is_actor(e, set()):
                out.append(e)
            if len(out) == 2:
                return out[::-1]
        return []

    def named(self, lo: int, hi: int) -> list[Entity]:
        """Every actor named in a span, places included (for where a visit went); a binary search, as
        this runs for every argument of every trigger."""
        return self.actors[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def salient_entity(self) -> Entity | None:
        if not self.salient:
            return None
        return Entity(text=self.salient, start=0, end=0, label="STATE", actor=self.salient, country=self.salient)

    def last_body_before(self, pos: int, window: int = 400) -> Entity | None:
        """'it' -> the last state or organisation named in the preceding few hundred characters."""
        return next((e for e in reversed(self.actors) if pos - window <= e.end <= pos and e.label != "PERSON"
                     and self._is_actor(e, set())), None)

    def last_person_before(self, pos: int) -> Entity | None:
        return next((e for e in reversed(self.actors) if e.end <= pos and e.label == "PERSON"), None)


def salient_state(entities: list[Entity]) -> str | None:
    """The state a document is about: the one its state and institution mentions name most (at least twice),
    the first named on a tie. Unnamed organs ("the government") and officials whose state the text never
    names are taken to be its own."""
    counts: dict[str, int] = {}
    for e in entities:
        if e.label in ("STATE", "INST") and e.country:
            counts[e.country] = counts.get(e.country, 0) + 1
    best = max(counts, key=lambda c: counts[c], default=None)
    return best if best and counts[best] >= 2 else None


def political(e: Entity) -> bool:
    """Firms ('MNC'-coded organisations) are not political actors; people are (news quotes people who act
    in politics), counted for their state when the text or the document names it."""
    return e.label == "PERSON" or not str(e.actor).startswith("MNC")


def key(e: Entity) -> str:
    """One actor, one key: a state and its seats of power share a code ("Russia", "the Kremlin"); two
    parties of one state are two actors, so "the Tories accused Labour" keeps its target."""
    return str(e.actor)


def span_of(tok: Token) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def core(tok: Token, roles: Roles, owners: bool = False) -> list[Entity]:
    """Entities of a phrase without its appositives, relative clauses and prepositional tails
    ("Russia, a member of the UN," -> Russia; "the head of the IMF" keeps the IMF)."""
    aside = {t.i for c in tok.children if c.dep_ in ("appos", "relcl", "acl") for t in c.subtree}
    found = roles.in_span(*span_of(tok), aside=aside, owners=owners)
    if not found and tok.lower_ in ACTOR_NOUNS:
        # "the country's leader, Kim Jong Un": an unnamed title is the person its appositive names
        found = [e for c in tok.children if c.dep_ == "appos" for e in roles.in_span(*span_of(c), owners=owners)]
    if tok.lower_ in PRONOUNS and not found:
        return [_with_state(e, roles.salient) for e in antecedent(tok, roles)]
    if not found and _pair_phrase(tok):
        found = roles.last_two_before(tok.idx)
    if not found and roles.salient and _unnamed_organ(tok):
        found = [Entity(text=_phrase(tok), start=tok.idx, end=tok.idx + len(tok), label="INST",
                        actor=roles.salient, country=roles.salient, role="government")]
    return [_with_state(e, roles.salient) for e in found]


PAIR_WORDS = {"sides", "countries", "nations", "governments", "states", "leaders", "parties", "neighbours"}


def _pair_phrase(tok: Token) -> bool:
    """"both sides", "the two countries": the two parties the text has just named."""
    words = [t.lower_ for t in tok.subtree]
    return tok.lower_ in PAIR_WORDS and ("both" in words or "two" in words) and len(words) <= 3


def _unnamed_organ(tok: Token) -> bool:
    words = " ".join(t.lower_ for t in tok.subtree if t.dep_ not in ("det", "poss", "amod", "punct"))
    return tok.lower_ in GOVERNMENT_NOUNS or words in GOVERNMENT_NOUNS


def _phrase(tok: Token) -> str:
    return " ".join(t.text for t in tok.subtree)


def _with_state(e: Entity, state: str | None) -> Entity:
    """A person whose state the text does not name is taken to act for the document's own state."""
    if e.label == "PERSON" and not e.country and state:
        return Entity(e.text, e.start, e.end, e.label, e.actor, state, e.role)
    return e


# "its second test", "his visit": a possessive pronoun names its owner as the subject pronoun would.
POSSESSIVES = {"its": "it", "his": "he", "her": "she", "their": "they"}


def _possessive(tok: Token, roles: Roles) -> list[Entity]:
    word = POSSESSIVES.get(tok.lower_)
    return [_with_state(e, roles.salient) for e in antecedent(tok, roles, word)] if word else []


def antecedent(pron: Token, roles: Roles, word: str | None = None) -> list[Entity]:
    """'they' -> the compound subject of the clause before; 'he'/'she' -> the last person."""
    word = word or pron.lower_
    if word == "they":
        for tok in sentence_of(pron.doc, pron.i):
            if tok.i < pron.i and tok.dep_ == "nsubj":
                found = roles.in_span(*span_of(tok))
                if len(found) > 1:
                    return found
        return []
    if word in ("he", "she"):
        person = roles.last_person_before(pron.idx)
        return [person] if person else []
    if word == "it":
        body = roles.last_body_before(pron.idx)
        return [body] if body else []
    return []


def agents(tok: Token, roles: Roles) -> list[Entity]:
    """Who did it: possessor or `by` phrase of a nominal trigger, else the clause's agent."""
    if tok.pos_ in ("NOUN", "PROPN"):
        # "the Putin-Kim summit", "Russia's sanctions", "a visit by X": every named party of the noun
        stance = tok.lemma_.lower() in STANCE_NOUNS  # "North Korea's backers": North Korea is backed
        args = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children
                if g.dep_ == "pobj"] or [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                                         and not stance]
        found = [e for a in args for e in roles.in_span(*span_of(a), owners=True) or _possessive(a, roles)]
        if found:
            return found
        if stance and tok.dep_ == "appos":
            return core(tok.head, roles)  # "China and Russia, North Korea's backers"
        governor = governing_verb(tok)
        return agents(governor, roles) if governor is not None else []
    verb = tok
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return core(verb.head, roles)  # "Mr Straw, visiting Beijing, said": the noun it describes acts
    came_from_xcomp = False
    for _ in range(3):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and came_from_xcomp:  # "Kim is expected to push Putin": Kim would push
            return [e for c in verb.children if c.dep_ == "nsubjpass" for e in core(c, roles)]
        for c in verb.children:
            if passive and c.dep_ == "agent":
                found = [e for g in c.children if g.dep_ == "pobj" for e in core(g, roles)]
                if found:
                    return found
            if not passive and c.dep_ == "nsubj":
                if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return core(verb.head, roles)  # "India, which attends the meeting": India attends
                if c.idx < roles.body_start:  # "SEOUL, May 6 - Kim said": the parser's subject is the dateline
                    if any(o.dep_ == "nsubj" and o.i > c.i for o in verb.children):
                        continue
                    return [e for a in c.children if a.dep_ == "appos" for e in core(a, roles)]
                return core(c, roles)
        if passive:
            return []
        # "X agreed to meet Y", "X and Y met and signed": the subject of the governing or first verb.
        if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            came_from_xcomp = verb.dep_ == "xcomp"
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.tag_ == "VB":  # "X would have no choice but to crush Y": X crushes
            verb = _governing_clause(verb)
            continue
        break
    return []


def _governing_clause(tok: Token) -> Token:
    node = tok.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


# Verbs that carry out the act their object names, so their subject is its agent ("Russia imposed
# sanctions", "the two held talks"); "dominate discussions" or "face sanctions" do not.
LENDING_VERBS = set("""hold have conduct attend begin start open resume launch impose sign take join host stage
make give provide offer announce adopt lift ease extend call seek reach strike secure be engage enter
continue end issue deliver send press tighten approve propose accept renew order declare mount""".split())


def governing_verb(tok: Token) -> Token | None:
    """The verb a nominal trigger is the object of: "imposed sanctions", "held talks", "took part in talks"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX") and head.i != tok.i \
            and head.lemma_.lower() in LENDING_VERBS:
        return head
    return None


def targets(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    found = _targets(tok, roles, actors)
    if not found and tok.lemma_.lower() in STANCE_NOUNS:
        taken = {key(a) for a in actors}
        found = [e for c in tok.children if c.dep_ in ("poss", "compound", "amod")
                 for e in roles.in_span(*span_of(c), owners=True) if key(e) not in taken]
    if not found and tok.pos_ in ("NOUN", "PROPN"):
        governor = governing_verb(tok)
        found = _targets(governor, roles, actors, skip=tok.i) if governor is not None else []
    return found


def _targets(tok: Token, roles: Roles, actors: list[Entity], skip: int = -1) -> list[Entity]:
    taken = {key(a) for a in actors}
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    for child in tok.children:
        spans = []
        if child.i == skip:
            continue
        if child.dep_ in ("dobj", "dative", "iobj") or (passive and child.dep_ == "nsubjpass"):
            spans.append(child)
        elif child.dep_ == "prep" and (child.lower_ in TARGET_PREPS or (child.lower_ == "at" and _aimed_at(tok))
                                       or (child.lower_ == "of" and tok.lemma_.lower() in STANCE_NOUNS)):
            spans += [g for g in child.children if g.dep_ == "pobj"]
            # "barred citizens from travelling to X": whom the barred exchange is with
            spans += [g for g in child.children if g.dep_ == "pcomp" and child.lower_ == "from"]
        for arg in spans:
            found = [e for e in core(arg, roles, owners=True) if key(e) not in taken]
            if not found:
                # "imposed sanctions on Iran", "a ban on imports from China": one phrase deeper
                found = [e for p in arg.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS | {"of"}
                         for x in p.children if x.dep_ == "pobj" for e in core(x, roles) if key(e) not in taken]
            if found:
                return found[:3]
    return []


CAUSE_PREPS = {"over", "amid", "after", "for", "because"}


def cause_owner(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    """The possessor named in a cause phrase of the trigger or of the verb it is the object of."""
    taken = {key(a) for a in actors}
    governor = governing_verb(tok)
    for head in [tok] + ([governor] if governor is not None else []):
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in CAUSE_PREPS:
                continue
            for g in (g for g in c.children if g.dep_ == "pobj"):
                owners = [e for p in g.children if p.dep_ in ("poss", "compound", "amod", "nmod")
                          for e in roles.named(*span_of(p))]
                found = [e for e in owners if key(e) not in taken]
                if found:
                    return found[:1]
    return []


def host(tok: Token, roles: Roles, actors: list[Entity]) -> list[Entity]:
    """The state a visit goes to: "arrived in the Russian port of Vladivostok", "travelled to Beijing"."""
    taken = {key(a) for a in actors}
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "to", "at"):
            for e in (e for g in c.children if g.dep_ == "pobj" for e in roles.named(*span_of(g))):
                if key(e) not in taken and e.label in ("STATE", "INST") and \
                        e.country not in {a.country for a in actors}:  # a trip at home is no visit
                    return [e]
    return []


def _aimed_at(tok: Token) -> bool:
    """"lashed out at", "hit out at", "angry at": here `at` names a recipient, not a place."""
    return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children) or tok.lemma_ in ("angry", "protest")


def after_word(tok: Token, sent: Span, roles: Roles, words: set[str], taken: set[str]) -> list[Entity]:
    """Nominal triggers the parser mangles: the actors named right after the first 'by' (agent) or 'to'/'with'
    (target) within a few words; none when that phrase names nobody."""
    for t in sent[tok.i - sent.start + 1: tok.i - sent.start + 8]:
        if t.lower_ in words:
            found = [e for e in roles.in_span(*span_of(t)) if key(e) not in taken]
            return found[:1]
    return []
