"""Assessments: sentences in which a source judges how a relationship is going ("ties reached a new level",
"little has changed"), with the parties, the polarity, the cue words and who holds the view.

A sentence qualifies when it names the relationship (a relation noun such as "ties" or "relations"), at
least two of its parties (states or organisations, or "the two countries" standing for the document's two
most-named states) and at least one evaluative cue from `data/assessment_cues.tsv`. The holder is the
quoted or reporting speaker when the sentence is someone's words, otherwise the document's author (or
outlet): the writer's own analysis.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from detente import data
from detente.extract.nlp import sentences, text_of
from detente.record import Assessment, Entity, Polarity, Quote

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Span

# Nouns that name a relationship itself; without one, "strong" or "tense" judges something else.
_RELATION = (r"\b(relations?|relationships?|ties|partnerships?|alliances?|friendship|cooperation|co-operation|"
             r"rapprochement|rift|d[eé]tente|diplomacy|dialogue|engagement|rapport|bonds?|axis)\b")
RELATION_WORD = re.compile(_RELATION, re.I)
# ... or a "between" phrase ("between Pyongyang and Moscow", "between both states"): what passes between parties
RELATION_NOUNS = re.compile(_RELATION + r"|\bbetween (both|the two|\w+(\W+\w+){0,3}\W+and)\b", re.I)
# "The two countries" and its kin stand for the pair the document is about.
THE_PAIR = re.compile(r"\b(the two|both) (countries|sides|nations|states|governments|capitals|leaders|neighbours|"
                      r"neighbors|allies)\b", re.I)
NEGATORS = re.compile(r"\b(not|n't|no longer|hardly|barely|never)\W+(\w+\W+){0,2}$", re.I)
# "Ties have never been closer": after "never", a comparative is praise, not its negation.
COMPARATIVE = re.compile(r"^(\w+er|better|more)\b", re.I)
PARTY_LABELS = ("STATE", "ORG", "METONYM")
FLIPPED: dict[Polarity, Polarity] = {"positive": "negative", "negative": "positive"}  # under a negation


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[re.Pattern[str], Polarity], ...]:
    rows = []
    for pattern, polarity, _why in data.rows("assessment_cues.tsv", columns=3):
        rows.append((re.compile(r"\b" + pattern, re.I), cast(Polarity, polarity)))
    return tuple(rows)


def find_assessments(doc: Doc, entities: list[Entity], quotes: list[Quote], holder: str | None) -> list[Assessment]:
    text = text_of(doc)
    pair = _main_pair(entities)
    out = []
    for sent in sentences(doc):
        s, e = sent.start_char, sent.end_char
        chunk = text[s:e]
        if not RELATION_NOUNS.search(chunk):
            continue
        parties = sorted(set(_parties(entities, s, e)) | set(pair if THE_PAIR.search(chunk) else []))
        if len(parties) < 2:
            continue
        near = _connected(sent)
        found = [(c, p) for c, p, at in _polarities(chunk) if any(s + at[0] <= i < s + at[1] for i in near)]
        if not found:
            continue
        polarity = found[0][1] if len({p for _, p in found}) == 1 else "mixed"
        speaker = _speaker(quotes, s, e)
        out.append(Assessment(text=chunk.strip(), start=s, end=s + len(chunk.rstrip()), polarity=polarity,
                              cues=[c for c, _ in found], parties=parties, holder=speaker or holder,
                              holder_kind="speaker" if speaker else "author"))
    return out


def _main_pair(entities: list[Entity]) -> list[str]:
    counts = Counter(str(e.country or e.actor) for e in entities if e.label == "STATE" and (e.country or e.actor))
    return sorted(code for code, _ in counts.most_common(2)) if len(counts) >= 2 else []


def _parties(entities: list[Entity], s: int, e: int) -> list[str]:
    """States and organisations in the sentence; a person counts for the state they serve ("Putin and Kim")."""
    codes = {x.country or x.actor for x in entities if s <= x.start < e and x.label in PARTY_LABELS}
    codes |= {x.country for x in entities if s <= x.start < e and x.label == "PERSON"}
    return sorted(c for c in codes if c)


# Dependents of the relation word's governor that carry a judgement of it ("relations were warm",
# "ties improved sharply", "relations have never been closer").
JUDGING = {"acomp", "attr", "advmod", "xcomp", "oprd", "neg"}


def _connected(sent: Span) -> set[int]:
    """Character offsets of the tokens syntactically tied to a relation word in the sentence: its own phrase
    ("closer ties", "hostility between the two"), its governor ("relations deteriorated") and what that
    governor says of it. A cue elsewhere in the sentence ("a good deal about where relations stand", "a
    verified freeze") judges something else."""
    near: set[int] = set()
    for tok in sent:
        if tok.lower_ == "between":
            anchor = tok.head
        elif RELATION_WORD.fullmatch(tok.text):
            anchor = tok
        else:
            continue
        near |= {t.idx for t in anchor.subtree}
        near.add(anchor.head.idx)
        near |= {t.idx for c in anchor.head.children
                 if c.dep_ in JUDGING or (c.dep_ == "prep" and c.lower_ == "as")  # "described ... as hollow"
                 for t in c.subtree}
    return near


def _polarities(chunk: str) -> list[tuple[str, Polarity, tuple[int, int]]]:
    found = []
    for pattern, polarity in cues():
        for m in pattern.finditer(chunk):
            if _scare_quoted(chunk, m.start(), m.end()):
                continue  # a "friendly" regime: the writer distances themselves from the word
            neg = NEGATORS.search(chunk[:m.start()])
            flipped = neg is not None and not (neg.group(1).lower() == "never" and COMPARATIVE.match(m.group(0)))
            found.append((m.group(0), FLIPPED[polarity] if flipped else polarity,
                          m.span()))
    return found


QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"


def _scare_quoted(chunk: str, s: int, e: int) -> bool:
    before, after = chunk[max(0, s - 1):s], chunk[e:e + 1]
    return bool(before) and bool(after) and before in QUOTE_MARKS and after in QUOTE_MARKS


def _speaker(quotes: list[Quote], s: int, e: int) -> str | None:
    """The speaker of a quote overlapping the sentence: the judgement is theirs, not the writer's."""
    for q in quotes:
        if q.start < e and s < q.end and (q.speaker_actor or q.speaker):
            return q.speaker_actor or q.speaker
    return None
