"""Per-document time budget and a process memory cap: a pathological document becomes an error row, not
a hung or killed worker."""
from __future__ import annotations

import gc
import logging
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn, TypeVar

from detente.errors import message
from detente.record import Document, Rejected

T = TypeVar("T")
log = logging.getLogger("detente")


class BudgetExceeded(BaseException):
    """A BaseException, so that no `except Exception` inside a stage (a library fallback, a retry) can swallow
    the alarm and let the document run on without a limit."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in the block after `seconds` (SIGALRM; Python's regex engine and pure-Python
    code are interrupted). Outside the main thread signals cannot be used and the block runs unbounded:
    executors run documents in their workers' main threads for this reason."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> NoReturn:
        raise BudgetExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def guarded(fn: Callable[[Document], T], doc: Document, seconds: float, stage: str) -> T | Rejected:
    """fn(doc) within the budget. This is the containment boundary of the per-document stages: an overrun,
    memory exhaustion or any unexpected exception becomes the document's error row, never the run's end."""
    try:
        with time_budget(seconds):
            return fn(doc)
    except BudgetExceeded:
        return Rejected(doc.source, "E010", message("E010", seconds=seconds))
    except (MemoryError, MemoryCapExceeded):
        return over_memory(doc.source)
    except Exception as exc:  # noqa: BLE001 - the boundary: the traceback goes to the log
        return unexpected(doc.source, stage, exc)


def over_memory(source: str) -> Rejected:
    """The input that took the process over its memory cap is dropped (E014), unless the memory stays held
    once it is gone: then the run itself must stop (MemoryCapExceeded, E023 at the command line)."""
    if WATCH and not WATCH[0].recovered():
        raise MemoryCapExceeded() from None
    return Rejected(source, "E014", message("E014"))


def unexpected(source: str, stage: str, exc: BaseException) -> Rejected:
    log.error("%s failed on %s", stage, source, exc_info=exc)
    detail = " ".join(str(exc).split())[:200] or "no message"
    return Rejected(source, "E017", message("E017", stage=stage, kind=type(exc).__name__, detail=detail))


class MemoryCapExceeded(BaseException):
    """Raised in the main thread when the process passes its memory cap. A BaseException, so that only the
    per-document boundary (which records E014) and the command line (which stops with E023) handle it."""


class MemoryWatch:
    """Keeps the process under a resident-memory cap by polling it from a thread.

    An address-space limit (RLIMIT_AS) was tried first: DuckDB and the extension loader reserve far more
    address space than they use and abort the whole process when a reservation fails, after the data is
    committed but before the search index is built. Resident memory is what the cap is for.
    """

    def __init__(self, max_bytes: int, every: float = 0.05) -> None:
        self.max_bytes, self.every, self.armed = max_bytes, every, True
        main = threading.main_thread().ident
        assert main is not None  # only a thread not yet started has no ident
        self._main = main
        signal.signal(signal.SIGUSR1, _raise_cap)
        threading.Thread(target=self._watch, name="detente-memory-watch", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.every)
            if self.armed and resident_bytes() > self.max_bytes:
                self.armed = False  # once per overrun: the main thread re-arms when it has recovered
                signal.pthread_kill(self._main, signal.SIGUSR1)

    def recovered(self) -> bool:
        """After a document was dropped for overrunning: True (and watching again) if memory fell back
        under the cap; False means the memory is held outside any document and the run must stop."""
        gc.collect()
        self.armed = resident_bytes() <= self.max_bytes
        return self.armed


def _raise_cap(signum: int, frame: FrameType | None) -> NoReturn:
    raise MemoryCapExceeded()


def stopped_by_cap(exc: BaseException | None) -> bool:
    """Whether the cap caused this exception: DuckDB turns a signal during a query into its own
    "Query interrupted" error, with the cap's exception as its context."""
    while exc is not None:
        if isinstance(exc, MemoryCapExceeded):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def resident_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize()
    except OSError:  # not Linux: the peak is the best available figure
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


WATCH: list[MemoryWatch] = []


def cap_memory(max_bytes: int | None) -> None:
    """Watch this process's resident memory from now on: a document that takes it over the cap is dropped
    (E014); memory held outside any document stops the run (E023), leaving what was stored."""
    if max_bytes and not WATCH:
        WATCH.append(MemoryWatch(max_bytes))
