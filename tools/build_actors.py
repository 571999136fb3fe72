"""Compile the Phoenix actor dictionaries (MIT, Open Event Data Alliance) into detente's actors.tsv.

Run from the repo root:  python tools/build_actors.py ../shared/resources/phoenix-dictionaries
Output rows: phrase (lower-case, space-separated tokens), kind, actor, country, role.
  kind STATE: the phrase names a state (actor = ISO alpha-3, as Phoenix codes are CAMEO = ISO-based).
  kind INST: a state institution or seat of power (actor = the state it stands for: KREMLIN -> RUS).
  kind PERSON: a named person (actor = canonical name, country and role from the latest Phoenix code).
  kind ORG: an international organisation (actor = its CAMEO IGO code unless overrides.tsv names it).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROLE = {"GOV": "government", "ELI": "elite", "MIL": "military", "LEG": "legislator", "COP": "police",
        "JUD": "judiciary", "OPP": "opposition", "BUS": "business", "MED": "media", "REB": "rebel",
        "SPY": "intelligence", "PTY": "party", "HLH": "health", "EDU": "education"}
CODE = re.compile(r"\[([A-Z]{3,})(?:\s+([<>]?\d{6}(?:-\d{6})?))?\s*\]")
INST_WORDS = {"ministry", "council", "assembly", "parliament", "duma", "congress", "court", "party", "army",
              "force", "forces", "service", "agency", "kremlin", "house", "office", "government", "navy",
              "police", "committee", "bank", "department", "senate", "cabinet", "commission", "front"}


def tokens(phrase: str) -> str:
    phrase = phrase.strip().strip("_").replace("_", " ").lower()
    phrase = re.sub(r"\s*-\s*", " - ", phrase)
    phrase = re.sub(r"'s\b", " 's", phrase)
    return " ".join(phrase.split())


def entries(path: Path):
    head, syns, codes, comment = None, [], [], ""
    for raw in path.read_text(encoding="latin-1").splitlines():
        line, _, note = raw.partition("#")
        if not line.strip():
            continue
        if line.startswith("+"):
            syns.append(line[1:].split("[")[0])
            codes += CODE.findall(line)
        elif line[0].isspace():
            codes += CODE.findall(line)
        else:
            if head:
                yield head, syns, codes, comment
            head, syns, codes, comment = line.split("[")[0], [], CODE.findall(line), note
    if head:
        yield head, syns, codes, comment


def latest(codes):
    open_ended = [c for c, r in codes if not r or r.startswith(">")]
    if open_ended:
        return open_ended[0]
    return max(codes, key=lambda cr: cr[1].split("-")[-1].lstrip("<>") if cr[1] else "")[0]


def classify(head: str, codes, comment: str):
    code = latest(codes)
    name_toks = tokens(head).split()
    if len(code) == 3:
        return "STATE", code, code, ""
    if code.startswith("IGO") or code.startswith("NGO"):
        kind = "PERSON" if "rulers" in comment or "IGOrulers" in comment else "ORG"
        return kind, code, "", ROLE.get(code[3:6], "")
    if "CountryInfo" in comment or (2 <= len(name_toks) <= 4 and not INST_WORDS & set(name_toks)):
        return "PERSON", "", code[:3], ROLE.get(code[3:6], "")
    return "INST", code[:3], code[:3], ROLE.get(code[3:6], "")


def main(folder: str, out: str = "src/detente/data/actors.tsv") -> None:
    rows = {}
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for head, syns, codes, comment in entries(Path(folder) / fname):
            if not codes:
                continue
            kind, actor, country, role = classify(head, codes, comment)
            if kind == "PERSON":
                actor = " ".join(w.capitalize() for w in tokens(head).split())
            for phrase in [head, *syns]:
                key = tokens(phrase)
                if len(key) > 2 and key not in rows:
                    rows[key] = (kind, actor, country, role)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# Derived from the Phoenix actor dictionaries, (c) 2014 Open Event Data Alliance, MIT licence\n"
                 "# (see LICENSE-phoenix.txt). Built by tools/build_actors.py.\n")
        for key in sorted(rows):
            fh.write("\t".join((key, *rows[key])) + "\n")
    print(f"{len(rows)} phrases -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
