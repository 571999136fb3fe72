"""Stage 7: answers over the store: dyad timeline, index, before/after, report and web app."""
from detente.answer.dyad import before_after, dyad_events, monthly_index
from detente.answer.report import report
from detente.plover import SCORES as PLOVER_SCORES

__all__ = ["PLOVER_SCORES", "before_after", "dyad_events", "monthly_index", "report"]
