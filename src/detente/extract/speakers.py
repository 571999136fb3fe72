"""Who speaks: the subject of a cue (`cue_subject`, also when the parser misplaces it), and the actor it
names (`Speakers.of`), resolved through the document when it is a pronoun ("he said"), a title or role
("the prime minister", "the senator"), or an organisation or document named earlier in full ("the
ministry", "the report").

A named person keeps their canonical name as `speaker_actor`; a speaker without a name keeps the state or
organisation they speak for ("a Kremlin aide" -> RUS). Rules, not a model: news names a speaker in full once
and then uses a surname, a title or a pronoun, and the nearest compatible earlier mention is almost always
the one meant. Mentions inside quotation marks are skipped, since a name in someone's words is rarely the
one who says them.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from detente.extract.actors import ROLE_WORDS
from detente.extract.nlp import sentence_of, sentences, text_of
from detente.record import Entity

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Token

MALE = {"mr", "mr.", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "businessman",
        "husband", "father", "son", "brother", "man", "he", "his", "him", "himself"}
FEMALE = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess", "spokeswoman", "chairwoman",
          "congresswoman", "businesswoman", "wife", "mother", "daughter", "sister", "woman", "she", "her",
          "hers", "herself"}
# Titles news abbreviates in front of a name ("Sen. Ted Cruz" is later "the senator").
ABBREVIATIONS = {"sen.": "senator", "rep.": "representative", "gov.": "governor", "gen.": "general",
                 "lt.": "lieutenant", "col.": "colonel", "adm.": "admiral", "sec.": "secretary", "amb.": "ambassador",
                 "pres.": "president", "del.": "delegate", "supt.": "superintendent", "sgt.": "sergeant"}
# Role nouns that stand for a person; together with actors.ROLE_WORDS they are what "the ..." may resolve by.
PERSON_NOUNS = ROLE_WORDS | set(ABBREVIATIONS.values()) | {
    "congressman", "congresswoman", "candidate", "nominee", "strategist", "surrogate", "attorney", "lawyer",
    "economist", "researcher", "expert", "scholar", "spokesperson", "officer", "chief", "founder", "author",
    "manager", "executive", "ceo", "lieutenant", "colonel", "admiral", "delegate", "activist", "historian"}
PERSON_PRONOUNS = {"he", "she"}
GROUP_PRONOUNS = {"it"}
TITLE_SPAN = 4  # words before a name that can be its title ("Former Secretary of State")
PRONOUN_REACH = 40  # mentions back a pronoun may look
UNCHECKED_REACH = 3  # sentences back a person of unknown gender may be a pronoun's antecedent
TITLE_WEIGHT = 3  # a title or role word ("Mrs.", "spokesman") outweighs a few pronouns near a mention
NOMINAL = ("PROPN", "NOUN", "PRON")
# A relative pronoun as subject speaks for the noun its clause hangs on ("Graham, who pledged ...").
RELATIVE = {"who", "which", "that"}
LONGEST_NAME = 200  # characters: how far before a token a mention covering it may start


@dataclass
class Person:
    actor: str
    # Evidence for "m" and "f": a title or role word counts more than a pronoun near a mention.
    gender: dict[str, int] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)


class Speakers:
    """Speaker resolution for one parsed document."""

    def __init__(self, doc: Doc, entities: list[Entity], quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        # Quotations do not nest in `quoted` (one per paragraph span), so a sorted list answers by bisection.
        self.quoted = sorted(quoted)
        self._quote_starts = [s for s, _ in self.quoted]
        self.entities = [e for e in entities if not self.in_quote(e.start)]
        self._starts = [e.start for e in self.entities]
        self.people: dict[str, Person] = {}
        for e in self.entities:
            if e.label == "PERSON" and e.actor:
                self._profile(e)
        self._gender_from_pronouns()

    def in_quote(self, idx: int) -> bool:
        i = bisect_right(self._quote_starts, idx) - 1
        return i >= 0 and idx < self.quoted[i][1]

    def _within(self, toks: Iterable[Token]) -> list[Entity]:
        """Mentions that cover any of the tokens, in text order."""
        idxs = {t.idx for t in toks}
        if not idxs:
            return []
        lo, hi = min(idxs), max(idxs) + 1
        near = self.entities[bisect_left(self._starts, lo - LONGEST_NAME):bisect_left(self._starts, hi)]
        return [e for e in near if any(e.start <= i < e.end for i in idxs)]

    def _before(self, idx: int, limit: int | None = None) -> list[Entity]:
        """Mentions starting before idx outside quotes, latest first."""
        i = bisect_left(self._starts, idx)
        return self.entities[max(0, i - limit) if limit else 0:i][::-1]

    def of(self, subj: Token) -> tuple[str | None, str | None]:
        """(speaker, speaker_actor) for the subject token of a cue: a pronoun or title stays as written in
        `speaker`, and the person it resolves to is the `speaker_actor`."""
        named = self._named(subj)
        if named is not None:
            return named
        lower = subj.lower_
        if lower in PERSON_PRONOUNS:
            person = self._antecedent(subj.idx, lambda p: _compatible(p, lower))
            return subj.text, person.actor if person else None
        if lower in GROUP_PRONOUNS:
            group = self._last_group(subj.idx)
            return subj.text, group.actor if group else None
        if subj.pos_ == "PROPN" and subj.text[:1].isupper() and not self._in_phrase(subj):
            name = " ".join(t.text for t in _name(subj))
            return name, name  # a person the tagger missed: "said Troy Stangarone of ..."
        return self._unnamed(subj)

    def by_surname(self, label: str) -> str | None:
        """The person named earlier whose last name is `label` ("HOLM" in a transcript is Anna Holm)."""
        return next((p for p in self.people if p.split()[-1].lower() == label.lower()), None)

    def is_person(self, tok: Token) -> bool:
        return tok.lower_ in PERSON_PRONOUNS or any(e.label == "PERSON" for e in self._within([tok]))

    def _named(self, subj: Token) -> tuple[str | None, str | None] | None:
        """An entity in the phrase's own name: in "the mayor's former strategist", "a Kremlin aide" or
        "Holtz-Eakin, an economist in Washington", the possessor, the employer and the place do not speak."""
        own = _name(subj) + [t for c in subj.children if c.dep_ == "appos" for t in _name(c)]
        inside = self._within(own)
        ent = next((e for e in inside if e.label == "PERSON"), None) or (inside[0] if inside else None)
        if ent is None:
            return None
        return (ent.actor, ent.actor) if ent.label == "PERSON" else (ent.text, ent.actor)

    def _unnamed(self, subj: Token) -> tuple[str | None, str | None]:
        """A title, role, organisation or document: "the senator" is the senator named earlier; "a Kremlin
        aide" or "a spokesperson for the ministry" stay unnamed and keep whom they speak for."""
        phrase = _phrase_text(subj)
        if _definite(subj) and subj.lemma_.lower() in PERSON_NOUNS:
            words = {_word(t) for t in subj.children if t.dep_ in ("amod", "compound")} | {subj.lemma_.lower()}
            # "the finance minister" is no prime minister: every title word must fit; others ("former") need not
            title = words & PERSON_NOUNS
            person = self._antecedent(subj.idx, lambda p: title <= p.roles, words)
            if person is not None:
                return phrase, person.actor
        return phrase, self._speaks_for(subj)

    def _in_phrase(self, subj: Token) -> list[Entity]:
        return [e for e in self._within(subj.subtree) if e.label != "PERSON"]

    def _speaks_for(self, subj: Token) -> str | None:
        """The state or organisation in the phrase ("a spokesperson for the White House"), else, for "the
        ministry" or "a spokesperson for the ministry", the one an earlier mention of a ministry named."""
        inside = self._in_phrase(subj)
        if inside:
            return inside[0].country or inside[0].actor
        head = subj
        while True:
            pobj = next((g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"), None)
            if pobj is None or pobj.pos_ not in ("NOUN", "PROPN"):
                break
            head = pobj
        return self._same_head(head) if _definite(head) else None

    def _same_head(self, head: Token) -> str | None:
        for tok in reversed(self.doc[:head.i]):
            if tok.lemma_.lower() == head.lemma_.lower() and not self.in_quote(tok.idx):
                near = [e for e in self._within(tok.subtree) if e.label != "PERSON"]
                if near:
                    return near[0].country or near[0].actor
        return None

    def _antecedent(self, before: int, fits: Callable[[Person], bool], words: set[str] | None = None) -> Person | None:
        """The person meant by a pronoun or title at `before`: sentence by sentence backwards, a subject
        before other mentions ("Sand said after meeting Berg. He ..." is Sand); for a title, the latest
        mention sharing the most of its words ("the foreign minister" over "the prime minister")."""
        # A pronoun reaches back a few sentences at most; a title may name someone met much earlier.
        found = [e for e in self._before(before, None if words else PRONOUN_REACH) if e.label == "PERSON"
                 and e.end <= before and e.actor in self.people and fits(self.people[e.actor])]
        if words and found:
            return max((self.people[str(e.actor)] for e in found), key=lambda p: len(words & p.roles))
        sent_start = {e.start: self._sentence_start(e.start) for e in found}
        # Without a gender to check, only a person of the last few sentences is safe to take.
        near = self._sentence_start(before, back=UNCHECKED_REACH)
        found = [e for e in found if _gender(self.people[str(e.actor)]) or sent_start[e.start] >= near]
        if not found:
            return None
        best = max(found, key=lambda e: (sent_start[e.start], self._is_subject(e), e.start))
        return self.people[str(best.actor)]

    def _sentence_start(self, idx: int, back: int = 0) -> int:
        """Where the sentence holding idx starts, or the one `back` sentences before it."""
        tok = self.doc.char_span(idx, idx + 1, alignment_mode="expand")
        if tok is None:
            return idx
        sent = sentence_of(self.doc, tok.start)
        for _ in range(back):
            if sent.start == 0:
                break
            sent = sentence_of(self.doc, sent.start - 1)
        return sent.start_char

    def _is_subject(self, e: Entity) -> bool:
        span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def _last_group(self, before: int) -> Entity | None:
        """"It said": the organisation or institution named last, within the previous two sentences."""
        floor = self._sentence_start(before, back=2)
        return next((e for e in self._before(before, PRONOUN_REACH) if e.label in ("ORG", "INST") and floor <= e.start
                     and e.end <= before), None)

    def _profile(self, e: Entity) -> None:
        person = self.people.setdefault(str(e.actor), Person(str(e.actor)))
        person.roles |= set((e.role or "").split())
        span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None:
            return
        for tok in reversed(self.doc[max(0, span.start - TITLE_SPAN):span.start]):
            if not (tok.text[:1].isupper() or _word(tok) in PERSON_NOUNS | MALE | FEMALE):
                break
            person.roles.add(_word(tok))
            _add_gender(person, tok.lower_)
        for c in span.root.children:
            if c.dep_ == "appos":  # "Holm, a top Sand adviser,"
                person.roles |= {_word(t) for t in c.children if t.dep_ in ("amod", "compound")} | {_word(c)}
                _add_gender(person, c.lower_)

    def _gender_from_pronouns(self) -> None:
        """A sentence that names one person and then says "he" or "she" outside any quote tells that
        person's gender ("Berg said she would ...")."""
        for sent in sentences(self.doc):
            lo, hi = bisect_left(self._starts, sent.start_char), bisect_left(self._starts, sent.end_char)
            named = [e for e in self.entities[lo:hi] if e.label == "PERSON"]
            if len({e.actor for e in named}) != 1 or named[0].actor not in self.people:
                continue
            after = {t.lower_ for t in sent if t.idx >= named[0].end and not self.in_quote(t.idx)}
            he, she = bool(after & {"he", "his", "him"}), bool(after & {"she", "her"})
            if he != she:
                _vote(self.people[str(named[0].actor)], "m" if he else "f", 1)


def _add_gender(person: Person, word: str) -> None:
    if word in MALE:
        _vote(person, "m", TITLE_WEIGHT)
    elif word in FEMALE:
        _vote(person, "f", TITLE_WEIGHT)


def _vote(person: Person, gender: str, weight: int) -> None:
    person.gender[gender] = person.gender.get(gender, 0) + weight


def _gender(person: Person) -> str | None:
    m, f = person.gender.get("m", 0), person.gender.get("f", 0)
    return "m" if m > f else "f" if f > m else None


def _compatible(person: Person, pronoun: str) -> bool:
    return _gender(person) in (None, "m" if pronoun == "he" else "f")


def _definite(tok: Token) -> bool:
    return any(c.lower_ in ("the", "this", "that") for c in tok.children if c.dep_ == "det")


def _word(tok: Token) -> str:
    return ABBREVIATIONS.get(tok.lower_, tok.lemma_.lower())


def _name(tok: Token) -> list[Token]:
    """A proper noun with the name parts that hang on it ("Chuck Jordan"); a common noun alone, since the
    names in front of it say whom it works for ("a Kremlin aide", "Sand adviser")."""
    if tok.pos_ != "PROPN":
        return [tok]
    parts = (t for t in tok.children if t.dep_ in ("compound", "flat") and t.text[:1].isalnum())
    return sorted([tok, *parts], key=lambda t: t.i)


def _phrase_text(subj: Token) -> str:
    """The noun phrase without its clauses and appositions: "the agency", not "the agency, which ..."."""
    drop = {t.i for c in subj.subtree if c.i != subj.i and c.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis")
            for t in c.subtree}
    kept = [t for t in subj.subtree if t.i not in drop]
    while len(kept) > 1 and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    while len(kept) > 1 and (kept[0].is_punct or kept[0].is_space):
        kept.pop(0)
    return text_of(subj.doc)[kept[0].idx:kept[-1].idx + len(kept[-1])]


def cue_subject(doc: Doc, verb: Token, close: int = -1,
                quoted: Callable[[int], bool] = lambda idx: False) -> Token | None:
    """The cue's subject outside the quotation marks (`quoted(idx)`). The parser takes a quote for the
    subject at times ("'...,' the mayor's former strategist said"); then the speaker is the phrase between the
    closing mark at `close` and the verb."""
    if verb.lower_ == "according":
        return next((c for c in verb.nbor().children if c.dep_ == "pobj"), None)
    # A dash or bar the parser took for a noun ("... made public ― Sand boasted") is no one.
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not quoted(c.idx)
                 and any(ch.isalnum() for ch in c.text)), None)
    if subj is None and close >= 0 and verb.idx > close:
        subj = _phrase_before(doc, verb, close, quoted)
    return _relative_head(subj if subj is not None else _borrowed_subject(verb, quoted))


def _phrase_before(doc: Doc, verb: Token, close: int, quoted: Callable[[int], bool]) -> Token | None:
    """The noun phrase between the closing mark and the cue ("Holm, a top Sand adviser, said"); a
    name the tagger misread as a verb ("Tulsa police Chief Chuck Jordan said") still counts."""
    between = [t for t in doc[sentence_of(doc, verb.i).start:verb.i] if t.idx >= close and not quoted(t.idx)
               and not t.is_punct and not t.is_space]
    stretch = {t.i for t in between}
    for root in (t for t in between if t.head.i not in stretch):
        if root.pos_ in NOMINAL:
            return root
        name = next((t for t in root.subtree if t.i in stretch and t.pos_ == "PROPN"), None)
        if name is not None:
            return name
    return None


def _relative_head(subj: Token | None) -> Token | None:
    """"Graham, who pledged ...": a relative pronoun speaks for the noun its clause hangs on."""
    if subj is None or subj.lower_ not in RELATIVE:
        return subj
    clause = next((a for a in subj.ancestors if a.dep_ == "relcl"), None)
    return clause.head if clause is not None else subj


def _borrowed_subject(verb: Token, quoted: Callable[[int], bool] = lambda idx: False) -> Token | None:
    """A cue without a subject of its own speaks for someone nearby: "Berg, saying ..." and "Said
    Moss: ..." (the noun it modifies), "Sand tweeted, adding ..." or "After saying ..., she" (the subject
    of the clause it hangs on, however many participles up), passing over clauses inside quotation marks;
    a participle the parser hung on the quote itself speaks for the sentence's first subject."""
    cue = verb
    while verb.dep_ in ("advcl", "xcomp", "conj", "acl", "compound", "pcomp", "prep") and verb.head.i != verb.i:
        if verb.dep_ in ("acl", "compound"):
            return verb.head if verb.head.pos_ in ("PROPN", "NOUN") else None
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not quoted(c.idx)), None)
        if subj is not None:
            return subj
    if cue.tag_ == "VBG" and quoted(verb.idx):
        return next((t for t in sentence_of(cue.doc, cue.i) if t.i < cue.i and t.dep_ == "nsubj"
                     and not quoted(t.idx)), None)
    return None
