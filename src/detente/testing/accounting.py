"""What a store holds for each generated hostile input: stored, an error row with its code, or unaccounted
for (`assess`, `account`), so tests and `bench/robustness.py` check every input the same way."""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import NOTICES
from detente.testing.hostile import KINDS, Case

if TYPE_CHECKING:
    import duckdb

_RECORD = re.compile(r"#[^#/]*$")  # a record's suffix on its file's source: #3, #L12, #after-2


def shown(path: object) -> str:
    """A path as the store shows it: bytes that are not UTF-8 as backslash escapes."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def assess(cases: list[Case], folder: Path, con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Compare a store with what each case expects: good stored, bad recorded with a reason."""
    docs = con.execute("SELECT source, text FROM documents").fetchall()
    errors = con.execute("SELECT source, code, reason FROM errors").fetchall()
    return account(cases, folder, docs, errors)


def account(cases: list[Case], folder: Path, docs: list[tuple[str, str]],
            errors: list[tuple[str, str, str]]) -> dict[str, object]:
    """Match every stored row (documents: source, text; errors: source, code, reason) with the case it
    came from, and report the cases that did not end as they should. Lists are complete, not samples."""
    prefixes = sorted({shown(folder), shown(folder.resolve()), str(folder), str(folder.resolve())}, key=len,
                      reverse=True)

    def rel(source: str) -> str:
        for p in prefixes:
            if source.startswith(p + os.sep):
                return source[len(p) + 1:].replace(os.sep, "/")
        return source

    owner = {c.name: c for c in cases}

    def case_of(source: str) -> Case | None:
        r = rel(source)
        return owner.get(r) or owner.get(_RECORD.sub("", r))

    stored: Counter[str] = Counter()
    codes: dict[str, list[str]] = {c.name: [] for c in cases}
    unmatched = []
    deep = [c for c in cases if c.under]
    for source, code, reason in errors:
        case = case_of(source)
        if case is None and code == "E019":  # the folder at the limit, above a case too deep to walk
            case = next((c for c in deep if c.name.startswith(rel(source) + "/")), None)
        if case is None:
            unmatched.append(f"{source} ({code})")
        else:
            codes[case.name].append(code if reason else f"{code} without a reason")
    stored_sources = {rel(s) for s, _ in docs}
    for source, _ in docs:
        case = case_of(source)
        if case is None:
            unmatched.append(f"{source} (document)")
        else:
            stored[case.name] += 1
    texts = [t or "" for _, t in docs]

    def failed(c: Case) -> list[str]:
        allowed = KINDS[c.kind].codes if c.kind in KINDS else ()
        return [k for k in codes[c.name] if k not in NOTICES or k in allowed]

    out = {
        "inputs": len(cases), "errors_with_reason": sum(bool(r) for _, _, r in errors),
        "good_fed": sum(c.expect == "good" for c in cases),
        "good_stored": sum(c.expect == "good" and stored[c.name] > 0 for c in cases),
        "lost_good": [c.name for c in cases if c.expect == "good" and not stored[c.name]],
        "bad_without_error": [c.name for c in cases if c.expect == "bad" and not failed(c)],
        "unaccounted": [c.name for c in cases if not stored[c.name] and not codes[c.name]],
        "kept_records_missing": [k for c in cases for k in c.keep if k not in stored_sources],
        "wrong_code": [f"{c.name}: {failed(c)}" for c in cases if KINDS.get(c.kind) and KINDS[c.kind].codes
                       and any(k not in KINDS[c.kind].codes for k in failed(c))],
        "leaked": [c.name for c in cases if c.absent and any(c.absent in t for t in texts)],
        "unmatched_rows": unmatched,
    }
    by_kind: dict[str, dict[str, Any]] = {}
    for c in cases:
        row = by_kind.setdefault(c.kind, {"expect": c.expect, "inputs": 0, "stored": 0, "documents": 0,
                                          "errors": Counter(), "unaccounted": 0})
        row["inputs"] += 1
        row["stored"] += bool(stored[c.name])
        row["documents"] += stored[c.name]
        row["errors"].update(codes[c.name])
        row["unaccounted"] += not stored[c.name] and not codes[c.name]
    out["by_kind"] = {k: v | {"errors": dict(sorted(v["errors"].items()))}
                      for k, v in by_kind.items()}
    return out
