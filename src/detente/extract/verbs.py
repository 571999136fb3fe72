"""Which PLOVER event a verb names, in the sense its arguments select: PETRARCH2's CAMEO verb patterns.

`cameo_verbs.tsv` (compiled by tools/build_verbs.py) gives every verb a block of synonyms, a default code
and the block's patterns: the words that must stand around the verb for a sense ("ask * (for aid)" is a
REQUEST for aid, "call * cabinet meeting" is no event). `plover_lexicon.tsv` holds detente's own rows;
its verb rows are decisions about a verb's sense in news and win over CAMEO; for every other verb a
matching CAMEO pattern is more specific than the verb's default and wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from detente import data
from detente.plover import event_type
from detente.record import EventType

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Token

SLOTS = {"+", "$", "^", "%", "(", ")", "*"}
# Verbs of saying, thinking, wanting and general doing: CAMEO gives them a default code ("want" is AGREE,
# "insist" REQUEST, "take" COERCE, "help" AID), but in news they mostly report opinions and ordinary
# acts. For them only a CAMEO pattern (a sense its arguments select) or a row of ours names an event.
VAGUE_VERBS = frozenset("""say tell add argue insist claim state note explain believe think expect hope want need
wish feel know see hear find show suggest indicate mean predict describe write speak talk face take make give
get have do keep put set go come bring help pay contribute guarantee enhance vote hold run work seek use lead
insert express import export buy sell increase occupy own join
rule unveil introduce ensure enact benefit match fly apply
break fail
look turn leave move open raise cut end start begin continue remain stay become seem let allow include
plan try aim consider prepare decide choose""".split())


@dataclass(frozen=True)
class Sense:
    type: EventType | Literal["-"]  # "-": a pattern that names no event
    mode: str | None


@dataclass(frozen=True)
class Pattern:
    before: tuple[str, ...]
    after: tuple[str, ...]
    sense: Sense


@lru_cache(maxsize=1)
def synonym_sets() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for name, member in data.rows("cameo_sets.tsv", columns=2):
        # a multi-word member by its head word ("un peacekeeping" -> peacekeeping): its first word is
        # often a name part that matches elsewhere ("Un" of Kim Jong Un)
        out.setdefault(name, set()).add(member.rstrip("_").split()[-1])
    return {k: frozenset(v) for k, v in out.items()}


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.replace("(", " ").replace(")", " ").split() if w not in SLOTS)


@lru_cache(maxsize=1)
def cameo() -> tuple[dict[str, tuple[str, Sense]], dict[str, list[Pattern]]]:
    verbs: dict[str, tuple[str, Sense]] = {}
    patterns: dict[str, list[Pattern]] = {}
    for key, second, _code, kind, mode in data.rows("cameo_verbs.tsv", columns=5):
        sense = Sense(_kind(kind), mode or None)
        if key.startswith("@"):
            before, _, after = second.partition("*")
            patterns.setdefault(key[1:], []).append(Pattern(_words(before), _words(after), sense))
        else:
            verbs.setdefault(key, (second.lstrip("="), sense))
    return verbs, patterns


@lru_cache(maxsize=1)
def own_lexicon() -> dict[tuple[str, str], Sense]:
    out = {}
    for lemma, pos, kind, mode in data.rows("plover_lexicon.tsv", columns=4, required=3):
        out[(lemma, pos)] = Sense(_kind(kind), mode or None)
    return out


def _kind(name: str) -> EventType | Literal["-"]:
    return "-" if name == "-" else event_type(name)


def _matches(wanted: tuple[str, ...], seen: list[tuple[str, str]]) -> bool:
    """Every pattern word, in order, among the words (surface or lemma); a `&set` matches any member."""
    sets = synonym_sets()
    i = 0
    for word in wanted:
        members = sets.get(word, frozenset()) if word.startswith("&") else None
        while i < len(seen) and not (seen[i][0] == word or seen[i][1] == word or
                                     (members is not None and (seen[i][0] in members or seen[i][1] in members))):
            i += 1
        if i == len(seen):
            return False
        i += 1
    return True


# Children that start another clause: their words say what was said or done next, not which sense the verb
# has ("said the plan would fail" must not match a pattern of "say" that wants "would").
OTHER_CLAUSE = {"ccomp", "advcl", "conj", "parataxis", "relcl", "csubj", "cc"}


def _context(tok: Token) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Words of the verb's own phrase after it (objects, prepositional phrases) and of its subject before it."""
    aside = {t.i for c in tok.children if c.dep_ in OTHER_CLAUSE for t in c.subtree}
    after = [(t.lower_, t.lemma_.lower()) for t in tok.subtree if tok.i < t.i <= tok.i + 12 and t.i not in aside]
    before = [(t.lower_, t.lemma_.lower()) for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
              for t in c.subtree]
    return after, before


def _pattern_sense(block: str, tok: Token, content: bool = False) -> Sense | None:
    """The most specific matching pattern; with `content`, only patterns naming a thing count ("take over"
    and "go to" say nothing of an event, "take * hostage" does)."""
    pats = cameo()[1].get(block)
    if not pats:
        return None
    after, before = _context(tok)
    present = {w for pair in after + before for w in pair}
    best, size = None, 0
    for pat in pats:
        if content and all(w in FUNCTION_WORDS for w in pat.after + pat.before):
            continue
        need = [w for w in pat.after + pat.before if not w.startswith("&")]
        if len(pat.after) + len(pat.before) <= size or not all(w in present for w in need):
            continue
        if _matches(pat.after, after) and _matches(pat.before, before):
            best, size = pat.sense, len(pat.after) + len(pat.before)
    return best


FUNCTION_WORDS = frozenset("""to for with in on at by from of over into up down out off back away about against
toward towards through under after before as the a an it its their his her them him that this""".split())
# Verbs of saying: what is said may be an event, the saying is not (even where a CAMEO pattern matches).
SPEECH_VERBS = frozenset("say tell add argue insist claim state note explain express comment remark".split())


# A weapons test is a show of force (the manual's MOBILIZE, mode weapons) unless it is fired at someone
# (then CAMEO's attack sense stands): "fired four ballistic missiles into the sea", "conducted its sixth
# nuclear test". CAMEO reads "fire" as dismissal and "conduct" as holding talks.
FIRING = frozenset("fire launch test test-fire test-launch conduct carry stage detonate explode".split())
WEAPONS = frozenset("""missile missiles rocket rockets projectile projectiles icbm icbms irbm slbm warhead warheads
weapon weapons bomb bombs device test tests launcher launchers""".split())
AIMED = frozenset("at on against toward towards".split())


def _weapons_test(tok: Token) -> Sense | None:
    words = {tok.lemma_.lower(), tok.lower_}
    if not words & FIRING and not (tok.lower_.startswith("test-") or tok.lemma_.lower().startswith("test-")):
        return None
    objects = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree]
    if not any(t.lower_ in WEAPONS for t in objects):
        return None
    if any(c.dep_ == "prep" and c.lower_ in AIMED and
           any(g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children) for c in tok.children):
        return None  # fired at someone ("on Monday" aims at no one)
    return Sense("MOBILIZE", "weapons")


# Senses the object decides, from the manual: "cancellation of meetings are REJECT" (CAMEO codes "cancel *
# meeting" as a consultation); accepting an invitation or offer is a commitment (AGREE); voicing concern is
# ACCUSE disapprove, voicing support SUPPORT; halting one's own tests or exercises is a de-escalation with
# material effect (RETREAT, CONCEDE when announced for later). Keys are the verb with its particle.
CANCELLING = frozenset({"cancel", "scrap", "axe", "scrub", "call off"})
MEETINGS = frozenset("meeting meetings summit talks trip visit negotiations dialogue".split())
ACCEPTING = frozenset({"accept", "take up"})
OFFERS = frozenset("invitation invite offer proposal proposals".split())
VOICING = frozenset("voice express raise register".split())
CONCERN = frozenset("concern concerns alarm outrage anger dismay disappointment objection objections displeasure".split())
BACKING = frozenset("support backing approval solidarity".split())
HALTING = frozenset("suspend halt stop freeze end scrap dismantle demolish close".split())
MILITARY_ACTS = frozenset("test tests testing exercise exercises drill drills launches manoeuvres maneuvers".split())
# The manual's SANCTION is any reduction of relations, not only acts worded "sanctions": freezing or seizing
# someone's assets, and barring travel or trade with someone, cut exchanges (mode discontinue). CAMEO codes
# the bans as COERCE restrict (the manual's restriction of one's own people's movement or activity).
SEIZING = frozenset("freeze seize block confiscate".split())
HOLDINGS = frozenset("asset assets account accounts fund funds property properties holdings".split())
BARRING = frozenset("ban bar prohibit restrict curb halt suspend".split())
EXCHANGES = frozenset("""travel travelling traveling trade imports exports import export flights investment
investments shipping transactions dealings business""".split())
# Hitting verbs are idioms with these objects: "struck a conciliatory note", "hit a record high" are no
# attacks ("struck a deal" is concluding an agreement, handled with the other signing verbs).
HITTING = frozenset("strike hit".split())
MANNER = frozenset("note tone chord balance pose figure record high low peak nerve".split())


def object_sense(tok: Token) -> Sense | None:
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    verb = tok.lemma_.lower() + (f" {particle}" if particle else "")
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    heads = {o.lemma_.lower() for o in objs} | {o.lower_ for o in objs}
    # "suspended planning for the exercise": what is halted may sit in the verb's own phrase
    words = {t.lower_ for o in objs + [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "of")]
             for t in o.subtree}
    if verb in CANCELLING and heads & MEETINGS:
        return Sense("REJECT", "meet")
    if verb in ACCEPTING and heads & OFFERS:
        return Sense("AGREE", None)
    if verb in VOICING and heads & CONCERN:
        return Sense("ACCUSE", "disapprove")
    if verb in VOICING and heads & BACKING:
        return Sense("SUPPORT", None)
    if verb in HALTING and words & MILITARY_ACTS:
        return Sense("RETREAT", "disarm")
    if verb in SEIZING and words & HOLDINGS:
        return Sense("SANCTION", "discontinue")
    if verb in HITTING and heads & MANNER:
        return Sense("-", None)
    return _barred_exchange(tok, verb, objs)


def _barred_exchange(tok: Token, verb: str, objs: list[Token]) -> Sense | None:
    """"banned citizens from travelling to X", "halted imports from X": exchanges with someone cut."""
    if verb not in BARRING:
        return None
    phrase = objs + [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "on", "of")]
    words = {t.lemma_.lower() for o in phrase for t in o.subtree} | {t.lower_ for o in phrase for t in o.subtree}
    return Sense("SANCTION", "discontinue") if words & EXCHANGES else None


# A court's finding against someone is the manual's SANCTION convict ("ruled that the detentions broke human
# rights laws", "found the company liable"); CAMEO reads "rule" as governing.
COURTS = frozenset("court courts tribunal judge judges justices lords".split())
FINDING = frozenset("rule find declare decide".split())


def court_ruling(tok: Token) -> Sense | None:
    if tok.lemma_.lower() not in FINDING or not any(c.dep_ in ("ccomp", "oprd", "xcomp") for c in tok.children):
        return None
    subject = [t for c in tok.children if c.dep_ == "nsubj" for t in c.subtree]
    return Sense("SANCTION", "convict") if any(t.lower_ in COURTS for t in subject) else None


def verb_sense(tok: Token) -> Sense | None:
    """The event sense of a verb token, None when it names no event."""
    verbs, _ = cameo()
    own = own_lexicon()
    decided = object_sense(tok) or court_ruling(tok)
    if decided:
        return decided if decided.type != "-" else None
    if tok.lemma_.lower() in SPEECH_VERBS:
        return None
    weapons = _weapons_test(tok)
    if weapons:
        return weapons
    for size in (3, 2):  # particle verbs first: "call for", "push for", "ask for"
        words = " ".join([tok.lemma_.lower()] + [t.lower_ for t in tok.doc[tok.i + 1:tok.i + size]])
        if (words, "VERB") in own:
            return own[(words, "VERB")]
        if words in verbs:
            block, default = verbs[words]
            chosen = _pattern_sense(block, tok) or default
            return chosen if chosen.type != "-" else None
    lemma = tok.lemma_.lower()
    if (lemma, "VERB") in own:
        return own[(lemma, "VERB")]
    entry = verbs.get(lemma) or verbs.get(tok.lower_)
    sense = _pattern_sense(entry[0], tok, content=lemma in VAGUE_VERBS) if entry else None
    if sense is None:
        # A particle changes the verb ("broke up" is no attack); only a listed particle verb keeps a sense.
        bare = lemma in VAGUE_VERBS or any(c.dep_ == "prt" for c in tok.children)
        sense = entry[1] if entry and not bare else None
    return sense if sense is not None and sense.type != "-" else None


# The nominal report of a weapons test: "its sixth nuclear test", "the second test of an ICBM", "a missile
# launch". A test or launch with no weapon word is something else ("a test of resolve", "a product launch").
TEST_NOUNS = frozenset("test launch firing detonation test-firing test-launch".split())
WEAPON_MODIFIERS = WEAPONS | {"nuclear", "ballistic", "thermonuclear", "hydrogen", "atomic"}


def _weapons_noun(tok: Token) -> Sense | None:
    if tok.lemma_.lower() not in TEST_NOUNS:
        return None
    near = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    near += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if any(t.lower_ in WEAPON_MODIFIERS and t.lower_ not in TEST_NOUNS for n in near for t in n.subtree):
        return Sense("MOBILIZE", "weapons")
    return None


def noun_sense(tok: Token) -> Sense | None:
    weapons = _weapons_noun(tok)
    if weapons:
        return weapons
    own = own_lexicon()
    return own.get((tok.lemma_.lower(), "NOUN")) or own.get((tok.lower_, "NOUN"))
