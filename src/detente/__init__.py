"""detente: a cited, de-duplicated evidence base of international relations from raw news articles."""
from detente import query
from detente.api import check, extract, ingest, report, serve
from detente.record import Document
from detente.settings import Settings

__all__ = ["Document", "query", "Settings", "check", "extract", "ingest", "report", "serve"]
__version__ = "0.1.0"
