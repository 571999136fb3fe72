"""Hostile inputs mixed with good documents, for robustness tests and `bench/robustness.py`.

Every generated file says what a correct run does with it: `good` files must end as stored documents,
`bad` files as error rows with a reason, and `either` files (damaged but partly readable) may end as
either; none may crash or hang the run.
"""
from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

Maker = Callable[[random.Random, str], tuple[str, bytes]]


@dataclass(frozen=True)
class Case:
    name: str  # file name
    expect: str  # good, bad or either
    kind: str


def _html(title: str, body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{paras}</article></body></html>")


# --- bad: must become an error row --------------------------------------------------------------
def truncated_gzip(rng: random.Random, text: str) -> tuple[str, bytes]:
    blob = gzip.compress(text.encode())
    return ".txt.gz", blob[: rng.randint(12, max(13, len(blob) // 2))]


def gzip_with_garbage(rng: random.Random, text: str) -> tuple[str, bytes]:
    # A second gzip member that is cut short: the concatenation is corrupt as a whole.
    return ".html.gz", gzip.compress(text.encode()) + gzip.compress(rng.randbytes(200))[:30]


def gzip_bomb(rng: random.Random, text: str) -> tuple[str, bytes]:
    return ".txt.gz", gzip.compress(b"\0" * (210 * 2**20), compresslevel=1)


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


@dataclass(frozen=True)
class Kind:
    expect: str  # good, bad or either
    make: Maker
    share: int = 0  # weight in the generated mix
    count: int = 0  # or a fixed number, for kinds too costly to write hundreds of (50 MB pages, bombs)


KINDS: dict[str, Kind] = {
    "truncated_gzip": Kind("bad", truncated_gzip, 12), "gzip_with_garbage": Kind("bad", gzip_with_garbage, 10),
    "gzip_bomb": Kind("bad", gzip_bomb, count=2), "binary_renamed": Kind("bad", binary_renamed, 14),
    "empty": Kind("bad", empty, 10), "one_byte": Kind("bad", one_byte, 10), "huge_html": Kind("bad", huge_html, count=1),
    "jsonl_wrong_types": Kind("bad", jsonl_wrong_types, 12),
    "html_without_article": Kind("bad", html_without_article, 10),
    "warc_wrong_length": Kind("either", warc_wrong_length, 8), "deeply_nested": Kind("either", deeply_nested, 4),
    "invalid_utf8": Kind("good", invalid_utf8, 3), "mixed_encoding": Kind("good", mixed_encoding, 3),
    "scripts_in_body": Kind("good", scripts_in_body, 3), "odd_name": Kind("good", odd_name, 1),
}
ODD_NAMES = ("sp ace", "ünïcødé", "-dash", "semi;colon", "quote'd", "x" * 200, "new\tline", "$(rm -rf)")


def generate(folder: Path, good_texts: list[str], n: int = 1000, seed: int = 0) -> Iterator[Case]:
    """Write about `n` hostile inputs plus one plain good copy of each good text into `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = sum(k.share for k in KINDS.values())
    plan = [(name, k.count) for name, k in KINDS.items() if k.count]
    plan += [(name, round(n * k.share / total)) for name, k in KINDS.items() if k.share]
    i = 0
    for kind, count in plan:
        expect, make = KINDS[kind].expect, KINDS[kind].make
        for _ in range(count):
            text = good_texts[i % len(good_texts)] + f"\n\nReference {i}."  # unique content per input
            suffix, data = make(rng, text)
            stem = f"{rng.choice(ODD_NAMES)}-{i}" if kind == "odd_name" else f"{kind}-{i}"
            (folder / f"{stem}{suffix}").write_bytes(data)
            yield Case(f"{stem}{suffix}", expect, kind)
            i += 1
    for j, text in enumerate(good_texts):
        (folder / f"good-{j}.txt").write_text(text, encoding="utf-8")
        yield Case(f"good-{j}.txt", "good", "plain")


def good_sample(path: Path, n: int) -> list[str]:
    """The first `n` articles of a JSON-lines corpus with a `text` field."""
    out = []
    with io.open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def assess(cases: list[Case], folder: Path, con) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Compare a store with what each case expects: good stored, bad recorded with a reason."""
    stored = {Path(r[0]).name.split("#")[0] for r in con.execute("SELECT source FROM documents").fetchall()}
    errors = {Path(r[0]).name.split("#")[0]: r[1] for r in con.execute("SELECT source, reason FROM errors").fetchall()}
    good = [c for c in cases if c.expect == "good"]
    bad = [c for c in cases if c.expect == "bad"]
    lost_good = [c.name for c in good if c.name not in stored]
    silent_bad = [c.name for c in bad if not errors.get(c.name)]
    unaccounted = [c.name for c in cases if c.name not in stored and c.name not in errors]
    return {"inputs": len(cases), "errors_with_reason": sum(bool(v) for v in errors.values()),
            "good_fed": len(good), "good_stored": len(good) - len(lost_good), "lost_good": lost_good[:10],
            "bad_without_error": silent_bad[:10], "unaccounted": unaccounted[:10]}
