"""Structure-aware fuzzing of every reader: inputs built from strategies over each format's parts (WARC
headers and lengths that lie, JSON nested past any limit, tag soup, damaged gzip), not random bytes.

The property everywhere: each item is a `Document` or a `Rejected` whose reason starts with its "[Exxx]"
code, and nothing raises. A last test sends arbitrary Unicode, lone surrogates included, through the record
boundary (`storable_document`) into the store and back.
"""
from __future__ import annotations

import bz2
import copy
import gzip
import io
import json
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detente import store
from detente.clean import clean
from detente.limits import BudgetExceeded, time_budget
from detente.read.files import read_bytes, read_file
from detente.record import Document, Entity, Event, Quantity, Quote, Rejected, Spin, Time, storable_document
from detente.settings import DEFAULT

_BASE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    return settings(_BASE, max_examples=examples)



SECONDS = 20.0  # one example taking longer than this is a finding (super-linear work), not a slow machine
CODE = re.compile(r"E\d{3}")


@contextmanager
def bounded(what: str):  # type: ignore[no-untyped-def]
    try:
        with time_budget(SECONDS):
            yield
    except BudgetExceeded:
        pytest.fail(f"{what} took over {SECONDS} s")


def check(items: Iterable[object]) -> list[object]:
    out = list(items)
    for item in out:
        assert isinstance(item, (Document, Rejected)), item
        if isinstance(item, Rejected):
            assert CODE.fullmatch(item.code), item
            assert item.reason.startswith(f"[{item.code}] "), item
    return out


# --- shared pieces --------------------------------------------------------------------------------------
ANY_CHAR = st.one_of(st.characters(codec=None), st.characters(categories=["Cs"]))  # lone surrogates too
# Not st.text(alphabet=ANY_CHAR): text() all but drops the surrogates (2 strings in 200 held one, against 176).
ANY_TEXT = st.lists(ANY_CHAR, max_size=40).map("".join)
SENTENCE = ("Officials from the two countries met in the capital on Tuesday and agreed to resume talks "
            "on trade, security and the release of prisoners held since last year.")
PROSE = st.lists(st.sampled_from([SENTENCE, SENTENCE.upper(), "Talks resume.", "Café Genève — naïve"]),
                 min_size=1, max_size=4).map(" ".join)
BODIES = st.one_of(PROSE.map(str.encode), st.binary(max_size=300),
                   PROSE.map(lambda p: f"<html><head><title>T</title></head><body><article><p>{p}</p></article>"
                                       "</body></html>".encode()))


# --- WARC -----------------------------------------------------------------------------------------------
def mostly(common: list[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """One of `common` four times in five, else `rare`: a well-formed record with one part wrong finds more
    than a record with every part random."""
    return st.integers(0, 4).flatmap(lambda i: rare if i == 0 else st.sampled_from(common))


WARC_TYPES = mostly(["response", "response", "resource", "request", "metadata", "warcinfo", "conversion",
                     "revisit"], st.one_of(st.sampled_from(["", "continuation", "RESPONSE"]), st.text(max_size=12)))
CONTENT_TYPES = mostly(["application/http; msgtype=response", "application/http; msgtype=response", "text/html",
                        "text/plain; charset=utf-8"],
                       st.one_of(st.sampled_from(["application/http", "text/html; charset=utf-16", "image/png", "",
                                                  "application/octet-stream"]), st.text(max_size=20)))
LIES = mostly(["99999999999999999999", "9223372036854775808", "-1", "0", "abc"],
              st.one_of(st.sampled_from(["", " 12", "1e3", "0x10", "१२"]), st.integers(-10, 10**6).map(str)))
HEADER_NAMES = st.one_of(st.sampled_from(["WARC-Type", "WARC-Target-URI", "WARC-Record-ID", "WARC-Date",
                                          "Content-Type", "Content-Length", "WARC-Payload-Digest",
                                          "WARC-Block-Digest", "WARC-Concurrent-To", "WARC-Truncated"]),
                         st.text(max_size=15))
HEADER_VALUES = mostly(["https://example.org/a", "<urn:uuid:1>", "2019-04-25T10:00:00Z", "sha1:XYZ"],
                       st.text(max_size=40))


@st.composite
def http_blocks(draw: st.DrawFn) -> bytes:
    status = draw(mostly([b"HTTP/1.1 200 OK", b"HTTP/1.0 404 Not Found"],
                         st.one_of(st.sampled_from([b"HTTP/1.1 abc", b"HTTP/2 200", b"", b"garbage", b"HTTP/1.1 200",
                                                    b"\x00\x01"]), st.binary(max_size=30))))
    name = mostly([b"Content-Type", b"Content-Length", b"Transfer-Encoding", b"Content-Encoding", b"Set-Cookie"],
                  st.binary(max_size=12))
    value = mostly([b"text/html", b"text/html; charset=utf-16", b"text/plain", b"chunked", b"gzip", b"br",
                    b"deflate", b"-1", b"99999999999999999999"], st.binary(max_size=30))
    headers = draw(st.lists(st.tuples(name, value), max_size=4))
    sep = draw(mostly([b"\r\n"], st.just(b"\n")))
    body = draw(BODIES)
    if draw(st.booleans()):  # a body that matches a gzip or chunked header, or pretends to
        body = draw(st.sampled_from([gzip.compress(body), b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
                                     b"zz\r\n" + body]))
    return status + sep + b"".join(k + b": " + v + sep for k, v in headers) + sep + body


@st.composite
def warc_records(draw: st.DrawFn) -> bytes:
    version = draw(mostly([b"WARC/1.0", b"WARC/1.1"],
                          st.sampled_from([b"WARC/0.17", b"WARC/9.9", b"WARC/", b"warc/1.0", b""])))
    block = draw(mostly([b""], BODIES).flatmap(lambda b: http_blocks() if b == b"" else st.just(b)))
    headers = []
    for name, value in (("WARC-Type", WARC_TYPES), ("WARC-Target-URI", HEADER_VALUES),
                        ("Content-Type", CONTENT_TYPES)):
        if draw(st.integers(0, 4)):  # each field present four times in five: else a missing field
            headers.append((name, draw(value)))
    if draw(st.integers(0, 4)):
        headers.append(("Content-Length", str(len(block)) if draw(st.integers(0, 2)) else draw(LIES)))
    headers += draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=2))
    headers = draw(st.permutations(headers))
    sep = draw(mostly(["\r\n"], st.just("\n")))
    head = "".join(f"{k}: {v}{sep}" for k, v in headers).encode("utf-8", "surrogatepass")
    end = draw(mostly([b"\r\n\r\n"], st.sampled_from([b"", b"\n", b"\r\n", b"\r\n\r\n\r\n"])))
    record = version + sep.encode() + head + sep.encode() + block + end
    return gzip.compress(record) if draw(st.integers(0, 4)) == 0 else record  # warc.gz: a gzip member a record


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    data = b"".join(draw(st.lists(warc_records(), min_size=1, max_size=3)))
    if draw(st.integers(0, 3)):
        return data
    return data[: draw(st.integers(0, len(data)))]  # a truncated payload or header


@fuzz(250)
@given(data=warc_files())
# Found by this test: a Content-Length past 2**63 overflowed inside warcio's readline.
@example(data=b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\nContent-Type: "
              b"application/http; msgtype=response\r\nContent-Length: 99999999999999999999\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Talks resume.</p>\r\n\r\n")
def test_warc_reader_never_raises(data: bytes) -> None:
    with bounded("reading a WARC"):
        check(read_bytes(data, "x.warc", ".warc"))


# --- JSON -----------------------------------------------------------------------------------------------
FIELDS = ["id", "title", "text", "html", "url", "published", "author", "outlet"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ANY_TEXT, PROSE)
JSON_VALUES = st.recursive(SCALARS, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.one_of(st.sampled_from(FIELDS), ANY_TEXT), kids, max_size=4)),
    max_leaves=20)
RECORDS = st.one_of(
    st.fixed_dictionaries({"text": st.one_of(PROSE, ANY_TEXT)},
                          optional={k: st.one_of(ANY_TEXT, JSON_VALUES) for k in FIELDS if k != "text"}),
    JSON_VALUES)


def dumps(value: Any, ascii_only: bool) -> bytes:
    # Without ensure_ascii, a lone surrogate is written as its (invalid UTF-8) bytes; with it, as \udc80.
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def nest(inner: bytes, depth: int, opener: str) -> bytes:
    if opener == "[":
        return b"[" * depth + inner + b"]" * depth
    return b'{"a":' * depth + inner + b"}" * depth


@st.composite
def json_files(draw: st.DrawFn) -> tuple[bytes, str]:
    ascii_only = draw(st.booleans())
    layout = draw(st.sampled_from([".json", ".jsonl", ".txt"]))
    if layout == ".jsonl":
        lines = [dumps(r, ascii_only) for r in draw(st.lists(RECORDS, min_size=1, max_size=4))]
        if draw(st.booleans()):  # a broken or deep line among them
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from([lines[i][: len(lines[i]) // 2],
                                             nest(lines[i], draw(st.integers(0, 3000)), "[")]))
        data = b"\n".join(lines)
    else:
        value = draw(st.one_of(RECORDS, st.lists(RECORDS, max_size=4)))
        data = dumps(value, ascii_only)
        if draw(st.booleans()):
            data = nest(data, draw(st.integers(0, 3000)), draw(st.sampled_from(["[", "{"])))
        if layout == ".txt" and data[:1] not in (b"{", b"["):
            data = b"[" + data + b"]"
    if draw(st.integers(0, 5)) == 0:  # cut anywhere: unclosed strings, brackets, escapes
        data = data[: draw(st.integers(0, len(data)))]
    return data, layout


@fuzz(250)
@given(case=json_files())
def test_json_readers_never_raise(case: tuple[bytes, str]) -> None:
    data, suffix = case
    with bounded("reading JSON"):
        check(read_bytes(data, f"x{suffix}", suffix))


@fuzz(40)
@given(depth=st.integers(DEFAULT.max_json_depth + 1, 20_000), opener=st.sampled_from(["[", "{"]),
       suffix=st.sampled_from([".json", ".txt"]), text=PROSE)
def test_json_nested_past_the_limit_is_one_e018_row(depth: int, opener: str, suffix: str, text: str) -> None:
    data = nest(json.dumps({"text": text}).encode(), depth, "{" if suffix == ".txt" else opener)
    with bounded("reading deep JSON"):
        items = check(read_bytes(data, f"x{suffix}", suffix))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [("Rejected", "E018")]


@fuzz(30)
@given(depth=st.integers(DEFAULT.max_json_depth + 1, 20_000), text=PROSE, where=st.integers(0, 2))
def test_a_deep_json_line_is_its_own_e018_row(depth: int, text: str, where: int) -> None:
    lines = [json.dumps({"text": f"{text} {i}"}) for i in range(3)]
    lines[where] = nest(lines[where].encode(), depth, "[").decode()
    with bounded("reading a deep JSON line"):
        items = check(read_bytes("\n".join(lines).encode(), "x.jsonl", ".jsonl"))
    by_source = {i.source: i for i in items}
    assert set(by_source) == {f"x.jsonl#L{n}" for n in (1, 2, 3)}
    assert all(isinstance(i, Document) == (s != f"x.jsonl#L{where + 1}") for s, i in by_source.items())
    assert by_source[f"x.jsonl#L{where + 1}"].code == "E018"  # type: ignore[union-attr]


# --- HTML -----------------------------------------------------------------------------------------------
TAGS = ["div", "p", "span", "a", "article", "main", "section", "nav", "header", "footer", "script", "style",
        "iframe", "table", "tr", "td", "ul", "li", "h1", "title", "meta", "img", "br", "svg", "math", "template",
        "noscript", "textarea", "select", "form", "b", "pre", "object", "frameset", "plaintext", "xmp"]
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&#0;", "&#x110000;", "&#xD800;", "&#55296;", "&nbsp", "&unknown;",
                            "&#99999999999;", "&", "&#x;", "&#x1F600;", "&AElig"])
LEAVES = st.one_of(PROSE, ANY_TEXT, ENTITIES, st.just("<!-- unclosed comment"), st.just("<![CDATA[ x ]]>"),
                   st.just("<?php echo 1 ?>"), st.just("</p></div></article>"), st.just("<"))
ATTR_VALUES = st.one_of(ANY_TEXT, st.integers(0, 200_000).map(lambda n: "x" * n), st.just("javascript:alert(1)"))


def element(tag: str, attrs: dict[str, str], children: list[str], closed: bool, quote: str) -> str:
    rendered = "".join(f" {k}={quote}{v}{quote}" for k, v in attrs.items())
    return f"<{tag}{rendered}>" + "".join(children) + (f"</{tag}>" if closed else "")


SOUP = st.recursive(LEAVES, lambda kids: st.builds(
    element, st.one_of(st.sampled_from(TAGS), st.text(alphabet="abcxyz-:0", min_size=1, max_size=8)),
    st.dictionaries(st.one_of(st.sampled_from(["class", "id", "style", "onerror", "charset", "content",
                                               "http-equiv", "href"]), st.text(max_size=8)),
                    ATTR_VALUES, max_size=3),
    st.lists(kids, max_size=4), st.booleans(), st.sampled_from(["'", '"', ""])), max_leaves=25)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    depth = draw(st.one_of(st.just(0), st.integers(0, 5000)))
    body = "<div>" * depth + draw(SOUP) + ("</div>" * depth if draw(st.booleans()) else "")
    page = draw(st.sampled_from(["<!doctype html><html><head><title>{t}</title></head><body>{b}</body></html>",
                                 "<html><body>{b}", "{b}", "<title>{t}</title>{b}</html></html>"]))
    page = page.format(t=draw(ANY_TEXT), b=body)
    codec = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return page.encode(codec, "surrogatepass" if codec.startswith("utf") else "replace")


@fuzz(120)
@given(data=html_pages())
# Found by this test: a fragment whose root is a tag htmldate strips (map, svg, object...) and that holds a
# prefixed tag made trafilatura's date step fail an lxml assertion (drop_tree on the root).
@example(data=b"<map><a:></a:><x>")
def test_html_reader_and_cleaner_never_raise(data: bytes) -> None:
    with bounded("reading and cleaning HTML"):
        for item in check(read_bytes(data, "x.html", ".html")):
            if isinstance(item, Document):
                check([clean(item)])


# --- gzip -----------------------------------------------------------------------------------------------
def _zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", data)
    return out.getvalue()


@st.composite
def gzip_files(draw: st.DrawFn) -> tuple[bytes, str]:
    payload = draw(st.one_of(BODIES, warc_files(), json_files().map(lambda c: c[0])))
    member = gzip.compress(payload, mtime=0)
    wrap = draw(st.sampled_from(["gzip", "truncated", "concatenated", "trailing garbage", "double", "empty member",
                                 "bad crc", "header flags", "zlib", "bz2", "xz", "zip"]))
    if wrap == "gzip":
        data = member
    elif wrap == "truncated":
        data = member[: draw(st.integers(0, len(member) - 1))]
    elif wrap == "concatenated":
        data = member + gzip.compress(draw(BODIES)) + gzip.compress(b"")
    elif wrap == "trailing garbage":
        data = member + draw(st.binary(min_size=1, max_size=40))
    elif wrap == "double":
        data = gzip.compress(member)
    elif wrap == "empty member":
        data = gzip.compress(b"")
    elif wrap == "bad crc":
        data = member[:-8] + bytes(b ^ 0xFF for b in member[-8:-4]) + member[-4:]
    elif wrap == "header flags":  # FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT and reserved bits set at random
        data = member[:3] + bytes([draw(st.integers(0, 255))]) + member[4:]
    else:
        data = {"zlib": zlib.compress, "bz2": bz2.compress, "xz": lzma.compress, "zip": _zip}[wrap](payload)
    name = draw(st.sampled_from(["x.gz", "x.txt.gz", "x.html.gz", "x.jsonl.gz", "x.warc.gz", "x.json.gz", "x.txt"]))
    return data, name


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("gzip")


@fuzz(200)
@given(case=gzip_files())
def test_gzip_reader_never_raises(scratch, case: tuple[bytes, str]) -> None:  # type: ignore[no-untyped-def]
    data, name = case
    path = scratch / name
    path.write_bytes(data)
    with bounded("reading gzip"):
        check(read_file(path))


# --- any Unicode through the record boundary into the store and back ------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(s: str, nul: bool) -> str:
    """The contract: each lone surrogate becomes U+FFFD and nothing else changes. Whether NUL (which DuckDB
    stores as it is) may also become U+FFFD is left open: `nul` says it does."""
    s = _SURROGATE.sub("\ufffd", s)
    return s.replace("\x00", "\ufffd") if nul else s


def deep_map(value: Any, fn: Any) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [deep_map(v, fn) for v in value]
    if isinstance(value, dict):
        return {fn(k) if isinstance(k, str) else k: deep_map(v, fn) for k, v in value.items()}
    return value


def differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(got, dict) and isinstance(want, dict):
        return [d for k in sorted(set(got) | set(want), key=str)
                for d in differences(got.get(k), want.get(k), f"{path}.{k}")]
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in differences(g, w, f"{path}[{i}]")]
    return [] if got == want else [f"{path or '.'}: {got!r}, expected {want!r}"]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    t = ANY_TEXT
    opt = st.one_of(st.none(), t)
    doc = Document(id=draw(t), source=draw(t), text=draw(t), url=draw(opt), title=draw(opt), outlet=draw(opt),
                   author=draw(opt), published=draw(opt), place=draw(opt), removed=draw(st.lists(t, max_size=2)))
    doc.entities = [Entity(text=s, start=0, end=len(s), label="STATE", actor=draw(opt), role=draw(opt))
                    for s in draw(st.lists(t, max_size=3))]
    doc.times = [Time(text=s, start=0, end=len(s), value=draw(t)) for s in draw(st.lists(t, max_size=2))]
    doc.quotes = [Quote(text=s, start=0, end=len(s), speaker=draw(opt), speaker_actor=None, cue=draw(opt), direct=True)
                  for s in draw(st.lists(t, max_size=2))]
    doc.quantities = [Quantity(text=s, start=0, end=len(s), value=1.0, unit=draw(opt),
                               change={"direction": draw(t), "by_unit": draw(t)})
                      for s in draw(st.lists(t, max_size=1))]
    doc.events = [Event(type="CONSULT", mode=None, actor="RUS", target="PRK", actor_text=draw(opt), target_text=None,
                        date=None, place=draw(opt), sentence=s, start=0, end=len(s), confidence=0.5,
                        trigger=draw(opt), evidence=draw(st.lists(t, max_size=2)))
                  for s in draw(st.lists(t, max_size=1))]
    doc.spin = Spin(score=0.5, spun=False, evidence=[{"phrase": draw(t)}])
    return doc


STRING_COLUMNS = ("id", "source", "url", "title", "outlet", "author", "published", "place", "text")


@pytest.fixture(scope="module")
def con(tmp_path_factory):  # type: ignore[no-untyped-def]
    c = store.connect(tmp_path_factory.mktemp("store") / "u.duckdb")
    yield c
    c.close()


@fuzz(120)
@given(doc=documents())
def test_storable_document_replaces_each_lone_surrogate_and_nothing_else(doc: Document) -> None:
    original = copy.deepcopy(doc).to_dict()
    got = {k: v for k, v in storable_document(doc).to_dict().items() if k != "repairs"}
    want = [{k: v for k, v in deep_map(original, lambda s, n=nul: storable_text(s, n)).items() if k != "repairs"}
            for nul in (False, True)]
    # Every string, however deeply nested (event evidence, a quantity's change, spin evidence), is storable.
    assert got in want, f"storable_document left or changed: {differences(got, want[1])}"


@fuzz(120)
@given(doc=documents())
def test_any_unicode_round_trips_through_the_store_as_storable_text(con, doc) -> None:  # type: ignore[no-untyped-def]
    columns = {c: getattr(doc, c) for c in STRING_COLUMNS}
    entities = [e.text for e in doc.entities]
    fixed = storable_document(doc)
    for table in ("documents",) + store.CHILD_TABLES:
        con.execute(f"DELETE FROM {table}")
    store.write(con, [fixed])
    row = con.execute(f"SELECT {', '.join(STRING_COLUMNS)}, record FROM documents").fetchall()
    assert len(row) == 1
    # Read back: exactly the storable strings (text without surrogates unchanged), and the whole record.
    stored = dict(zip(STRING_COLUMNS, row[0][:-1]))
    assert any(stored == {c: v if v is None else storable_text(v, nul) for c, v in columns.items()}
               for nul in (False, True)), differences(stored, columns)
    assert json.loads(row[0][-1]) == fixed.to_dict()
    got = [r[0] for r in con.execute("SELECT text FROM entities ORDER BY rowid").fetchall()]
    assert got in ([storable_text(e, nul) for e in entities] for nul in (False, True))
    quotes = con.execute("SELECT text, speaker, cue FROM quotes ORDER BY rowid").fetchall()
    assert quotes == [(q.text, q.speaker, q.cue) for q in fixed.quotes]
    events = con.execute("SELECT sentence, evidence FROM events ORDER BY rowid").fetchall()
    assert [(s, json.loads(e)) for s, e in events] == [(e.sentence, e.evidence) for e in fixed.events]
