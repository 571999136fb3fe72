"""Quotes: direct (any mark style, over several paragraphs, in headlines), indirect ("X said that ...",
with any verbatim fragment inside it), and direct quotes whose marks were lost in copying ("I think it
will be a good meeting ..., Sand told Berg."), each with its cue and speaker (extract/speakers.py resolves
pronouns, titles and organisations; extract/quotemarks.py finds the marks). A phrase in marks woven into
the writer's sentence ("called the test a 'brazen breach' of resolutions") is reported speech, not direct.
Speech that did not happen ("declined to say whether") is none."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from detente.extract.nlp import sentence_of, sentences, text_of
from detente.extract.quotemarks import OPENERS, quote_spans
from detente.extract.speakers import Speakers, cue_subject
from detente.record import Entity, Quote

if TYPE_CHECKING:  # spaCy takes ~0.8 s to import; only parsing needs it at run time
    from spacy.tokens import Doc, Span, Token

SPEECH_LEMMAS = {
    "say", "tell", "add", "state", "note", "insist", "warn", "argue", "explain", "claim", "announce", "declare",
    "assert", "stress", "write", "reply", "respond", "comment", "acknowledge", "admit", "deny", "suggest",
    "predict", "confirm", "emphasise", "emphasize", "observe", "remark", "vow", "pledge", "urge", "tweet",
    # Tuned on PolNeAR train/dev cue words: reporting and manner-of-speaking verbs news uses as cues.
    "report", "ask", "recall", "describe", "counter", "complain", "concede", "boast", "joke", "quip", "shout",
    "testify", "conclude", "contend", "maintain", "caution", "lament", "retort", "reiterate", "promise",
    "post", "demand", "charge", "scoff", "chime", "recount", "wonder", "blast", "mock", "praise", "slam",
    # What a report, study or poll says: "A GAO report found that ...".
    "find", "show"}
# Marked quotes have more cues than reported speech: "called the decision a 'huge win'", "chanted '...'".
NAMING = {"call", "dub", "brand", "label", "term", "describe"}
MARKED_CUES = SPEECH_LEMMAS | NAMING | {"chant", "sing", "read"}
# A quoted name of a work, programme or slogan, not speech: every content word capitalised
# ("Fox News Sunday", "State of the Union", "Contract with America").
TITLE_WORDS = re.compile(r"^(?:(?:[A-Z0-9][\w'\u2019&.-]*|of|the|a|an|and|with|in|on|for|to|at|by|from)\s*)+[,.]?$")
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|we|we're|our|us|my|me)\b")
# Verbs that, governing a cue, say the speech was withheld: "declined to say", "failed to tell".
WITHHOLD = {"decline", "refuse", "fail", "neglect", "avoid", "omit"}
# A transcript's turn opens with the speaker's name in capitals and a colon: "HOLM: Well, look, ...".
TRANSCRIPT_LABEL = re.compile(r"(?P<name>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):[ \t]+")
# Epigraph and pull-quote attribution: a dash and a name right after the closing mark ("...” ― Jane Roe").
DASH_NAME = re.compile(r"[ \t\u00a0]*[\u2015\u2014\u2013-]{1,2}[ \t\u00a0]*(?P<name>[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3})")


def find_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    text = text_of(doc)
    if not text:
        return []
    spans = list(quote_spans(text))
    speakers = Speakers(doc, entities, [(s - 1, close) for s, _, close in spans])
    direct = _marked_quotes(doc, spans, speakers)
    reported = _reported_speech(doc, speakers)
    # A mixed quote ("she said the plan was 'a disgrace' from the start") is reported speech with a
    # verbatim fragment inside: the clause is the quote, not the fragment.
    direct = [q for q in direct if not any(_fragment_of(text, q, r) for r in reported)]
    covered = [(q.start, q.end) for q in direct]
    reported = [q for q in reported if not any(s <= q.start < e or q.start <= s < q.end for s, e in covered)]
    return _run_on(text, sorted(direct + reported, key=lambda q: q.start))


def _fragment_of(text: str, q: Quote, clause: Quote) -> bool:
    """The marked quote lies inside the reported clause with the clause's own words on both sides."""
    return clause.start < q.start and q.end < clause.end and _has_word(text[clause.start:q.start - 1]) and \
        _has_word(text[q.end + 1:clause.end])


def _has_word(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


def _run_on(text: str, quotes: list[Quote]) -> list[Quote]:
    """Speech running on: a marked quote with no cue of its own continues the words of the speaker just
    before it, in its paragraph or the one before ("X said the plan would fail. \n\n "It is over." ...")."""
    for prev, q in zip(quotes, quotes[1:]):
        if q.cue is None and q.speaker is None and q.direct and prev.speaker and \
                _previous_paragraph_or_same(text, prev.end, q.start):
            q.speaker, q.speaker_actor = prev.speaker, prev.speaker_actor
    return quotes


def _marked_quotes(doc: Doc, spans: list[tuple[int, int, int]], speakers: Speakers) -> list[Quote]:
    text, quoted = text_of(doc), speakers.in_quote  # quoted(idx): inside quotation marks
    headline = _headline_end(text)
    out: list[tuple[Quote, bool]] = []
    for s, e, close in spans:
        quote = _headline_quote(doc, s, e, headline, speakers) if e <= headline else \
            _marked_quote(doc, s, e, close, quoted, speakers)
        if quote is not None:
            out.append((quote, close == e))
    return _speaker_from_last_paragraph(text, out)


def _marked_quote(doc: Doc, s: int, e: int, close: int, quoted: Callable[[int], bool],
                  speakers: Speakers) -> Quote | None:
    text = text_of(doc)
    words = text[s:e].split()
    if len(words) <= 8 and TITLE_WORDS.match(text[s:e].strip()):
        return None  # a title or a name in quotes, not someone's words
    verb = _cue_near(doc, s, e, close, quoted)
    if verb is None or not _governed(doc, verb, s, e):
        verb = _naming_as(doc, s, e) or verb
    if len(words) < 3 and not (_governed(doc, verb, s, e) or _ends_report(doc, verb, s, e, close)):
        return None  # scare quotes: "fraternity", "understandings"
    subj = cue_subject(doc, verb, close, quoted) if verb is not None else _narrator(doc, s, quoted, speakers)
    speaker, actor = speakers.of(subj) if subj is not None else (None, None)
    dash = DASH_NAME.match(text, close)
    if dash:  # "...” ― Jane Roe": the name the quote is signed with beats any cue nearby
        name = dash.group("name")
        ent = next((x for x in speakers.entities if x.start == dash.start("name") and x.label == "PERSON"), None)
        speaker, actor = (ent.actor, ent.actor) if ent else (name, name)
    label = TRANSCRIPT_LABEL.match(text, s)
    if label:  # "HOST: Let's start ...": a transcript names who speaks each turn
        name = label.group("name")
        speaker, actor, s = name.title(), speakers.by_surname(name) or name.title(), label.end()
    embedded = not dash and _embedded(doc, s, e, close)
    if embedded and verb is None:
        return None  # the writer's term or scare quote mid-sentence: "promoting “quack” cures"
    return Quote(text=text[s:e], start=s, end=e, speaker=speaker, speaker_actor=actor,
                 cue=verb.text if verb is not None else None, direct=not embedded)


def _embedded(doc: Doc, s: int, e: int, close: int) -> bool:
    """A fragment woven into the writer's sentence: the writer's words before it, and the phrase it heads
    running on past the closing mark ("called the test a “brazen breach” of resolutions"). That is reported
    speech with a verbatim phrase in it, not a direct quotation; a fragment that ends its phrase ("described
    her as a “disgrace” after ..."), ends in punctuation or holds a clause of its own is quoted speech."""
    text = text_of(doc)
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or text[s:e].rstrip(" '\u2019")[-1:] in ".?!,;:":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and span.start <= c.i < span.end for c in span.root.children):
        return False  # a sentence of its own: "-- ''That makes me smart'' --"
    top = span.root
    while top.head.i != top.i and top.head.pos_ not in ("VERB", "AUX"):
        top = top.head
    runs_on = any(t.idx >= close and not (t.is_punct or t.is_space) for t in top.subtree)
    return runs_on and _has_word(text[sentence_of(doc, span.start).start_char:s - 1])


def _headline_end(text: str) -> int:
    """Where a headline opening the text ends (0 when there is none): a short first line that capitalises
    its words. Headlines capitalise every word and shorten their quotes to a word or two, so the filters
    for titles and scare quotes would drop all of them ("Minister Calls Plan 'Reckless'")."""
    line = text.split("\n", 1)[0]
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    capital = sum(w[0].isupper() for w in words)
    return len(line) if 3 <= len(words) and capital >= len(words) - 1 and len(line.split()) <= 25 else 0


def _headline_quote(doc: Doc, s: int, e: int, end: int, speakers: Speakers) -> Quote:
    """A headline's quote belongs to the name before its colon ("Jane Roe: 'We Will Win'"), else to the
    name before its verb of saying ("..., Jane Roe Says"), else to the name it opens with."""
    head = doc.char_span(0, end, alignment_mode="expand")
    assert head is not None  # the headline is a non-empty first line, so it covers at least one token
    line = [t for t in doc[:head.end] if not (s - 1 <= t.idx <= e)]
    colon = next((t for t in line if t.text == ":" and t.idx < s), None)
    cue = next((t for t in line if t.lemma_.lower() in MARKED_CUES or t.lower_.rstrip("s") in MARKED_CUES), None)
    last = colon if colon is not None else cue
    names = [x for x in speakers.entities if x.end <= end and not (s - 1 <= x.start <= e)]
    before = [x for x in names if last is not None and x.end <= last.idx]
    ent = before[-1] if before else next((x for x in names if x.start == line[0].idx), None)
    speaker, actor = (None, None) if ent is None else (ent.actor, ent.actor) if ent.label == "PERSON" else (ent.text, ent.actor)
    if ent is None and colon is not None:
        speaker = text_of(doc)[:colon.idx].strip() or None  # a name the tagger missed
    return Quote(text=text_of(doc)[s:e], start=s, end=e, speaker=speaker, speaker_actor=actor, cue=None, direct=True)


def _governed(doc: Doc, verb: Token | None, s: int, e: int) -> bool:
    """A word or two in quotation marks are someone's words when a verb of naming governs them ("called
    the supporters 'deplorables'", "blasted the plan as a 'disgrace'"); otherwise they are the writer's
    scare quotes, or too little to tell."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if verb is None or span is None:
        return False
    path = list(span.root.ancestors)
    return any(a.i == verb.i for a in path) and (
        verb.lemma_ in NAMING or any(a.lower_ == "as" and a.head.i == verb.i for a in path))


def _ends_report(doc: Doc, verb: Token | None, s: int, e: int, close: int) -> bool:
    """A word or two in quotation marks that close what a verb of saying reports ("tweeted that the
    pageant winner was 'disgusting'") are the speaker's own words, the verbatim end of the report, when
    the quote has a cue of its own (`verb`)."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if verb is None or span is None:
        return False
    clause = next((a for a in (span.root, *span.root.ancestors) if a.dep_ in ("ccomp", "xcomp")
                   and a.head.lemma_ in SPEECH_LEMMAS and a.head.pos_ == "VERB"), None)
    return clause is not None and not any(t.idx >= close and not (t.is_punct or t.is_space) for t in clause.subtree)


def _naming_as(doc: Doc, s: int, e: int) -> Token | None:
    """"Dunn mocked the mayor as a 'con artist'": the verb that names something as the quote is its cue when
    someone does the naming (not "the bill, known as the 'Act'")."""
    span = doc.char_span(s, e, alignment_mode="expand")
    as_ = next((a for a in span.root.ancestors if a.lower_ == "as" and a.dep_ == "prep"), None) if span else None
    verb = as_.head if as_ is not None else None
    if verb is None or verb.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    return verb


def _narrator(doc: Doc, s: int, quoted: Callable[[int], bool], speakers: Speakers) -> Token | None:
    """A quote that stands alone as a sentence, with no cue, after a sentence about a person in the same
    paragraph ("Sanders named bigotry as the reason. "The younger people are sick of it."") is theirs."""
    start = doc.char_span(s, s + 1, alignment_mode="expand")
    sent = sentence_of(doc, start.start) if start is not None else None
    if sent is None or sent.start == 0 or text_of(doc)[sent.start_char:s].strip(" \"\u201c\u00ab'"):
        return None
    prev = sentence_of(doc, sent.start - 1)
    if "\n" in text_of(doc)[prev.end_char:sent.start_char]:
        return None
    subj = next((c for c in prev.root.children if c.dep_ == "nsubj" and not quoted(c.idx)), None)
    return subj if subj is not None and speakers.is_person(subj) else None


def _speaker_from_last_paragraph(text: str, found: list[tuple[Quote, bool]]) -> list[Quote]:
    """A quotation over several paragraphs opens each one and closes only the last, where its cue
    usually stands ("... \n\n "... ," she said."): a paragraph left open takes the speaker of the next."""
    for (q, left_open), (nxt, _) in reversed(list(zip(found, found[1:]))):
        if left_open and q.speaker is None and not text[q.end:nxt.start].strip(" \t\n\u00a0\"\u201c\u00ab'"):
            q.speaker, q.speaker_actor = nxt.speaker, nxt.speaker_actor
    return [q for q, _ in found]


def _previous_paragraph_or_same(text: str, a: int, b: int) -> bool:
    return text[a:b].count("\n\n") <= 1 and len(text[a:b]) < 600


def _cue_near(doc: Doc, s: int, e: int, close: int, quoted: Callable[[int], bool]) -> Token | None:
    """The cue outside quotation marks nearest the quote in its sentences: after the closing mark ("...,
    she said") or before the opening one ("She said ...", "According to her, ..."); else at the start of
    the next sentence when it carries no quote of its own, else before a colon that opens the quote."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    free: Callable[[Token], bool] = lambda t: _is_cue(t) and not quoted(t.idx)  # noqa: E731
    first, last = sentence_of(doc, span.start), sentence_of(doc, span.end - 1)
    after = next((t for t in last if t.idx >= close and free(t)), None)
    before = next((t for t in reversed(first) if t.idx < s and free(t)), None)
    found: Token | None
    if after is not None and before is not None:
        found = after if after.i - span.end <= span.start - before.i else before
    else:
        found = after or before or _cue_in_next(doc, last, close, free) or _cue_before_colon(doc, span.start, quoted)
    return _outermost(found, free) if found is not None else None


def _is_cue(tok: Token) -> bool:
    if tok.lower_ == "according":
        return tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to"
    if tok.lemma_ == "put":  # "as a Homeland Security memo put it"
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
    return tok.lemma_ in MARKED_CUES and tok.pos_ in ("VERB", "AUX")


def _outermost(verb: Token, free: Callable[[Token], bool]) -> Token:
    """"Berg said it would tell ...", "told a woman who suggested that ...": the saying that governs
    the nearest one is the attribution ("..., she said, and added" keeps its own)."""
    cur = verb
    for up in verb.ancestors:
        if cur.dep_ == "conj":
            break
        cur = up
        if free(up):
            verb = up
    return verb


def _cue_in_next(doc: Doc, sent: Span, close: int, free: Callable[[Token], bool]) -> Token | None:
    if sent.end >= len(doc) or "\n" in text_of(doc)[close:doc[sent.end].idx]:
        return None
    nxt = sentence_of(doc, sent.end)
    if any(t.text in OPENERS for t in nxt):
        return None  # the verb introduces a quote of its own
    return next((t for t in nxt if free(t)), None)


def _cue_before_colon(doc: Doc, start: int, quoted: Callable[[int], bool]) -> Token | None:
    """"Moss continued: '...'", "The minister is rolling out a new message: '...'": a colon that opens the
    quote makes the verb of the clause before it the cue, whatever its lemma."""
    i = start - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in OPENERS):
        i -= 1
    if i < 0 or doc[i].text != ":":
        return None
    root = sentence_of(doc, i).root
    verb = root if root.i < i else next((t for t in reversed(doc[sentence_of(doc, i).start:i]) if t.pos_ == "VERB"), None)
    if verb is None or quoted(verb.idx):
        return None
    return verb if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) else None


def _reported_speech(doc: Doc, speakers: Speakers) -> list[Quote]:
    out = []
    for sent in sentences(doc):
        for verb in sent:
            if verb.lemma_ not in SPEECH_LEMMAS or verb.pos_ != "VERB" or _withheld(verb):
                continue
            clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i != verb.i), None)
            if clause is None:
                continue
            quote = _clause_quote(doc, sent, verb, clause, speakers)
            if quote:
                out.append(quote)
                break
        else:
            out += _according_to(doc, sent, speakers)
    return out


def _withheld(verb: Token) -> bool:
    """Speech that did not happen: "did not say whether", "declined to say", "failed to tell investors
    that ...", "would never admit that": what follows is no one's statement."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "nobody", "no") for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and (head.lemma_ in WITHHOLD or any(c.dep_ == "neg" for c in head.children))


def _according_to(doc: Doc, sent: Span, speakers: Speakers) -> list[Quote]:
    """"<content>, according to X" / "According to X, <content>": X is the source, the rest the content."""
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        source = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        phrase = {tok.i, *(t.i for t in doc[tok.i + 1].subtree)}
        rest = [t for t in sent if t.i not in phrase and not t.is_punct and not t.is_space]
        if len(rest) < 4 or source is None:
            return []
        s_, e_ = rest[0].idx, rest[-1].idx + len(rest[-1])
        speaker, actor = speakers.of(source)
        return [Quote(text=text_of(doc)[s_:e_], start=s_, end=e_, speaker=speaker, speaker_actor=actor,
                      cue="according to", direct=False)]
    return []


def _clause_quote(doc: Doc, sent: Span, verb: Token, clause: Token, speakers: Speakers) -> Quote | None:
    toks = [t for t in clause.subtree if t.i != verb.i]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("that",)):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].lower_ == "that"):
        toks.pop(0)
    subj = cue_subject(doc, verb)
    if len(toks) < 4 or subj is None:
        return None  # "to assert their influence": no one is speaking
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    inverted = clause.i < verb.i  # "<content>, said X": news puts quotes before the cue
    if inverted:
        s = _extend_back(doc, sent, s)
    speaker, actor = speakers.of(subj)
    content = text_of(doc)[s:e]
    direct = inverted and bool(FIRST_PERSON.search(content))
    return Quote(text=content, start=s, end=e, speaker=speaker, speaker_actor=actor, cue=verb.text, direct=direct)


def _extend_back(doc: Doc, sent: Span, s: int) -> int:
    """Lost-mark quotes run over several sentences before the cue: take earlier sentences of the same
    paragraph while they carry no cue of their own."""
    start = sent.start
    while start > 0:
        prev = sentence_of(doc, start - 1)
        if "\n" in text_of(doc)[prev.end_char:sent.start_char] or any(t.lemma_ in SPEECH_LEMMAS for t in prev):
            break
        if not FIRST_PERSON.search(prev.text):
            break
        s, start, sent = prev.start_char, prev.start, prev
    return s
