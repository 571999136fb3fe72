"""Stage 1: read files, folders, JSON lines, HTML and WARC into raw Documents (or Rejected)."""
from detente.read.files import iter_paths, read_paths

__all__ = ["iter_paths", "read_paths"]
