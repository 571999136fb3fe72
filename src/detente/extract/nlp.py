"""Load the spaCy pipeline in exactly one place. Official packages win over the PyPI copy."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.errors import message
from detente.settings import DEFAULT, Settings

if TYPE_CHECKING:  # spaCy costs ~0.8 s to import; only parsing needs it at run time
    from spacy.language import Language
    from spacy.tokens import Doc, Span


@lru_cache(maxsize=2)
def load(models: tuple[str, ...] = DEFAULT.models) -> Language:
    import spacy

    for name in models:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            continue
        _register()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("detente_line_breaks", before="parser")
        return nlp
    raise RuntimeError(message("E009"))


def _register() -> None:
    from spacy.language import Language

    if "detente_line_breaks" in Language.factories:
        return

    @Language.component("detente_line_breaks")
    def line_breaks(doc: Doc) -> Doc:
        """A blank line ends a sentence: a headline without a full stop ("Straw backs ending China embargo")
        would otherwise become the subject of the lede's verb."""
        for tok in doc[1:]:
            if doc[tok.i - 1].is_space and doc[tok.i - 1].text.count("\n") >= 2:
                tok.is_sent_start = True
                if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                    doc[tok.i + 1].is_sent_start = False  # the parser would otherwise cut after one word
        return doc


def nlp_for(settings: Settings = DEFAULT) -> Language:
    return load(settings.models)


# spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one character at a time,
# searching the rest each time: 10,000 brackets or quote marks in a row took 30 s. No word or citation is
# this long (the longest are URLs), so such runs reach the parser as letters of the same length, which keeps
# every character offset true to the stored text.
MAX_CHUNK = 100
_LONG_CHUNK = re.compile(r"\S{%d,}" % (MAX_CHUNK + 1))


def parse(nlp: Language, text: str) -> Doc:
    return nlp(_LONG_CHUNK.sub(lambda m: "x" * len(m.group()), text))


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, computed once: spaCy's `doc.sents` and `token.sent` walk the whole doc on
    every call, which made sentence lookups the pipeline's largest cost."""
    cached = doc.user_data.get("detente_sents")
    if cached is None:
        cached = doc.user_data["detente_sents"] = list(doc.sents)
    return cached


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token i."""
    from bisect import bisect_right

    sents = sentences(doc)
    starts = doc.user_data.get("detente_starts")
    if starts is None:
        starts = doc.user_data["detente_starts"] = [s.start for s in sents]
    return sents[bisect_right(starts, i) - 1]


def text_of(doc: Doc) -> str:
    """The doc's text, joined once (spaCy rebuilds `doc.text` from its tokens on every access)."""
    cached = doc.user_data.get("detente_text")
    if cached is None:
        cached = doc.user_data["detente_text"] = doc.text
    return cached
