"""Load the spaCy pipeline in exactly one place. Official packages win over the PyPI copy."""
from __future__ import annotations

from functools import lru_cache

from detente.errors import message
from detente.settings import DEFAULT, Settings


@lru_cache(maxsize=2)
def load(models: tuple[str, ...] = DEFAULT.models):  # type: ignore[no-untyped-def]
    import spacy

    for name in models:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    raise RuntimeError(message("E009"))


def nlp_for(settings: Settings = DEFAULT):  # type: ignore[no-untyped-def]
    return load(settings.models)
