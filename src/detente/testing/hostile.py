"""Hostile inputs mixed with good documents, for robustness tests and `bench/robustness.py`.

Every generated input says what a correct run does with it: `good` inputs must end as stored documents,
`bad` inputs as error rows with a reason, and `either` inputs (damaged but partly readable) may end as
either; none may crash or hang the run. Inputs are files, and also entries a folder walk must account for
without reading: a folder chain too deep to walk, a link to a file outside the input folder, a FIFO, hidden
files and unknown suffixes. `assess` matches each input with the store rows it should have become.

Generation is deterministic for a seed (on one platform: an entry the platform cannot make, such as a FIFO
on Windows or a non-UTF-8 file name on macOS, is left out). Remove a generated folder with `remove`:
the 1,000-deep folder chain is beyond `shutil.rmtree`'s recursion in Python 3.11.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import string
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Made:
    """What a maker asks `generate` to write. A plain (suffix, bytes) tuple is a file in the folder."""

    suffix: str
    data: bytes = b""
    raw_stem: bytes | None = None  # raw bytes added to the file name: a name that is not UTF-8
    depth: int = 0  # write the file this many folders deep, in a chain of its own
    place: str = "file"  # file, hidden, fifo, outside_link (data written outside the folder) or inside_link
    absent: str | None = None  # text that must reach no stored document
    keep: tuple[str, ...] = ()  # record suffixes ("#1", "#L1") that must be stored even if the file is `either`


Maker = Callable[[random.Random, str], "tuple[str, bytes] | Made"]


@dataclass(frozen=True)
class Case:
    name: str  # path relative to the folder, '/'-separated, as a store shows it (non-UTF-8 bytes as \xNN)
    expect: str  # good, bad or either
    kind: str
    under: bool = False  # too deep to walk: accounted for by the one E019 row of a folder above `name`
    keep: tuple[str, ...] = ()  # sources relative to the folder that must be stored documents
    absent: str | None = None  # text that must appear in no stored document


def _html(title: str, body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{paras}</article></body></html>")


# --- bad: must become an error row --------------------------------------------------------------
def truncated_gzip(rng: random.Random, text: str) -> tuple[str, bytes]:
    blob = gzip.compress(text.encode(), mtime=0)
    return ".txt.gz", blob[: rng.randint(12, max(13, len(blob) // 2))]


def gzip_with_garbage(rng: random.Random, text: str) -> tuple[str, bytes]:
    # A second gzip member that is cut short: the concatenation is corrupt as a whole.
    return ".html.gz", gzip.compress(text.encode(), mtime=0) + gzip.compress(rng.randbytes(200), mtime=0)[:30]


def gzip_bomb(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".txt.gz", gzip.compress(b"\0" * (210 * 2**20), compresslevel=1, mtime=0)


def binary_renamed(rng: random.Random, text: str) -> tuple[str, bytes]:
    head = rng.choice([b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n\x00", b"PK\x03\x04", b"\x7fELF\x02\x01"])
    return rng.choice([".html", ".txt", ".jsonl"]), head + bytes(rng.randrange(256) for _ in range(4096))


def empty(rng: random.Random, text: str) -> tuple[str, bytes]:
    return rng.choice([".txt", ".html", ".jsonl", ".warc"]), b""


def one_byte(rng: random.Random, text: str) -> tuple[str, bytes]:
    return rng.choice([".txt", ".html", ".json"]), bytes([rng.randrange(32, 127)])


def huge_html(rng: random.Random, text: str) -> tuple[str, bytes]:
    filler = "<div class='ad'>sponsored</div>" * (52 * 2**20 // 31)
    return ".html", _html("Huge page", text).replace("<nav>", filler + "<nav>").encode()


def jsonl_wrong_types(rng: random.Random, text: str) -> tuple[str, bytes]:
    rows = [rng.choice([{"text": 5}, {"html": ["x"]}, [1, 2], "just a string", None, {"id": {}, "text": ""},
                        {"title": "no body"}]) for _ in range(rng.randint(1, 5))]
    return ".jsonl", "\n".join(json.dumps(r) for r in rows).encode()


def html_without_article(rng: random.Random, text: str) -> tuple[str, bytes]:
    links = " | ".join(f"<a href='/{i}'>Section {i}</a>" for i in range(rng.randint(1, 8)))
    return ".html", f"<html><body><nav>{links}</nav></body></html>".encode()


# --- either: damaged but partly readable --------------------------------------------------------
def warc_wrong_length(rng: random.Random, text: str) -> tuple[str, bytes]:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + _html("Wire", text).encode()
    declared = len(payload) + rng.choice([-500, -20, 20, 5000])
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/x\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + str(declared).encode()
              + b"\r\n\r\n" + payload + b"\r\n\r\n")
    return ".warc", record


def deeply_nested(rng: random.Random, text: str) -> tuple[str, bytes]:
    depth = rng.choice([500, 5000, 50000])
    return ".html", ("<div>" * depth + _html("Nested", text) + "</div>" * depth).encode()


# --- good: must be stored -----------------------------------------------------------------------
def invalid_utf8(rng: random.Random, text: str) -> tuple[str, bytes]:
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 5)):
        data.insert(rng.randrange(len(data)), rng.choice([0xC3, 0xFF, 0xFE, 0x80]))
    return ".txt", bytes(data)


def mixed_encoding(rng: random.Random, text: str) -> tuple[str, bytes]:
    half = len(text) // 2
    return ".txt", text[:half].encode("utf-8") + ("Café Genève — " + text[half:]).encode("cp1252", "replace")


def scripts_in_body(rng: random.Random, text: str) -> tuple[str, bytes]:
    evil = rng.choice(["<script>alert('x')</script>", "<style>p{display:none}</style>",
                       "<iframe src='javascript:alert(1)'></iframe>", "<img src=x onerror=alert(1)>"])
    return ".html", _html("Talks \"resume\" <b>'now'</b>", text).replace("</h1>", "</h1>" + evil).encode()


def odd_name(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".txt", text.encode()


# --- JSON nested past `Settings.max_json_depth` (Python's parser recurses: this deep, it overflows) ------
JSON_DEPTH = 100_000


def _nest(rng: random.Random, inner: str, depth: int, opener: str | None = None) -> str:
    opener = opener or rng.choice(["[", "{"])
    return ("[" * depth + inner + "]" * depth) if opener == "[" else ('{"a":' * depth + inner + "}" * depth)


def deep_json(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".json", _nest(rng, json.dumps({"text": text}), JSON_DEPTH).encode()


def deep_json_txt(rng: random.Random, text: str) -> tuple[str, bytes]:
    # A .txt whose text starts with `{` is read as JSON.
    return ".txt", _nest(rng, json.dumps({"text": text}), JSON_DEPTH, "{").encode()


def deep_json_line(rng: random.Random, text: str) -> Made:
    # JSON lines: the good first record is stored, the deep second one is its own error row.
    lines = [json.dumps({"text": text}), _nest(rng, json.dumps({"text": "x"}), JSON_DEPTH)]
    return Made(".jsonl", "\n".join(lines).encode(), keep=("#L1",))


def huge_number_line(rng: random.Random, text: str) -> Made:
    # An integer over Python's 4,300-digit limit raises ValueError, not a JSON error: the line is an E004
    # row and the good line after it must still be stored.
    lines = ['{"id": 1' + "0" * rng.randint(4400, 9000) + ', "text": "x"}', json.dumps({"text": text})]
    return Made(".jsonl", "\n".join(lines).encode(), keep=("#L2",))


def impossible_date(rng: random.Random, text: str) -> tuple[str, bytes]:
    """A good record whose own date is year 1, year 9999 or 30 February: resolving "on Monday" against year 1
    overflowed; the date is dropped and the document stored."""
    rec = {"text": text, "published": rng.choice(["0001-01-01", "9999-12-31", "2019-02-30", "0000-00-00"])}
    return ".jsonl", json.dumps(rec).encode()


# --- strings and names a database cannot store as they are ---------------------------------------------
SURROGATES = ("\udc80", "\ud800", "\udfff", "\udbff")


def lone_surrogate(rng: random.Random, text: str) -> tuple[str, bytes]:
    """A JSON record with lone surrogates (written as "\\udc80" escapes) in its title and 1-3 other fields."""
    def s() -> str:
        return rng.choice(SURROGATES)

    rec = {"title": f"Talks {s()}resume", "text": text}
    for name in rng.sample(["id", "author", "outlet", "url", "text"], rng.randint(1, 3)):
        if name == "text":
            cut = rng.randrange(len(text))
            rec["text"] = text[:cut] + s() + text[cut:]
        else:
            rec[name] = f"{name}-{rng.randrange(10**9)}{s()}"
    return ".jsonl", json.dumps(rec).encode()  # ensure_ascii: the surrogates are \u escapes, the file is ASCII


NON_UTF8 = (b"caf\xe9", b"\xff\xfe", b"na\xefve-\x80", b"\xed\xa0\x80", b"\xc3")


def non_utf8_name(rng: random.Random, text: str) -> Made:
    return Made(".txt", text.encode(), raw_stem=rng.choice(NON_UTF8))


# --- folder entries a walk must account for without reading ---------------------------------------------
FOLDER_DEPTH = 1_000


def deep_folder(rng: random.Random, text: str) -> Made:
    return Made(".txt", text.encode(), depth=FOLDER_DEPTH)


def _marker(rng: random.Random) -> str:
    return "zqxoutside" + "".join(rng.choices(string.ascii_lowercase, k=12))


def symlink_outside(rng: random.Random, text: str) -> Made:
    marker = _marker(rng)
    return Made(".txt", f"{text}\n\nThe private file {marker} was not for reading.".encode(), place="outside_link",
                absent=marker)


def symlink_inside(rng: random.Random, text: str) -> Made:
    return Made(".txt", text.encode(), place="inside_link")


def fifo(rng: random.Random, text: str) -> Made:
    return Made(rng.choice([".txt", ".jsonl", ".html"]), place="fifo")


def hidden(rng: random.Random, text: str) -> Made:
    return Made(".txt", text.encode(), place="hidden")


def unknown_suffix(rng: random.Random, text: str) -> tuple[str, bytes]:
    return rng.choice([".docx", ".pdf", ".csv", ".xml", ".bak"]), text.encode()


# --- malformed WARC records ------------------------------------------------------------------------------
def _warc(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + block + b"\r\n\r\n"


def _http(text: str) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _html("Wire", text).encode()


def _uri(rng: random.Random) -> str:
    return f"https://example.org/news/{rng.randrange(10**6)}"


def _good_warc(rng: random.Random, text: str) -> bytes:
    block = _http(text)
    return _warc([("WARC-Type", "response"), ("WARC-Target-URI", _uri(rng)), ("WARC-Date", "2019-04-25T10:00:00Z"),
                  ("Content-Type", "application/http; msgtype=response"), ("Content-Length", str(len(block)))], block)


def _no_type(rng: random.Random, text: str) -> bytes:
    block = _http(text)
    return _warc([("WARC-Target-URI", _uri(rng)), ("Content-Type", "application/http; msgtype=response"),
                  ("Content-Length", str(len(block)))], block)


def _garbage_http(rng: random.Random, text: str) -> bytes:
    block = rng.choice([b"\x00\x01\x02\x03", b"NOT HTTP AT ALL", b"HTTP/1.1", b"\r\n\r\n"]) + rng.randbytes(48)
    return _warc([("WARC-Type", "response"), ("WARC-Target-URI", _uri(rng)),
                  ("Content-Type", "application/http; msgtype=response"), ("Content-Length", str(len(block)))], block)


def _cut_header(rng: random.Random, text: str) -> bytes:
    full = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {_uri(rng)}\r\n"
            "Content-Type: application/http; msgtype=response\r\nContent-Length: 1234\r\n").encode()
    return full[: rng.randint(len("WARC/1.0\r\nWARC-Type: response\r\n"), len(full))]


def _bad_length(rng: random.Random, text: str) -> bytes:
    block = _http(text)
    return _warc([("WARC-Type", "response"), ("WARC-Target-URI", _uri(rng)),
                  ("Content-Type", "application/http; msgtype=response"),
                  ("Content-Length", rng.choice(["abc", "-5", "1e3", "99999999999999999999", "0x10"]))], block)


def warc_no_type(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".warc", _no_type(rng, text)


def warc_garbage_http(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".warc", _garbage_http(rng, text)


def warc_cut_header(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".warc", _cut_header(rng, text)


def warc_bad_length(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".warc", _bad_length(rng, text)


def warc_good_then_bad(rng: random.Random, text: str) -> Made:
    bad = rng.choice([_no_type, _garbage_http, _cut_header, _bad_length])
    return Made(".warc", _good_warc(rng, text) + bad(rng, text), keep=("#1",))


# --- cleaning cost: a short line, then 190,000 letters with no space (a backtracking regex's worst case) ---
_WORDS = ("the", "talks", "between", "two", "sides", "went", "on", "late", "into", "night", "and", "again")


def _unbroken(rng: random.Random) -> str:
    # Eleven words without a full stop: short of an article by one, so the word-run test scans the letters.
    return " ".join(rng.choices(_WORDS, k=11)) + "\n" + "".join(rng.choices(string.ascii_lowercase, k=190_000))


def unbroken_line(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".txt", _unbroken(rng).encode()


def unbroken_gzip(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".txt.gz", gzip.compress("\n".join(_unbroken(rng) for _ in range(3)).encode(), mtime=0)


@dataclass(frozen=True)
class Kind:
    expect: str  # good, bad or either
    make: Maker
    share: int = 0  # weight in the generated mix
    count: int = 0  # or a fixed number, for kinds too costly to write hundreds of (50 MB pages, bombs)
    codes: tuple[str, ...] = ()  # the error codes it may end with (checked when given)


# E025: a WARC file whose records warcio reads without complaint but none of which is usable (no type, http
# headers it cannot make sense of): the file is its own error row.
WARC_BAD = ("E008", "E017", "E025")
KINDS: dict[str, Kind] = {
    "truncated_gzip": Kind("bad", truncated_gzip, 12), "gzip_with_garbage": Kind("bad", gzip_with_garbage, 10),
    "gzip_bomb": Kind("bad", gzip_bomb, count=2), "binary_renamed": Kind("bad", binary_renamed, 14),
    "empty": Kind("bad", empty, 10), "one_byte": Kind("bad", one_byte, 10), "huge_html": Kind("bad", huge_html, count=1),
    "jsonl_wrong_types": Kind("bad", jsonl_wrong_types, 12),
    "html_without_article": Kind("bad", html_without_article, 10),
    "warc_wrong_length": Kind("either", warc_wrong_length, 8), "deeply_nested": Kind("either", deeply_nested, 4),
    "invalid_utf8": Kind("good", invalid_utf8, 3), "mixed_encoding": Kind("good", mixed_encoding, 3),
    "scripts_in_body": Kind("good", scripts_in_body, 3), "odd_name": Kind("good", odd_name, 1),
    # Each of these once stopped a whole run, or could have.
    "lone_surrogate": Kind("good", lone_surrogate, 3), "non_utf8_name": Kind("good", non_utf8_name, 2),
    "deep_json": Kind("bad", deep_json, count=2, codes=("E018",)),
    "deep_json_txt": Kind("bad", deep_json_txt, count=2, codes=("E018",)),
    "deep_json_line": Kind("either", deep_json_line, count=1, codes=("E018",)),
    "huge_number_line": Kind("either", huge_number_line, count=1, codes=("E004",)),
    "impossible_date": Kind("good", impossible_date, count=2),
    "deep_folder": Kind("bad", deep_folder, count=1, codes=("E019",)),
    "symlink_outside": Kind("bad", symlink_outside, count=2, codes=("E020",)),
    "symlink_inside": Kind("good", symlink_inside, count=1),
    "fifo": Kind("bad", fifo, count=1, codes=("E020",)),
    "hidden": Kind("bad", hidden, count=1, codes=("E021",)),
    "unknown_suffix": Kind("bad", unknown_suffix, count=1, codes=("E021",)),
    "warc_no_type": Kind("bad", warc_no_type, 2, codes=WARC_BAD),
    "warc_garbage_http": Kind("bad", warc_garbage_http, 2, codes=WARC_BAD),
    "warc_cut_header": Kind("bad", warc_cut_header, 2, codes=WARC_BAD),
    "warc_bad_length": Kind("bad", warc_bad_length, 2, codes=WARC_BAD),
    "warc_good_then_bad": Kind("either", warc_good_then_bad, 3, codes=WARC_BAD),
    "unbroken_line": Kind("either", unbroken_line, count=1, codes=("E005",)),
    "unbroken_gzip": Kind("either", unbroken_gzip, count=1, codes=("E005",)),
}
ODD_NAMES = ("sp ace", "ünïcødé", "-dash", "semi;colon", "quote'd", "x" * 200, "new\tline", "$(rm -rf)")


def generate(folder: Path, good_texts: list[str], n: int = 1000, seed: int = 0,
             kinds: Collection[str] | None = None, plain: bool = True) -> Iterator[Case]:
    """Write about `n` hostile inputs (of `kinds`, default all) plus, with `plain`, one plain good copy of
    each good text into `folder`. A link's target outside the folder goes to `outside_folder(folder)`."""
    unknown = set(kinds or ()) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = {name: k for name, k in KINDS.items() if kinds is None or name in kinds}
    total = sum(k.share for k in chosen.values()) or 1
    plan = [(name, k.count) for name, k in chosen.items() if k.count]
    plan += [(name, round(n * k.share / total)) for name, k in chosen.items() if k.share]
    i = 0
    for kind, count in plan:
        spec = KINDS[kind]
        for _ in range(count):
            text = good_texts[i % len(good_texts)] + f"\n\nReference {i}."  # unique content per input
            made = spec.make(rng, text)
            made = made if isinstance(made, Made) else Made(*made)
            stem = f"{rng.choice(ODD_NAMES)}-{i}" if kind == "odd_name" else f"{kind}-{i}"
            yield from _write(folder, stem, made, kind, spec.expect)
            i += 1
    for j, text in enumerate(good_texts if plain else []):
        (folder / f"good-{j}.txt").write_text(text, encoding="utf-8")
        yield Case(f"good-{j}.txt", "good", "plain")


def outside_folder(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.outside"


def _write(folder: Path, stem: str, made: Made, kind: str, expect: str) -> list[Case]:
    """Write one input; [] when this platform cannot make such an entry."""
    name = f"{stem}{made.suffix}"
    if made.raw_stem is not None:
        raw = f"{stem}-".encode() + made.raw_stem + made.suffix.encode()
        try:
            with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
                fh.write(made.data)
        except OSError:  # a file system that allows only UTF-8 names (macOS APFS)
            return []
        return [Case(raw.decode("utf-8", "backslashreplace"), expect, kind)]
    if made.depth:
        # One mkdir a level: os.makedirs recurses once per level.
        here, parts = folder / stem, [stem] + ["d"] * made.depth
        here.mkdir(exist_ok=True)
        for _ in range(made.depth):
            here = here / "d"
            here.mkdir(exist_ok=True)
        (here / name).write_bytes(made.data)
        return [Case("/".join(parts + [name]), expect, kind, under=True)]
    path = folder / ("." + name if made.place == "hidden" else name)
    keep = tuple(path.name + k for k in made.keep)
    _clear(path)
    if made.place == "fifo":
        if not hasattr(os, "mkfifo"):
            return []
        os.mkfifo(path)
    elif made.place == "outside_link":
        target = outside_folder(folder) / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(made.data)
        try:
            path.symlink_to(target)
        except OSError:  # links need a privilege on Windows
            return []
    elif made.place == "inside_link":
        target = folder / "linked" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(made.data)
        try:
            path.symlink_to(Path("linked") / name)
        except OSError:
            return [Case(f"linked/{name}", expect, kind)]
        return [Case(path.name, expect, kind), Case(f"linked/{name}", expect, kind)]
    else:
        path.write_bytes(made.data)
    return [Case(path.name, expect, kind, keep=keep, absent=made.absent)]


def _clear(path: Path) -> None:
    if os.path.lexists(path):
        remove_tree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def remove_tree(path: Path) -> None:
    """Delete a folder without recursion (links are removed, never followed)."""
    stack = [os.fsencode(path)]
    while stack:
        top = stack[-1]
        subdirs = []
        with os.scandir(top) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(entry.path)
                else:
                    os.unlink(entry.path)
        if subdirs:
            stack.extend(subdirs)
        else:
            os.rmdir(top)
            stack.pop()


def remove(folder: Path) -> None:
    """Delete a generated folder and its outside folder."""
    for path in (folder, outside_folder(folder)):
        if path.exists():
            remove_tree(path)


def good_sample(path: Path, n: int) -> list[str]:
    """The first `n` articles of a JSON-lines corpus with a `text` field."""
    out: list[str] = []
    with io.open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            if line.strip():
                out.append(json.loads(line)["text"])
    return out
