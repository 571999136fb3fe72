"""Shards, the run manifest and completion markers: a rerun after a crash or kill skips finished shards.

A shard is a few input files (or one big JSONL/WARC file). Its output is written to a temporary name and
renamed, then its `.done` marker is written: a shard with a marker is complete, one without is redone
from scratch, so a killed run resumed gives the same output as an uninterrupted one.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from detente.read.walk import walk
from detente.record import Rejected

# Small files are grouped so each shard carries enough work to amortise a task's overhead; a file over
# this size is a shard of its own (a JSONL or WARC file holds many documents).
SHARD_BYTES = 8 * 2**20
SHARD_FILES = 200
# A multi-document file (JSONL, WARC) this big is split into parts, each taking every k-th record, so one
# large file still keeps every worker busy; re-reading it per part is cheap next to parsing.
SPLIT_BYTES = 1 * 2**20
MULTI_DOC = (".jsonl", ".ndjson", ".json", ".warc", ".gz")


@dataclass
class Shard:
    id: str
    files: list[str]
    part: int = 0
    parts: int = 1


@dataclass
class Manifest:
    inputs: list[str]
    shards: list[Shard] = field(default_factory=list)
    # Entries the folder walk did not read (links outside the inputs, FIFOs, other formats), as error rows.
    skipped: list[Rejected] = field(default_factory=list)

    def save(self, out: Path) -> None:
        atomic_write(out / "manifest.json", json.dumps(asdict(self), indent=1).encode())

    def in_read_order(self) -> list[list[Shard]]:
        """Shards grouped so that the parts of one split file come together, in the order of the walk."""
        groups: list[list[Shard]] = []
        for shard in self.shards:
            if groups and shard.part > 0 and groups[-1][0].files == shard.files:
                groups[-1].append(shard)
            else:
                groups.append([shard])
        return groups

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        data = json.loads((out / "manifest.json").read_text())
        return cls(data["inputs"], [Shard(**s) for s in data["shards"]],
                   [Rejected(**r) for r in data.get("skipped", [])])


def plan(paths: list[str], out: Path) -> Manifest:
    """The manifest of this run; an existing one for the same inputs is reused so a rerun resumes."""
    out.mkdir(parents=True, exist_ok=True)
    if (out / "manifest.json").exists():
        old = Manifest.load(out)
        if old.inputs == [str(p) for p in paths]:
            return old
    manifest = Manifest([str(p) for p in paths])
    group: list[str] = []
    size = 0
    for path in walk(paths):
        if isinstance(path, Rejected):
            manifest.skipped.append(path)
            continue
        n = path.stat().st_size if path.exists() else 0
        if n > SPLIT_BYTES and path.name.lower().endswith(MULTI_DOC):
            if group:  # the files read before it stay before it: outputs are merged in read order
                manifest.shards.append(_shard(group))
                group, size = [], 0
            k = -(-n // SPLIT_BYTES)
            manifest.shards += [_shard([str(path)], part, k) for part in range(k)]
            continue
        if group and (size + n > SHARD_BYTES or len(group) >= SHARD_FILES):
            manifest.shards.append(_shard(group))
            group, size = [], 0
        group.append(str(path))
        size += n
    if group:
        manifest.shards.append(_shard(group))
    manifest.save(out)
    return manifest


def _shard(files: list[str], part: int = 0, parts: int = 1) -> Shard:
    key = "\n".join(files) + f"#{part}/{parts}"
    return Shard("s-" + hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:12], files, part, parts)


def write_done(out: Path, sources: set[str]) -> None:
    """The inputs the store already holds, for every shard job to skip before extracting them."""
    atomic_write(out / "stored.json", json.dumps(sorted(sources)).encode("utf-8", "surrogateescape"))


def stored(out: Path) -> set[str]:
    path = out / "stored.json"
    return set(json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))) if path.exists() else set()


def done(out: Path, shard: Shard) -> bool:
    return (out / "shards" / f"{shard.id}.done").exists()


def mark_done(out: Path, shard: Shard, counts: dict[str, int]) -> None:
    atomic_write(out / "shards" / f"{shard.id}.done", json.dumps(counts).encode())


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
