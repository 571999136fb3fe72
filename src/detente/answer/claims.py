"""Numbers as claims in a dyad report: only those about the pair's dealings, each with its kind and
direction, written as a reader would ("$34 million", "down 56%", "up by $10 million")."""
from __future__ import annotations

import re
from typing import Any

# What the numbers of a relationship are about. A figure whose subject names none of these (a leader's age,
# a distance, years of rule) is context, not a claim about the pair; money is a claim whatever it is about.
TOPICS = re.compile(
    r"\b(trade|export\w*|import\w*|aid|assistance|donat\w*|relief|food|grain|rice|fuel|oil|gas|coal|fertili[sz]er|"
    r"kits?|vaccines?|doses|medic\w*|troops|soldiers|forces|personnel|workers|labou?rers|invest\w*|loans?|debts?|"
    r"credit|budget|spending|revenue|tariffs?|sanction\w*|fines?|casualt\w*|killed|dead|deaths|wounded|injured|"
    r"missiles?|warheads?|weapons|arms|shells|rounds|drones|refugees|detainees|prisoners|tourists|visitors|flights|"
    r"remains)\b", re.I)
MONEY = {"USD", "EUR", "GBP", "JPY", "RUB", "KRW", "CNY", "INR", "CHF", "ZAR", "NGN", "BWP"}
SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "RUB": "₽", "KRW": "₩"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, None))


def about_pair(q: dict[str, Any]) -> bool:
    if q.get("unit") in MONEY:
        return True
    return bool(TOPICS.search(f"{q.get('about') or ''} {q.get('unit') or ''}"))


def kind(q: dict[str, Any]) -> str:
    change = q.get("change") or {}
    if change.get("direction"):
        return "change" if change.get("by") is not None else ("rise" if change["direction"] == "up" else "fall")
    return "share" if q.get("unit") == "percent" else "level"


def amount(value: float, unit: str | None) -> str:
    """34000000, USD -> "$34 million"; 56, percent -> "56%"; 1500, kits -> "1,500 kits"."""
    if unit == "percent":
        return f"{value:g}%"
    number = _number(value)
    if unit in MONEY:
        sign = SIGNS.get(unit)
        return f"{sign}{number}" if sign else f"{number} {unit}"
    return f"{number} {_plural(unit, value)}" if unit else number


def _plural(noun: str, value: float) -> str:
    """Units are stored in the singular ("kit"); a count reads in the plural ("1,500 kits")."""
    from detente.extract.quantities import IRREGULAR

    if value == 1 or noun.endswith("s") or " " in noun:
        return noun
    back = {v: k for k, v in IRREGULAR.items()}
    return back.get(noun) or (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s")


def _number(value: float) -> str:
    for size, word in SCALES:
        if word and abs(value) >= size:
            return f"{value / size:,.3g} {word}".replace(".0 ", " ")
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


# How a bound reads in front of the figure ("up to 38.1%"); an exact figure needs no word.
BOUND_WORDS = {"upper": "up to", "lower": "more than", "approximate": "about"}


def label(q: dict[str, Any]) -> str:
    """The claim as read: a level, a share, or a rise or fall with its size when given; its bound in front
    and its hedge after ("up to 38.1% (could rise to)")."""
    bound = BOUND_WORDS.get(q.get("bound") or "")
    text = _claim(q)
    text = f"{bound} {text}" if bound and q.get("change") is None else text
    return f"{text} ({q['hedge']})" if q.get("hedge") else text


def _claim(q: dict[str, Any]) -> str:
    change = q.get("change") or {}
    k = kind(q)
    if k in ("rise", "fall"):
        verb = ("rose to" if k == "rise" else "fell to") if change.get("reached") else ("up" if k == "rise" else "down")
        return f"{verb} {amount(q['value'], q.get('unit'))}"
    if k == "change":
        word = "up" if change["direction"] == "up" else "down"
        by = amount(change["by"], "percent" if change.get("by_unit") == "percent" else q.get("unit"))
        # "fell by 56 percent to $34 million": the figure is the level reached; otherwise it is the change.
        return f"{word} by {by} to {amount(q['value'], q.get('unit'))}" if change.get("reached") else f"{word} by {by}"
    return amount(q["value"], q.get("unit"))
