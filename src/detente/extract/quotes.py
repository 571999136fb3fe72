"""Quotes: direct (any mark style), indirect ("X said that ..."), and direct quotes whose marks were
lost in copying ("I think it will be a good meeting ..., Kim told Putin."), each with speaker and cue."""
from __future__ import annotations

import re

from detente.extract.nlp import sentence_of, sentences, text_of
from detente.record import Entity, Quote

SPEECH_LEMMAS = {
    "say", "tell", "add", "state", "note", "insist", "warn", "argue", "explain", "claim", "announce", "declare",
    "assert", "stress", "write", "reply", "respond", "comment", "acknowledge", "admit", "deny", "suggest",
    "predict", "confirm", "emphasise", "emphasize", "observe", "remark", "vow", "pledge", "urge", "tweet",
    # Tuned on PolNeAR train/dev cue words: reporting and manner-of-speaking verbs news uses as cues.
    "report", "ask", "recall", "describe", "counter", "complain", "concede", "boast", "joke", "quip", "shout",
    "testify", "conclude", "contend", "maintain", "caution", "lament", "retort", "reiterate", "promise",
    "post", "demand", "charge", "scoff", "chime", "recount", "wonder", "blast", "mock", "praise", "slam"}
# A relative pronoun as subject speaks for the noun its clause hangs on ("Graham, who pledged ...").
RELATIVE = {"who", "which", "that"}
QUOTE_SPANS = re.compile(r"\u201c(?P<a>[^\u201d]{2,3000})\u201d|\"(?P<b>[^\"]{2,3000})\"|\u00ab(?P<c>[^\u00bb]{2,3000})\u00bb|"
                         r"(?<![\w])\u2018(?P<d>[^\u2019]{8,600})\u2019(?![\w])|"
                         # Typewriter style of wire and NYT copy: ''...'' or ``...'' (apostrophes inside)
                         r"(?<!')(?:''|``)(?P<e>[^\n]{2,3000}?)''(?!')")
GROUPS = "abcde"
# A quoted name of a work, programme or slogan, not speech: every content word capitalised
# ("Fox News Sunday", "State of the Union", "Contract with America").
TITLE_WORDS = re.compile(r"^(?:(?:[A-Z0-9][\w'\u2019&.-]*|of|the|a|an|and|with|in|on|for|to|at|by|from)\s*)+[,.]?$")
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|we|we're|our|us|my|me)\b")
PRONOUNS = {"he", "she", "they", "him", "her"}
# Epigraph and pull-quote attribution: a dash and a name right after the closing mark ("...” ― Jane Roe").
DASH_NAME = re.compile(r"[ \t\u00a0]*[\u2015\u2014\u2013-]{1,2}[ \t\u00a0]*(?P<name>[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3})")


def find_quotes(doc, entities: list[Entity]) -> list[Quote]:  # type: ignore[no-untyped-def]
    text = text_of(doc)
    direct = _marked_quotes(doc, entities)
    covered = [(q.start, q.end) for q in direct]
    reported = [q for q in _reported_speech(doc, entities) if not any(s <= q.start < e or q.start <= s < q.end
                                                                        for s, e in covered)]
    return sorted(direct + reported, key=lambda q: q.start) if text else []


OPENERS = {"\u201c": "\u201d", "\"": "\"", "\u00ab": "\u00bb"}


def quote_spans(text: str):  # type: ignore[no-untyped-def]
    """(content start, content end, end of the closing mark) of each quotation, paragraph by paragraph.

    News runs a quotation over several paragraphs by opening each one and closing only the last: a paragraph
    whose quote stays open is quoted to its end, so the narration between paragraphs is never a quote."""
    pos = 0
    for para in re.split(r"(\n+)", text):
        if para and not para.startswith("\n"):
            yield from _paragraph_spans(para, pos)
        pos += len(para)


def _paragraph_spans(para: str, base: int):  # type: ignore[no-untyped-def]
    taken_to = 0
    for m in QUOTE_SPANS.finditer(para):
        group = next(g for g in GROUPS if m.group(g) is not None)
        s, e = m.span(group)
        yield base + s, base + e, base + m.end()
        taken_to = m.end()
    rest = para[taken_to:]
    opener = next((i for i, ch in enumerate(rest) if ch in OPENERS and OPENERS[ch] not in rest[i + 1:]), None)
    if opener is not None and len(rest[opener + 1:].split()) >= 3:
        s = taken_to + opener + 1
        e = len(para.rstrip())
        yield base + s, base + e, base + e


def _marked_quotes(doc, entities):  # type: ignore[no-untyped-def]
    out: list[Quote] = []
    text = text_of(doc)
    for s, e, close in quote_spans(text):
        words = text[s:e].split()
        if len(words) < 3:
            continue  # scare quotes: "fraternity", "understandings"
        if len(words) <= 8 and TITLE_WORDS.match(text[s:e].strip()):
            continue  # a title or a name in quotes, not someone's words
        verb = _cue_near(doc, s, e)
        speaker, actor = _speaker(doc, verb, entities, (s, e)) if verb is not None else (None, None)
        dash = DASH_NAME.match(text, close)
        if dash:  # "...” ― Jane Roe": the name the quote is signed with beats any cue nearby
            name = dash.group("name")
            ent = next((x for x in entities if x.start == dash.start("name") and x.label == "PERSON"), None)
            speaker, actor = (ent.actor, ent.actor) if ent else (name, name)
        if speaker is None and out and _previous_paragraph_or_same(text_of(doc), out[-1].end, s):
            # Speech running on: a quote with no cue of its own continues the last speaker's words.
            speaker, actor = out[-1].speaker, out[-1].speaker_actor
        out.append(Quote(text=text_of(doc)[s:e], start=s, end=e, speaker=speaker, speaker_actor=actor,
                         cue=verb.text if verb is not None else None, direct=True))
    return out


def _previous_paragraph_or_same(text: str, a: int, b: int) -> bool:
    return text[a:b].count("\n\n") <= 1 and len(text[a:b]) < 600


def _cue_near(doc, s: int, e: int):  # type: ignore[no-untyped-def]
    """A speech verb outside the quote in its sentence, else at the start of the next one, else in the
    sentence before when it introduces the quote with a colon ("Caddell said:")."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    sent = sentence_of(doc, span.start)
    sents = [sent]
    nxt = sent.end
    if nxt < len(doc):
        sents.append(sentence_of(doc, nxt))
    first = sent.start
    if first > 0 and doc[first - 1].text == ":" or (first > 1 and doc[first - 1].is_space and doc[first - 2].text == ":"):
        sents.append(sentence_of(doc, first - 1))
    for sent in sents:
        for tok in sent:
            if tok.lemma_ in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX") and not (s <= tok.idx < e):
                return tok
    return None


def _reported_speech(doc, entities):  # type: ignore[no-untyped-def]
    out = []
    for sent in sentences(doc):
        for verb in sent:
            if verb.lemma_ not in SPEECH_LEMMAS or verb.pos_ != "VERB":
                continue
            clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i != verb.i), None)
            if clause is None:
                continue
            quote = _clause_quote(doc, sent, verb, clause, entities)
            if quote:
                out.append(quote)
                break
        else:
            out += _according_to(doc, sent, entities)
    return out


def _according_to(doc, sent, entities):  # type: ignore[no-untyped-def]
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
        speaker, actor = _speaker_of(doc, source, entities)
        return [Quote(text=text_of(doc)[s_:e_], start=s_, end=e_, speaker=speaker, speaker_actor=actor,
                      cue="according to", direct=False)]
    return []


def _clause_quote(doc, sent, verb, clause, entities):  # type: ignore[no-untyped-def]
    toks = [t for t in clause.subtree if t.i != verb.i]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("that",)):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].lower_ == "that"):
        toks.pop(0)
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or _borrowed_subject(verb) is not None
    if len(toks) < 4 or not has_subject:
        return None  # "to assert their influence": no one is speaking
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    inverted = clause.i < verb.i  # "<content>, said X": news puts quotes before the cue
    if inverted:
        s = _extend_back(doc, sent, s)
    speaker, actor = _speaker(doc, verb, entities)
    content = text_of(doc)[s:e]
    direct = inverted and bool(FIRST_PERSON.search(content))
    return Quote(text=content, start=s, end=e, speaker=speaker, speaker_actor=actor, cue=verb.text, direct=direct)


def _extend_back(doc, sent, s: int) -> int:  # type: ignore[no-untyped-def]
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


def _borrowed_subject(verb):  # type: ignore[no-untyped-def]
    """A cue without a subject of its own speaks for someone nearby: "Clinton, saying ..." (the noun it
    modifies), "Trump tweeted, adding ..." or "... and said" (the subject of the verb it hangs on)."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):
        return verb.head
    if verb.dep_ in ("advcl", "xcomp", "conj"):
        return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _speaker(doc, verb, entities: list[Entity], quote: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and quote and quote[0] <= subj.idx < quote[1]:
        # The parser took the quote for the subject ("'...,' Obama's former strategist said"): the speaker is
        # the noun phrase between the closing mark and the verb.
        subj = next((t for t in reversed(doc[:verb.i]) if t.idx >= quote[1] and t.pos_ in ("PROPN", "NOUN")), None)
    if subj is not None and subj.lower_ in RELATIVE and verb.dep_ == "relcl":
        subj = verb.head
    if subj is None:
        subj = _borrowed_subject(verb)
    return _speaker_of(doc, subj, entities) if subj is not None else (None, None)


def _speaker_of(doc, subj, entities: list[Entity]):  # type: ignore[no-untyped-def]
    """The actor a speaker phrase names: an entity inside it, a pronoun's or title's antecedent, or a name."""
    lo = min(t.idx for t in subj.subtree)
    hi = max(t.idx + len(t) for t in subj.subtree)
    # Only the phrase's own name counts: in "Obama's former strategist" or "Holtz-Eakin, an economist in
    # Washington", the possessor and the place are not the speaker.
    own = [t for t in subj.subtree if t.i == subj.i or (t.head.i == subj.i and t.dep_ in ("compound", "flat"))]
    core_lo, core_hi = min(t.idx for t in own), max(t.idx + len(t) for t in own)
    inside = [e for e in entities if e.start < core_hi and core_lo < e.end]
    ent = next((e for e in inside if e.label == "PERSON"), None) or (inside[0] if inside else None)
    if ent is None and subj.lower_ in PRONOUNS:
        ent = next((e for e in reversed(entities) if e.label == "PERSON" and e.end <= subj.idx), None)
    if ent is None and subj.lemma_ in ("spokesman", "spokeswoman", "spokesperson", "aide", "official", "minister"):
        ent = next((e for e in reversed(entities) if e.label == "PERSON" and e.role and subj.lemma_ in e.role
                    and e.end <= subj.idx), None)
    if ent is None and subj.pos_ == "PROPN":
        name = " ".join(t.text for t in subj.subtree if t.dep_ in ("compound", "flat") or t.i == subj.i)
        return name, name  # a person the tagger missed: "said Troy Stangarone of ..."
    if ent is None:
        return text_of(doc)[lo:hi], None
    return ent.text if ent.label != "PERSON" else ent.actor, ent.actor
