"""Tests mirror src/: every stage folder under src/detente/ and every top-level module has a test module that
exercises it. A unit named `x` is covered by tests/test_x.py importing `detente.x`; the few covered under
another name are listed below with the line that shows it. A new folder or module without a test fails here."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "detente"
TESTS = ROOT / "tests"

# unit -> (test module, text in that module that exercises the unit)
COVERED_ELSEWHERE: dict[str, tuple[str, str]] = {
    "answer": ("test_answers.py", "from detente.answer"),
    "extract": ("test_events.py", "from detente.extract import annotate"),
    "testing": ("test_spin.py", "from detente.testing.spinner import"),
    "api": ("test_run.py", "detente.ingest("),
    "cli": ("test_cli_app.py", "from detente.cli import app"),
    "pipeline": ("test_cli_app.py", "from detente.pipeline import"),
    "schema": ("test_cli_app.py", "from detente.schema import document_schema"),
    "settings": ("test_containment.py", "from detente.settings import Settings"),
    "errors": ("test_limits.py", "from detente.errors import"),
    "export": ("test_record.py", "from detente.export import"),
    "plover": ("test_record.py", "from detente import plover"),
    "groups": ("test_provenance.py", "from detente.groups import UnionFind"),
}


def units(src: Path) -> list[str]:
    """Stage folders and top-level modules of the package (not the package's own __init__)."""
    folders = [p.name for p in src.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]
    modules = [p.stem for p in src.glob("*.py") if not p.name.startswith("_")]
    return sorted(folders + modules)


def imports(source: str, unit: str) -> bool:
    """Whether a test module's source imports `detente.<unit>` (or something inside it)."""
    return bool(re.search(rf"^\s*(from|import) detente\.{unit}\b", source, re.M)
                or re.search(rf"^\s*from detente import [^\n]*\b{unit}\b", source, re.M))


def uncovered(src: Path, tests: Path, elsewhere: dict[str, tuple[str, str]]) -> list[str]:
    """Each unit without a test module that exercises it, with the reason."""
    problems = []
    for unit in units(src):
        name, evidence = elsewhere.get(unit, (f"test_{unit}.py", ""))
        path = tests / name
        if not path.exists():
            problems.append(f"{unit}: no tests/{name}")
            continue
        source = path.read_text(encoding="utf-8")
        if not (evidence in source if evidence else imports(source, unit)):
            problems.append(f"{unit}: tests/{name} does not exercise it ({evidence or 'import detente.' + unit})")
    return problems


def test_every_stage_folder_and_module_has_a_test_module():
    assert uncovered(SRC, TESTS, COVERED_ELSEWHERE) == []


def test_the_mapping_names_only_units_that_exist():
    assert set(COVERED_ELSEWHERE) <= set(units(SRC))
    assert {"clean", "fuse", "provenance", "read", "store", "record", "limits", "query"} <= set(units(SRC))


def test_a_new_folder_or_module_without_a_test_fails(tmp_path):
    src, tests = tmp_path / "src", tmp_path / "tests"
    (src / "newstage").mkdir(parents=True)
    (src / "__pycache__").mkdir()
    (src / "__init__.py").write_text("")
    (src / "newmod.py").write_text("")
    tests.mkdir()
    assert uncovered(src, tests, {}) == ["newmod: no tests/test_newmod.py", "newstage: no tests/test_newstage.py"]

    (tests / "test_newstage.py").write_text("from detente.newstage.part import thing\n")
    (tests / "test_newmod.py").write_text("import json\n")  # present but never imports it
    assert uncovered(src, tests, {}) == ["newmod: tests/test_newmod.py does not exercise it (import detente.newmod)"]

    (tests / "test_newmod.py").write_text("from detente import record, newmod\n")
    assert uncovered(src, tests, {}) == []


def test_a_unit_covered_elsewhere_needs_that_module_to_exercise_it(tmp_path):
    src, tests = tmp_path / "src", tmp_path / "tests"
    src.mkdir()
    tests.mkdir()
    (src / "cli.py").write_text("")
    mapping = {"cli": ("test_cli_app.py", "from detente.cli import app")}
    assert uncovered(src, tests, mapping) == ["cli: no tests/test_cli_app.py"]
    (tests / "test_cli_app.py").write_text("import detente\n")
    assert uncovered(src, tests, mapping) == [
        "cli: tests/test_cli_app.py does not exercise it (from detente.cli import app)"]
    (tests / "test_cli_app.py").write_text("from detente.cli import app\n")
    assert uncovered(src, tests, mapping) == []


# The stages in the order a document flows through them. A stage may import an earlier stage, never a
# later one; shared modules (record, settings, errors, limits, data, plover, export, groups) import no stage.
# pipeline, api, cli, run and query orchestrate and may import any.
STAGES = ("read", "clean", "provenance", "extract", "fuse", "store", "answer")
SHARED = ("record", "settings", "errors", "limits", "data", "plover", "export", "groups")


def stage_imports(src: Path) -> list[str]:
    """Each import of a later stage (or of any stage, from a shared module), as 'module -> stage'."""
    found = []
    for path in src.rglob("*.py"):
        unit = path.relative_to(src).parts[0].removesuffix(".py")
        if unit not in STAGES and unit not in SHARED:
            continue
        allowed = STAGES[:STAGES.index(unit) + 1] if unit in STAGES else ()
        text = path.read_text(encoding="utf-8")
        named = [w for names in re.findall(r"^\s*from detente import ([\w, ]+)", text, re.M) for w in re.findall(r"\w+", names)]
        for target in re.findall(r"^\s*(?:from|import) detente\.(\w+)", text, re.M) + named:
            if target in STAGES and target not in allowed:
                found.append(f"{path.relative_to(src)} -> {target}")
    return found


def test_no_stage_imports_a_later_stage():
    assert stage_imports(SRC) == []


def test_a_backward_import_is_found(tmp_path):
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "x.py").write_text("from detente.extract.nlp import parse\n")
    (tmp_path / "record.py").write_text("from detente.store import write\n")
    (tmp_path / "fuse.py").write_text("    from detente import answer, store\n")
    assert sorted(stage_imports(tmp_path)) == ["clean/x.py -> extract", "fuse.py -> answer", "fuse.py -> store",
                                               "record.py -> store"]
