"""Filter-as-you-type over a catalog: every word must match; better matches rank first."""

from __future__ import annotations

import json
from urllib.parse import quote

from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.catalog.openapi import METHODS, Operation, Parameter
from mct_desktop.core.catalog.schema_example import example


def _score_word(word: str, operation: Operation) -> int:
    path, text = operation.search_path, operation.search_text
    if word in path:
        # A whole path segment beats a prefix beats anywhere.
        if f"/{word}/" in path + "/" or path.endswith(f"/{word}"):
            return 100
        return 80 if f"/{word}" in path else 60
    if word in text:
        return 50
    if _is_subsequence(word, path):
        return 20
    return 0


def _is_subsequence(word: str, text: str) -> bool:
    """`cmeta` in `/courses/{id}/metadata`: the letters in order, gaps allowed. Greedy and
    linear; a regex like c.*?m.*?e backtracks badly on paths that do not match."""
    position = 0
    for char in word:
        position = text.find(char, position) + 1
        if not position:
            return False
    return True


def filter_operations(operations: list[Operation], query: str) -> list[Operation]:
    """Matches in rank order (then path, then method); everything when the query is empty.

    A leading method word (`get users`) keeps only that method's operations.
    """
    words = query.lower().split()
    if not words:
        return operations
    if words[0] in METHODS:
        method = words.pop(0).upper()
        operations = [o for o in operations if o.method == method]
        if not words:
            return operations
    scored = []
    for index, operation in enumerate(operations):
        total = 0
        for word in words:
            score = _score_word(word, operation)
            if not score:
                break
            total += score
        else:
            # Shorter paths first among equals: the general endpoint before the specific.
            scored.append((-total, len(operation.path), index, operation))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


class MissingParameter(ValueError):
    pass


def request_for(operation: Operation) -> ApiRequest:
    """A console request prefilled from the operation: query defaults, a body example."""
    request = ApiRequest(method=operation.method, target=operation.path)
    request.query = [
        (p.name, p.default or "")
        for p in operation.parameters
        if p.location == "query" and (p.required or p.default is not None)
    ]
    request.headers = [
        (p.name, p.default or "")
        for p in operation.parameters
        if p.location == "header" and p.required
    ]
    resolver = operation.resolver
    if operation.raw_body_schema is not None and resolver is not None:
        # `$ref`s followed as the example meets them: inlining the whole body schema first
        # took up to a second on Stripe's spec, for an example of a few fields.
        content_type = operation.body_content_type
        if "json" in content_type or not content_type:
            request.body_kind = BodyKind.JSON
            body = example(operation.raw_body_schema, request=True, lookup=resolver.lookup)
            request.body_text = json.dumps(body, indent=2, default=str)
        elif "form" in content_type:
            request.body_kind = BodyKind.MULTIPART if "multipart" in content_type else BodyKind.FORM
            _fill_form(request, operation)
    return request


def _fill_form(request: ApiRequest, operation: Operation) -> None:
    """Every field of the body schema (a form is short, and each one shows what it takes):
    the file field for a binary one, an example text for the rest."""
    resolver = operation.resolver
    assert resolver is not None
    try:
        schema = resolver.resolve(operation.raw_body_schema)
    except ValueError:
        return
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, raw in properties.items() if isinstance(properties, dict) else []:
        try:
            prop = resolver.resolve(raw)
        except ValueError:
            continue
        binary = isinstance(prop, dict) and prop.get("format") in ("binary", "base64")
        if binary and request.body_kind is BodyKind.MULTIPART and not request.file_path:
            request.file_field = name
        elif not binary and not (isinstance(prop, dict) and prop.get("readOnly") is True):
            value = example(prop, 1, request=True, lookup=resolver.lookup)
            value = "" if value is None else value
            text = value if isinstance(value, str) else json.dumps(value, default=str)
            request.form.append((name, text))


def fill_path(template: str, values: dict[str, str], parameters: list[Parameter]) -> str:
    """Put path parameter values into the template; MissingParameter names what is empty."""
    missing = [
        p.name for p in parameters if p.location == "path" and not values.get(p.name, "").strip()
    ]
    if missing:
        raise MissingParameter("Fill in the required path parameter(s): " + ", ".join(missing))
    result = template
    for name, value in values.items():
        result = result.replace("{" + name + "}", quote(value.strip(), safe=""))
    return result


def missing_required(
    operation: Operation, query: list[tuple[str, str]], headers: list[tuple[str, str]]
) -> list[str]:
    given = {k for k, v in query if v.strip()} | {k.lower() for k, v in headers if v.strip()}
    missing = []
    for p in operation.parameters:
        if not p.required or p.location not in ("query", "header"):
            continue
        name = p.name if p.location == "query" else p.name.lower()
        if name not in given:
            missing.append(f"{p.name} ({p.location})")
    return missing


def parameter_hint(parameter: Parameter) -> str:
    """`integer (int32), required, default 20: Items per page` for a tooltip."""
    kind = parameter.type + (f" ({parameter.format})" if parameter.format else "")
    parts = [kind, "required" if parameter.required else "optional"]
    if parameter.default is not None:
        parts.append(f"default {parameter.default}")
    if parameter.enum:
        parts.append("one of " + ", ".join(parameter.enum))
    text = ", ".join(parts)
    return f"{text}: {parameter.description}" if parameter.description else text
