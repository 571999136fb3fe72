"""Stage 3: which copy is the original, which are syndicated, excerpted or spun."""
from detente.provenance.dedup import apply as group_duplicates
from detente.provenance.spin import detect_spin, score_text

__all__ = ["detect_spin", "group_duplicates", "score_text"]
