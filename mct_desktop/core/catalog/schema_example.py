"""A JSON example from a schema: required fields filled with values that look right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_MAX_DEPTH = 6
_MAX_REF_CHAIN = 64
# Nodes an example may visit: all properties of every object down to _MAX_DEPTH is
# exponential on specs like Stripe's; a body a person edits is far smaller than this.
_NODE_BUDGET = 3_000
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


def example(
    schema: Any,
    depth: int = 0,
    *,
    request: bool = False,
    lookup: Callable[[str], Any] | None = None,
) -> Any:
    """`example`/`default`/first enum when the schema gives one, else a typed placeholder.

    Objects get their required properties (all of them when none is marked required), with
    what `allOf` parts and the first `oneOf`/`anyOf` choice add; in a `request` body,
    read-only properties are left out. Recursion and depth are cut short so that recursive
    schemas end. An untyped schema (`{}`) as a whole body is `{}`. With `lookup` (ref ->
    node), `$ref`s are followed as they are met: only what the example holds is visited.
    """
    return _Walk(request, lookup).value(schema, depth)


class _Walk:
    def __init__(self, request: bool, lookup: Callable[[str], Any] | None) -> None:
        self.request = request
        self.lookup = lookup
        self.budget = _NODE_BUDGET

    def deref(self, schema: Any) -> Any:
        chain = 0
        while self.lookup and isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            chain += 1
            if chain > _MAX_REF_CHAIN:
                return None
            try:
                schema = self.lookup(schema["$ref"])
            except ValueError:
                return None
        return schema

    def value(self, schema: Any, depth: int) -> Any:
        self.budget -= 1
        schema = self.deref(schema)
        if (
            not isinstance(schema, dict)
            or depth > _MAX_DEPTH
            or "$recursive" in schema
            or self.budget < 0
        ):
            return None if depth else {}
        for key in ("example", "default"):
            if key in schema:
                return _plain(schema[key])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return _plain(schema["enum"][0])
        kind = schema.get("type")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            kind = next((k for k in kind if k != "null"), None)
        parts = _parts(schema)
        if kind == "object" or (
            kind is None and (parts or isinstance(schema.get("properties"), dict))
        ):
            return self.combined(schema, parts, depth)
        if kind == "array":
            item = self.value(schema.get("items"), depth + 1)
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
        return None if depth else {}

    def combined(self, schema: dict[str, Any], parts: list[Any], depth: int) -> Any:
        """The object's own properties merged with what its parts give.

        A part may only name required fields (GitHub's `oneOf: [{required: [a]}, ...]`):
        those pick which of the object's own properties to fill.
        """
        parts = [self.deref(part) for part in parts]
        required = _names(schema.get("required"))
        for part in parts:
            if isinstance(part, dict) and "properties" not in part and "$recursive" not in part:
                required = (required or []) + (_names(part.get("required")) or [])
        result = self.object(schema, depth, required) if _has_shape(schema) else None
        for part in parts:
            value = self.value(part, depth + 1)
            if isinstance(value, dict):
                result = {**(result or {}), **value}
            elif value is not None and result is None and len(parts) == 1:
                return value  # a plain `oneOf: [string, integer]`
        return {} if result is None else result

    def object(
        self, schema: dict[str, Any], depth: int, required: list[str] | None
    ) -> dict[str, Any]:
        raw = schema.get("properties")
        properties: dict[str, Any] = raw if isinstance(raw, dict) else {}
        names = [n for n in properties if required is None or n in required]
        result = {}
        for name in names:
            prop = self.deref(properties[name])
            if self.request and isinstance(prop, dict) and prop.get("readOnly") is True:
                continue  # the server sets it; sending it back is at best ignored
            value = self.value(prop, depth + 1)
            if value is not None or required is not None:
                result[str(name)] = value
        return result


def _parts(schema: dict[str, Any]) -> list[Any]:
    """Every `allOf` part, and the first choice of `oneOf`/`anyOf`."""
    parts = list(schema["allOf"]) if isinstance(schema.get("allOf"), list) else []
    for combiner in ("oneOf", "anyOf"):
        choices = schema.get(combiner)
        if isinstance(choices, list) and choices:
            parts.append(choices[0])
    return parts


def _has_shape(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("properties"), dict) or schema.get("type") == "object"


def _names(value: Any) -> list[str] | None:
    return [n for n in value if isinstance(n, str)] if isinstance(value, list) else None


def _plain(value: Any) -> Any:
    """A spec's example as JSON can hold it: a YAML date or timestamp becomes its text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _number(value: Any) -> float:
    """A spec's `minimum` as a number; anything odd (text, null, lists) counts as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return value if abs(value) < 1e15 else 0
