"""Stage 1: read files, folders, JSON lines, HTML and WARC into raw Documents (or Rejected)."""
from detente.read.files import read_paths
from detente.read.walk import iter_paths

__all__ = ["iter_paths", "read_paths"]
