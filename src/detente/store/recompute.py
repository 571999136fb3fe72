"""The cross-document stages over the store, for the documents not yet related to the others.

A document is written by the per-document steps with no story; this relates each such document to what is
stored, through indexes kept in the store, and touches only what it changes:
- copy groups (provenance): the document's LSH bucket keys (`lsh_keys`) find its candidate copies; the groups
  they belong to are regrouped and relabelled;
- fused events (fuse): its events meet the stored events of the same type and pair with a compatible date,
  in its copy group or reported in the same days;
- stories (fuse): the stories it links are merged.
Adding documents therefore costs what they touch, not what the store holds (`bench/ingest.py`). A store
whose documents were all written afresh (`full=True`) is related from scratch by the same code.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from detente.fuse import Fusion, links_story, pair, story_id
from detente.groups import UnionFind
from detente.provenance.dedup import band_keys, link, status, summarize
from detente.record import CopyStatus, Document, Event
from detente.settings import DEFAULT, Settings

# Reports this many days apart are candidates for one happening even when their text gives no date.
REPORT_WINDOW_DAYS = 3
# Pending documents related per pass: what one pass holds in memory (records, signatures, candidates).
# 250 keeps a 1,000-document run's peak within 1.2x of a 100-document run's (2,000 measured 1.24x); more
# passes cost little, each a few indexed joins.
PASS_SIZE = 250
# What fusion compares (fuse._same) and keeps of a stored report.
SEED_COLUMNS = ("type", "mode", "actor", "target", "actor_text", "target_text", "date", "place", "sentence", "start",
                "end", "confidence", "negated", "hypothetical", "trigger", "actor_country", "target_country",
                "fused_id", "date_basis")
Node = tuple[str, str]  # ("doc", id) or ("story", name): ids and story names may look alike
# progress(step, units done since the last call, total units or None), for every step of a run: "reading"
# (inputs read in this process), "shards" (shards finished by an executor), "relating" (this module).
Progress = Callable[[str, int, "int | None"], None]


@dataclass
class Changes:
    """What relating the pending documents changes in documents already related."""
    copies: dict[str, tuple[str | None, CopyStatus]] = field(default_factory=dict)  # id -> (duplicate_of, copy_status)
    stories: dict[str, str] = field(default_factory=dict)  # old story -> new story


def recompute(con: duckdb.DuckDBPyConnection, settings: Settings = DEFAULT, full: bool = False,
              progress: Progress | None = None) -> int:
    """Relate every document not yet related (all of them with `full`, or when the stored relations rest on
    documents that changed); returns how many were related."""
    if full or _stale(con):
        con.execute("DELETE FROM lsh_keys")
        con.execute("UPDATE documents SET story = NULL, duplicate_of = NULL")
        con.execute("UPDATE events SET fused_id = NULL")
    pending = [r[0] for r in con.execute("SELECT id FROM documents WHERE story IS NULL ORDER BY id").fetchall()]
    for i in range(0, len(pending), PASS_SIZE):
        _relate(con, _load(con, pending[i:i + PASS_SIZE]), settings)
        if progress:
            progress("relating", min(PASS_SIZE, len(pending) - i), len(pending))
    return len(pending)


def _stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether stored relations rest on documents that are gone (an edited file replaced its old version),
    were rewritten under their id (a reread), or were related before the store kept bucket keys (an older
    store): their groups, happenings and stories are then related afresh, since which documents they
    joined is not kept. A pass writes its keys and its documents in one transaction, so a killed run does
    not look like this."""
    row = con.execute("""SELECT EXISTS (SELECT 1 FROM lsh_keys WHERE doc_id NOT IN (SELECT id FROM documents))
        OR EXISTS (SELECT 1 FROM documents WHERE story IS NULL AND id IN (SELECT doc_id FROM lsh_keys))
        OR EXISTS (SELECT 1 FROM documents WHERE story IS NOT NULL AND id NOT IN (SELECT doc_id FROM lsh_keys))
        """).fetchone()
    return bool(row and row[0])


def _relate(con: duckdb.DuckDBPyConnection, docs: dict[str, Document], settings: Settings) -> None:
    """One pass, in one transaction: keys, groups, happenings, stories and the rewritten documents."""
    from detente import store

    changes = Changes()
    con.execute("BEGIN TRANSACTION")
    try:
        roots = _group(con, docs, settings, changes)
        _fuse(con, docs)
        _stories(con, docs, roots, changes)
        _apply(con, changes)
        store.write_rows(con, list(docs.values()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _load(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Document]:
    rows = con.execute("SELECT id, record FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
                       [ids]).fetchall()
    return {i: Document.from_dict(json.loads(r)) for i, r in rows}


def _group(con: duckdb.DuckDBPyConnection, docs: dict[str, Document], settings: Settings,
           changes: Changes) -> dict[str, str]:
    """Regroup the pending documents with the stored groups they reach through shared bucket keys; returns
    each regrouped document's canonical copy."""
    ids = list(docs)
    summaries = {i: summarize(d, settings) for i, d in docs.items()}
    con.execute("DELETE FROM lsh_keys WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    keys = [(i, k) for i, s in summaries.items() for k in band_keys(s, settings)]
    _insert(con, "lsh_keys", {"doc_id": [i for i, _ in keys], "key": [k for _, k in keys]})
    # The groups reached: those of the candidates, and those whose canonical copy is being rewritten.
    affected = [r[0] for r in con.execute("""
        WITH reached AS (
          SELECT DISTINCT o.doc_id AS id FROM lsh_keys n JOIN lsh_keys o ON n.key = o.key
          WHERE n.doc_id IN (SELECT unnest($1::VARCHAR[]))
          UNION SELECT id FROM documents WHERE duplicate_of IN (SELECT unnest($1::VARCHAR[])))
        SELECT d.id FROM documents d WHERE coalesce(d.duplicate_of, d.id) IN
          (SELECT coalesce(x.duplicate_of, x.id) FROM documents x JOIN reached USING (id))
          AND d.id NOT IN (SELECT unnest($1::VARCHAR[]))""", [ids]).fetchall()]
    stored = {d.id: d for d in _load(con, affected).values()}
    summaries |= {i: summarize(d, settings) for i, d in stored.items()}
    pairs = con.execute("""SELECT DISTINCT a.doc_id, b.doc_id FROM lsh_keys a JOIN lsh_keys b ON a.key = b.key
                           WHERE a.doc_id < b.doc_id AND a.doc_id IN (SELECT unnest($1::VARCHAR[]))
                           AND b.doc_id IN (SELECT unnest($1::VARCHAR[]))""", [list(summaries)]).fetchall()
    links = link(summaries, pairs, settings)
    for i, d in docs.items():
        d.duplicate_of, d.copy_status = status(links.get(i), d.spin.spun)
    for i, d in stored.items():
        now = status(links.get(i), d.spin.spun)
        if now != (d.duplicate_of, d.copy_status):
            changes.copies[i] = now
    return {i: links[i].duplicate_of if i in links else i for i in summaries}


def _fuse(con: duckdb.DuckDBPyConnection, docs: dict[str, Document]) -> None:
    fusion = Fusion()
    for ev in _candidates(con, docs):
        fusion.seed(ev)
    for doc in docs.values():
        fusion.add(doc)


def _candidates(con: duckdb.DuckDBPyConnection, docs: dict[str, Document]) -> list[Event]:
    """Stored reports that may tell a pending document's happenings: the same type and pair, and a date
    the text gives that is compatible, or a report in the same copy group or of the same days."""
    wanted = [{"type": ev.type, "a": pair(ev)[0], "b": pair(ev)[1], "date": ev.date if ev.date_basis == "text" else None,
               "root": d.duplicate_of or d.id, "reported": d.original_published or d.published}
              for d in docs.values() for ev in d.events]
    if not wanted:
        return []
    con.register("wanted", pa.Table.from_pylist(wanted))
    try:
        # a and b are fuse.pair written in SQL: the unordered pair of the two sides' countries (else actors)
        rows = con.execute(f"""
            SELECT DISTINCT s.doc_id, {", ".join(f's."{c}"' for c in SEED_COLUMNS)}
            FROM (SELECT *, least(coalesce(actor_country, actor, ''), coalesce(target_country, target, '')) AS a,
                            greatest(coalesce(actor_country, actor, ''), coalesce(target_country, target, '')) AS b
                  FROM event_sources) s
            JOIN wanted w ON s.type = w.type AND s.a = w.a AND s.b = w.b
            WHERE s.doc_id NOT IN (SELECT unnest(?::VARCHAR[])) AND s.fused_id IS NOT NULL AND (
              (s.date_basis = 'text' AND (starts_with(s.date, w.date) OR starts_with(w.date, s.date) OR
                abs(date_diff('day', try_cast(s.date AS DATE), try_cast(w.date AS DATE))) <= {REPORT_WINDOW_DAYS}))
              OR s.source_group = w.root
              OR abs(date_diff('day', try_cast(left(s.reported, 10) AS DATE), try_cast(left(w.reported, 10) AS DATE)))
                 <= {REPORT_WINDOW_DAYS})
            ORDER BY s.doc_id, s.start""", [list(docs)]).fetchall()
        names = [c[0] for c in con.description or []]
    finally:
        con.unregister("wanted")
    return [Event(**dict(zip(names[1:], r[1:]))) for r in rows]


def _stories(con: duckdb.DuckDBPyConnection, docs: dict[str, Document], roots: dict[str, str],
             changes: Changes) -> None:
    """Each pending document joins the stories of its copy group and of the dated happenings it shares.
    Stories are nodes of their own, so two parts of a pass that reach one stored story stay one story; a
    merged story keeps the name of the stored story whose first document comes first."""
    parts: UnionFind[Node] = UnionFind()
    for i, root in roots.items():
        parts.union(("doc", i), ("doc", root))
    first_teller: dict[str, str] = {}
    for d in docs.values():
        parts.find(("doc", d.id))
        for ev in filter(links_story, d.events):
            parts.union(("doc", d.id), ("doc", first_teller.setdefault(str(ev.fused_id), d.id)))
    for other, fid in _tellers(con, docs, list(first_teller)):
        parts.union(("doc", other), ("doc", first_teller[fid]))
    ids = [i for kind, i in list(parts.parent) if kind == "doc"]
    for i, story in con.execute("""SELECT id, story FROM documents WHERE story IS NOT NULL
                                   AND id IN (SELECT unnest(?::VARCHAR[]))""", [ids]).fetchall():
        parts.union(("doc", i), ("story", story))
    _name_stories(con, docs, parts.groups(), changes)


def _name_stories(con: duckdb.DuckDBPyConnection, docs: dict[str, Document], groups: list[list[Node]],
                  changes: Changes) -> None:
    old = [i for group in groups for kind, i in group if kind == "story"]
    first = dict(con.execute("""SELECT story, min(id) FROM documents WHERE story IN (SELECT unnest(?::VARCHAR[]))
                                GROUP BY story""", [old]).fetchall())
    for group in groups:
        stored = sorted((first[i], i) for kind, i in group if kind == "story")
        new = stored[0][1] if stored else story_id([i for kind, i in group if kind == "doc"])
        for kind, i in group:
            if kind == "doc" and i in docs:
                docs[i].story = new
            elif kind == "story" and i != new:
                changes.stories[i] = new


def _tellers(con: duckdb.DuckDBPyConnection, docs: dict[str, Document], fids: list[str]) -> Iterable[tuple[str, str]]:
    """(stored document, fused id) for stored documents that tell one of these happenings with a date."""
    rows = con.execute("""SELECT doc_id, fused_id, type, date, date_basis FROM events
                          WHERE fused_id IN (SELECT unnest(?::VARCHAR[])) AND doc_id NOT IN (SELECT unnest(?::VARCHAR[]))""",
                       [fids, list(docs)]).fetchall()
    for doc_id, fid, kind, date, basis in rows:
        probe = Event(kind, None, None, None, None, None, date, None, "", 0, 0, 0.0, fused_id=fid, date_basis=basis)
        if links_story(probe):
            yield doc_id, fid


def _apply(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
    """Write the changes to stored documents: their columns and the same fields in their record."""
    for i, doc in _load(con, list(changes.copies)).items():
        doc.duplicate_of, doc.copy_status = changes.copies[i]
        con.execute("UPDATE documents SET duplicate_of = ?, copy_status = ?, record = ? WHERE id = ?",
                    [doc.duplicate_of, doc.copy_status, json.dumps(doc.to_dict()), i])
    for old, new in changes.stories.items():  # a story is never null, so a merge patch sets it
        con.execute("UPDATE documents SET story = ?, record = json_merge_patch(record, ?) WHERE story = ?",
                    [new, json.dumps({"story": new}), old])


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[object]]) -> None:
    con.register("incoming_keys", pa.table(columns))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming_keys")
    finally:
        con.unregister("incoming_keys")

