"""A JSON example from a schema: required fields filled with values that look right."""

from __future__ import annotations

from typing import Any

_MAX_DEPTH = 6
_STRING_FORMATS = {
    "date-time": "2026-01-31T09:00:00Z",
    "date": "2026-01-31",
    "time": "09:00:00",
    "email": "user@example.com",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "byte": "",
    "binary": "",
    "password": "",
}


def example(schema: Any, depth: int = 0) -> Any:
    """`example`/`default`/first enum when the schema gives one, else a typed placeholder.

    Objects get their required properties (all of them when none is marked required);
    recursion and depth are cut short so that recursive schemas end.
    """
    if not isinstance(schema, dict) or depth > _MAX_DEPTH or "$recursive" in schema:
        return None if depth else {}
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for combiner in ("allOf",):
        if isinstance(schema.get(combiner), list):
            merged: dict[str, Any] = {}
            for part in schema[combiner]:
                value = example(part, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
    for combiner in ("oneOf", "anyOf"):
        if isinstance(schema.get(combiner), list) and schema[combiner]:
            return example(schema[combiner][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or (kind is None and isinstance(schema.get("properties"), dict)):
        return _object(schema, depth)
    if kind == "array":
        item = example(schema.get("items"), depth + 1)
        return [] if item is None else [item]
    if kind == "integer":
        return int(_number(schema.get("minimum")))
    if kind == "number":
        return float(_number(schema.get("minimum")))
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = str(schema.get("format", ""))
        return _STRING_FORMATS.get(fmt, "string")
    return None


def _object(schema: dict[str, Any], depth: int) -> dict[str, Any]:
    raw = schema.get("properties")
    properties: dict[str, Any] = raw if isinstance(raw, dict) else {}
    required = schema.get("required") if isinstance(schema.get("required"), list) else None
    names = [n for n in properties if required is None or n in required]
    result = {}
    for name in names:
        value = example(properties[name], depth + 1)
        if value is not None or required is not None:
            result[name] = value
    return result


def _number(value: Any) -> float:
    """A spec's `minimum` as a number; anything odd (text, null, lists) counts as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return value if abs(value) < 1e15 else 0
