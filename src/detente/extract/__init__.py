"""Stage 4: actors, times, quotes, quantities and PLOVER events from each document's text."""
