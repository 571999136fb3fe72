"""JSON Schema of the output contract, generated from the record dataclasses so the two cannot drift."""
from __future__ import annotations

import json
from typing import Any


def document_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from detente.record import TRANSIENT, Document

    schema = TypeAdapter(Document).json_schema()
    for hidden in TRANSIENT:
        schema["properties"].pop(hidden, None)
    schema["title"] = "detente document"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


if __name__ == "__main__":
    print(json.dumps(document_schema(), indent=2))
