"""Line classifier for boilerplate in plain text. Removed lines are returned, never dropped."""
from __future__ import annotations

from dataclasses import dataclass

from detente.clean.rules import LINE_RULES, Rule


@dataclass
class Split:
    kept: list[str]
    removed: list[str]
    fired: list[str]  # rule names, parallel to `removed`


def classify(line: str, position: float, rules: tuple[Rule, ...] = LINE_RULES) -> Rule | None:
    """The first rule that fires on `line`; `position` is the line's relative place in the document."""
    stripped = line.strip()
    # Long lines are prose; no widget or plea runs past a few sentences.
    if not stripped or len(stripped) > 400:
        return None
    for rule in rules:
        if rule.scope == "tail" and position < 0.66:
            continue
        if rule.pattern.search(stripped):
            return rule
    return None


def split_boilerplate(lines: list[str]) -> Split:
    out = Split([], [], [])
    n = max(len(lines), 1)
    for i, line in enumerate(lines):
        rule = classify(line, i / n)
        if rule is None:
            out.kept.append(line)
        else:
            out.removed.append(line.strip())
            out.fired.append(rule.name)
    _drop_orphan_tail(out)
    return out


def _drop_orphan_tail(out: Split) -> None:
    """A short, unpunctuated line left after a removed footer is part of it ('Access More' kin)."""
    while out.kept and out.removed:
        last = out.kept[-1].strip()
        if last and (len(last) > 60 or last[-1] in ".?!\"'”"):
            break
        out.kept.pop()
        if last:
            out.removed.append(last)
            out.fired.append("footer_orphan")
