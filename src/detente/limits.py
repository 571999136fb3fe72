"""Per-document time budget and a process memory cap: a pathological document becomes an error row, not
a hung or killed worker."""
from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from detente.errors import message
from detente.record import Document, Rejected

T = TypeVar("T")


class BudgetExceeded(Exception):
    pass


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in the block after `seconds` (SIGALRM; Python's regex engine and pure-Python
    code are interrupted). Outside the main thread signals cannot be used and the block runs unbounded:
    executors run documents in their workers' main threads for this reason."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise BudgetExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def guarded(fn: Callable[[Document], T], doc: Document, seconds: float) -> T | Rejected:
    """fn(doc) within the budget; overruns and memory exhaustion are recorded against the document."""
    try:
        with time_budget(seconds):
            return fn(doc)
    except BudgetExceeded:
        return Rejected(doc.source, "E010", message("E010", seconds=seconds))
    except MemoryError:
        return Rejected(doc.source, "E014", message("E014"))


def cap_memory(max_bytes: int | None) -> None:
    """Cap this process's address space, so one document cannot take the machine down with it."""
    if max_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
