"""Compile PETRARCH2's CAMEO verb dictionary (MIT, Open Event Data Alliance) into detente's cameo_verbs.tsv,
with each CAMEO code mapped to its PLOVER type and mode through CAMEO2PLOVER (CC BY-SA 4.0).

Run from the repo root:
  python tools/build_verbs.py ../shared/resources/phoenix-dictionaries/CAMEO.2.0.txt \
      ../shared/resources/plover/CAMEO2PLOVER-2021.txt
Output rows (src/detente/data/cameo_verbs.tsv), two kinds:
  verb rows: verb, `=block`, CAMEO code, PLOVER type, PLOVER mode: the verb's default code and the block of
  synonyms whose patterns it shares; the lower-case base form ("ask", "ask for") and every inflected form the
  dictionary lists get a row, so lookups need no lemmatiser agreement.
  pattern rows: `@block`, pattern, code, type, mode; the pattern holds the words that must stand around the
  verb: words before
  `*` on the subject side, after it on the object side; `(prep ...)` a prepositional phrase, `&set` a synonym
  set (cameo_sets.tsv), `+` the target slot, `$` the actor slot.
  type `-`: the verb or pattern names no PLOVER event (CAMEO 01 statements, `---` discards).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HEADER = """# CAMEO verb patterns compiled by tools/build_verbs.py from PETRARCH2's CAMEO.2.0.txt,
# (c) 2015 Open Event Data Alliance, MIT licence (see LICENSE-phoenix.txt); PLOVER types and modes from
# CAMEO2PLOVER-2021 (PLOVER manual, Open Event Data Alliance, CC BY-SA 4.0).
# verb or @block	=block or pattern	cameo	type	mode
"""
CODE = re.compile(r"\[([0-9-]+)(?::[0-9-]+)?\]")


def plover_table(path: Path) -> dict[str, tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            out[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
    return out


def plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The most specific row of the table that covers the code; CAMEO 02 (appeal) is PLOVER's REQUEST."""
    if not code or code.startswith("-") or code.startswith("01") or code == "0":
        return "-", ""
    if code.startswith("02"):
        return "REQUEST", ""
    for size in range(len(code), 1, -1):
        if code[:size] in table:
            return table[code[:size]]
    return "-", ""


def forms(line: str) -> tuple[str, list[str]]:
    """'+ASK_FOR {+ASKED_FOR +ASKING_FOR}' -> ('ask for', ['asked for', 'asking for'])."""
    head = line.split("{")[0].split("[")[0].split("#")[0].strip().lstrip("+")
    inflected = re.findall(r"\{([^}]*)\}", line.split("#")[0])
    words = [w.lstrip("+") for w in (inflected[0].split() if inflected else [])]
    norm = lambda w: w.replace("_", " ").lower().strip()  # noqa: E731
    return norm(head), [norm(w) for w in words if norm(w)]


def pattern_text(body: str) -> str:
    text = body.lower().replace("{", "").replace("}", "").replace("_", " ")
    return " ".join(text.split())


def compile_dictionary(cameo: Path, table: dict[str, tuple[str, str]]) -> tuple[list[str], list[str]]:
    rows, sets, block_code, block, verbs, current_set = [], [], "---", "", [], None
    lines = cameo.read_text(encoding="latin-1").splitlines()
    for raw in lines:
        line = raw.split("#")[0].rstrip() if not raw.startswith("#") else ""
        if not line.strip():
            continue
        if line.startswith("&"):
            current_set = line.strip().lower()
            continue
        if line.startswith("+") and current_set and not verbs:
            sets.append(f"{current_set}\t{line[1:].strip().replace('_', ' ').lower()}")
            continue
        if line.startswith("---"):
            current_set = None
            m = CODE.search(line)
            block_code, verbs = (m.group(1) if m else "---"), []
            block = line.strip("- ").split("[")[0].strip().lower().replace(" ", "_")
            continue
        if line.startswith("- "):
            m = CODE.search(line)
            code = m.group(1) if m else "---"
            pat = pattern_text(line[2:line.index("[")] if "[" in line else line[2:])
            kind, mode = plover(code, table)
            rows.append(f"@{block}\t{pat}\t{code}\t{kind}\t{mode}")
            continue
        if re.match(r"^\+?[A-Z]", line) and current_set is None or (line.startswith("+") and verbs):
            head, inflected = forms(line)
            m = CODE.search(line)
            code = m.group(1) if m else block_code
            kind, mode = plover(code, table)
            new = [head] + [w for w in inflected if w != head]
            rows += [f"{v}\t={block}\t{code}\t{kind}\t{mode}" for v in new]
            verbs = verbs + new
    return rows, sets


def main(argv: list[str]) -> int:
    cameo, mapping = Path(argv[0]), Path(argv[1])
    rows, sets = compile_dictionary(cameo, plover_table(mapping))
    data = Path(__file__).resolve().parents[1] / "src" / "detente" / "data"
    (data / "cameo_verbs.tsv").write_text(HEADER + "\n".join(dict.fromkeys(rows)) + "\n", encoding="utf-8")
    (data / "cameo_sets.tsv").write_text(HEADER.split("# verb")[0] + "# set\tmember\n" + "\n".join(sets) + "\n",
                                         encoding="utf-8")
    print(f"{len(rows)} verb rows, {len(sets)} set members")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
