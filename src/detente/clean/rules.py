"""Boilerplate rules for plain-text copies, as named data. Each says why it exists.

A rule matches one line (case-insensitive, whole line searched). `scope` limits where it may fire:
"any" anywhere, "tail" only in the last third of the document (where widgets and footers live, so an
article sentence that happens to say "subscribe" in its body is not removed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    scope: str
    why: str


def _r(name: str, pattern: str, scope: str, why: str) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), scope, why)


LINE_RULES: tuple[Rule, ...] = (
    _r("paywall_plea", r"\b(subscribe|subscription|full access|become a (member|patron)|support our journalism)\b"
       r".{0,80}(\$|£|€|\bmonth\b|\byear\b|\bnow\b|\btoday\b)?", "any",
       "Blogs and reposts insert subscription pleas mid-article (seed 000: 'click right here to subscribe')."),
    _r("enjoying_prompt", r"^\s*(enjoying|having fun with|like) (this|the) (article|text|story|post)\?", "any",
       "Paywall prompts open with a question to the reader; spinners turn 'Enjoying' into 'having fun with'."),
    _r("comment_widget", r"^\s*(no comments?:?|\d+ comments?:?|post a comment|leave a (comment|reply)|"
       r"add (a|your) comment|comments? are closed|show comments|load comments)\s*$", "any",
       "Blogger/WordPress comment widgets survive copy-paste as bare lines."),
    _r("more_news", r"^\s*(more|latest|related|top) [\w .&'-]{0,40}\b(news|stories|articles|headlines)\s*$", "any",
       "Aggregators (Big News Network family) append 'More St Louis News' link blocks."),
    _r("access_more", r"^\s*(access|read|see|view) more\s*$", "any",
       "A bare call-to-action link left from an aggregator footer."),
    _r("newsletter", r"\b(sign up (for|to)|subscribe to) .{0,60}\b(news|newsletter|updates|digest|alerts)\b|"
       r"\b(daily|weekly) newsletter\b|\bnewsletter\b.{0,80}\b(free|on the house|inbox)\b", "any",
       "Newsletter pitches wrap syndicated copies; they are never article text."),
    _r("share_links", r"^\s*(share( this)?( on)?|tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest)"
       r"([\s,|/]+(share|tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest))*\s*$", "any",
       "Share-button labels become short lines of platform names in text copies."),
    _r("copyright", r"^\s*(©|\(c\)|copyright\b).{0,120}$|all rights reserved", "any",
       "Copyright lines belong to the page, not the report."),
    _r("read_more", r"^\s*(read more|continue reading|click here|related:|see also:|advertisement|"
       r"story continues below)\b.{0,80}$", "any",
       "In-body navigation and ad markers."),
    _r("author_bio", r"^[A-Z][\w.'-]+( [A-Za-z][\w.'-]+){0,3} (is|was) (a|an|the) .{0,60}\b(student|scholar|"
       r"fellow|professor|lecturer|researcher|editor|correspondent|writer|journalist|analyst|director|candidate)\b",
       "tail",
       "Contributor bios close blog posts (seed 000); they name the author but are not the report."),
    _r("signup_confirm", r"^\s*(thanks? (you )?for (signing up|subscribing)|keep an eye on your inbox|"
       r"check your inbox)\b.{0,80}$", "any",
       "Newsletter forms leave their confirmation text in the page (Zyte dev: CBS Sports)."),
    _r("also_like", r"^\s*(you (may|might) also like|recommended( for you)?|more from [\w .&'-]{1,40}|"
       r"trending now|most (read|popular))\W{0,5}$", "any",
       "Headings of recommendation blocks; the links under them are other articles."),
    _r("teaser_tag", r"\[(warning|insight|news|pics|video|poll|latest|analysis|reveal)\]\s*$", "any",
       "Tabloid related-link teasers end in a bracketed tag ('... [INSIGHT]', Zyte dev: Express)."),
    _r("contributor_credit", r"^.{0,80}\bcontributed (to )?(this )?(report|story|reporting)\.?\s*$", "tail",
       "Wire credits at the foot name contributors; they are not report text (kept in `removed`)."),
    _r("tip_contact", r"^\s*(have a (news )?tip\?|got a (news )?tip\?)|\bmay be reached at\b.{0,80}@", "tail",
       "Reporter contact footers ('Have a tip? ... may be reached at ...@...')."),
    _r("photo_credit", r"^\s*(photo|image|picture|file photo)( credit)?:.{0,120}$|\((getty|ap|afp|reuters) (images|photo)\)",
       "any", "Image captions and credits."),
)
