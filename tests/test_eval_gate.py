"""The eval gate: every accuracy figure stays at or above its floor in eval/floors.json, on pinned data."""
from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_accuracy_floors_hold() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "eval" / "run_all.py")], capture_output=True, text=True)
    print(out.stdout)
    assert out.returncode == 0, out.stderr
    assert "metadata" in out.stdout and "ok" in out.stdout
