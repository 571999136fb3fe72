"""The per-document boundary (limits.py): an overrun, a memory error or any exception in a stage becomes that
document's Rejected with its numbered code, and the alarm can be neither swallowed nor left armed."""
from __future__ import annotations

import logging
import signal
import threading
import time

import pytest

from detente import limits
from detente.errors import ERRORS, message
from detente.limits import (
    BudgetExceeded,
    MemoryCapExceeded,
    guarded,
    over_memory,
    stopped_by_cap,
    time_budget,
    unexpected,
)
from detente.record import Document, Rejected


def _doc() -> Document:
    return Document(id="d", source="in/slow.txt", text="Ministers met in Bergen.")


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_time_budget_interrupts_a_busy_block():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.1):
        _spin(5)
    assert time.monotonic() - start < 2


def test_time_budget_cannot_be_swallowed_by_except_exception():
    def stubborn() -> None:
        try:
            _spin(5)
        except Exception:  # noqa: BLE001 - what a library fallback does
            _spin(5)

    start = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.1):
        stubborn()
    assert time.monotonic() - start < 2


def test_time_budget_disarms_and_restores_the_handler():
    before = signal.getsignal(signal.SIGALRM)
    with time_budget(0.2):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    _spin(0.3)  # no late alarm


def test_zero_budget_and_other_threads_run_unbounded():
    with time_budget(0):
        _spin(0.05)
    done: list[bool] = []

    def work() -> None:
        with time_budget(0.01):
            _spin(0.1)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_guarded_returns_the_stage_result():
    assert guarded(lambda d: d.text.upper(), _doc(), 5, "Cleaning") == "MINISTERS MET IN BERGEN."


def test_guarded_turns_an_overrun_into_e010():
    out = guarded(lambda d: _spin(5), _doc(), 0.1, "Extraction")
    assert isinstance(out, Rejected)
    assert out.code == "E010" and out.source == "in/slow.txt"
    assert out.reason == message("E010", seconds=0.1) and "0.1s" in out.reason


def test_guarded_turns_an_exception_into_e017_with_the_stage_name(caplog):
    def boom(doc: Document) -> None:
        raise ValueError("missing   sense\nfor verb")

    with caplog.at_level(logging.ERROR, logger="detente"):
        out = guarded(boom, _doc(), 5, "Extraction")
    assert isinstance(out, Rejected) and out.code == "E017"
    assert out.reason.startswith("[E017] Extraction failed on this input with ValueError: ")
    assert ": missing sense for verb." in out.reason  # whitespace collapsed to one line
    record = next(r for r in caplog.records if "in/slow.txt" in r.getMessage())
    assert record.exc_info is not None and record.exc_info[0] is ValueError


def test_guarded_turns_memory_error_into_e014():
    def hungry(doc: Document) -> None:
        raise MemoryError()

    out = guarded(hungry, _doc(), 5, "Extraction")
    assert isinstance(out, Rejected) and out.code == "E014" and out.reason == message("E014")


def test_memory_held_after_the_document_stops_the_run(monkeypatch):
    class Held:
        def recovered(self) -> bool:
            return False

    class Freed:
        def recovered(self) -> bool:
            return True

    monkeypatch.setattr(limits, "WATCH", [Freed()])
    assert over_memory("x").code == "E014"
    monkeypatch.setattr(limits, "WATCH", [Held()])
    with pytest.raises(MemoryCapExceeded):
        guarded(lambda d: (_ for _ in ()).throw(MemoryError()), _doc(), 5, "Extraction")


def test_unexpected_names_stage_kind_and_a_bounded_detail():
    out = unexpected("in/a.txt", "Spin scoring", ValueError("x" * 500))
    assert out.code == "E017"
    assert out.reason == message("E017", stage="Spin scoring", kind="ValueError", detail="x" * 200)
    assert "no message" in unexpected("in/a.txt", "Reading", RuntimeError()).reason


def test_stopped_by_cap_follows_the_exception_chain():
    try:
        try:
            raise MemoryCapExceeded()
        except MemoryCapExceeded as cap:
            raise RuntimeError("Query interrupted") from cap
    except RuntimeError as exc:
        wrapped = exc
    assert stopped_by_cap(wrapped)
    assert not stopped_by_cap(RuntimeError("other"))
    assert not stopped_by_cap(None)


def test_every_error_message_is_numbered_and_formats():
    assert all(code.startswith("E") and len(code) == 4 for code in ERRORS)
    assert message("E002") == "[E002] " + ERRORS["E002"]
    with pytest.raises(KeyError):
        message("E017")  # a message's fields must be given
