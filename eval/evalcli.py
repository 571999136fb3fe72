"""What every eval script shares: the F1 formula, the `--json` flag run_all.py relies on, and printing."""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def parser(description: str | None) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON (for eval/run_all.py)")
    return ap


def emit(result: dict[str, Any], as_json: bool, show: Callable[[dict[str, Any]], None] | None = None) -> int:
    """Print the figures as one JSON line, or for people (`show`, else one `key value` line each)."""
    if as_json:
        print(json.dumps(result))
    else:
        (show or show_flat)(result)
    return 0


def show_flat(result: dict[str, Any], width: int = 26) -> None:
    for key, value in result.items():
        print(f"{key:<{width}} {value:.3f}" if isinstance(value, float) else f"{key:<{width}} {value}")
