"""Swagger 2.0 / OpenAPI 3.x documents -> a flat catalog of operations, tolerant of damage."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_DEPTH = 64  # $ref chains longer than this are treated as broken
_NODE_BUDGET = 20_000  # nodes per inlined schema: milliseconds, even for hostile specs
# Inlined schemas kept per document. Unbounded, browsing all of Stripe's operations held
# ~900 MB of them, and the garbage collector's passes over that made late ones take 1.3 s.
SCHEMA_CACHE_SIZE = 32


@dataclass(frozen=True)
class Parameter:
    """One parameter of an operation, as the spec declares it."""

    name: str
    location: str  # path | query | header | cookie | formData
    required: bool = False
    type: str = "string"
    format: str = ""
    enum: tuple[str, ...] = ()
    default: str | None = None
    description: str = ""


@dataclass
class Operation:
    """One method on one path of the spec, with what the console needs to call it."""

    version: str  # the document's label, e.g. "v1"
    tag: str
    method: str  # upper case
    path: str
    summary: str = ""
    description: str = ""
    operation_id: str = ""
    deprecated: bool = False
    parameters: list[Parameter] = field(default_factory=list)
    body_content_type: str = ""
    problems: list[str] = field(default_factory=list)  # parts of it that could not be read
    # Schemas stay raw (with their $refs) until someone looks: inlining every $ref chain of
    # a 5,000-operation spec up front took two seconds; the index needs none of it.
    raw_body_schema: Any = field(default=None, repr=False)
    raw_responses: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)
    resolver: _Resolver | None = field(default=None, repr=False, compare=False)
    # Lower-cased search fields, filled once at load for fast filtering.
    search_path: str = ""
    search_text: str = ""

    @property
    def key(self) -> str:
        return f"{self.version} {self.method} {self.path}"

    @property
    def body_schema(self) -> dict[str, Any] | None:
        """The request body schema with every `$ref` inlined (recursion marked)."""
        resolver, raw = self.resolver, self.raw_body_schema
        if raw is None or resolver is None:
            return None
        schema = resolver.cached(("body", self.key), lambda: resolver.schema(raw))
        return schema if isinstance(schema, dict) else None

    @property
    def responses(self) -> dict[str, tuple[str, dict[str, Any] | None]]:
        resolver = self.resolver
        if resolver is None:
            return {code: (text, None) for code, (text, _raw) in self.raw_responses.items()}

        def build() -> dict[str, tuple[str, Any]]:
            return {
                code: (text, resolver.schema(raw) if raw is not None else None)
                for code, (text, raw) in self.raw_responses.items()
            }

        result: dict[str, tuple[str, dict[str, Any] | None]] = resolver.cached(
            ("responses", self.key), build
        )
        return result


@dataclass
class Catalog:
    """Every operation of a portal's spec documents, and what could not be read."""

    operations: list[Operation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what could not be read, and why
    titles: dict[str, str] = field(default_factory=dict)  # version label -> document title
    notes: list[str] = field(default_factory=list)  # true of a document, not a problem in it

    def extend(self, other: Catalog) -> None:
        self.operations += other.operations
        self.skipped += other.skipped
        self.notes += other.notes
        self.titles.update(other.titles)

    def sorted(self) -> list[Operation]:
        order = {m.upper(): i for i, m in enumerate(METHODS)}
        return sorted(self.operations, key=lambda o: (o.path.lower(), order.get(o.method, 99)))


def load_catalog(document: dict[str, Any], version: str = "") -> Catalog:
    """Every operation that can be read; the rest is listed in `catalog.skipped`."""
    catalog = Catalog()
    label = version or _version_label(document)
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    catalog.titles[label] = _text(info.get("title")) if info else ""
    resolver = _Resolver(document)
    paths = document.get("paths")
    if paths is None and _text(document.get("openapi")).startswith("3.1"):
        # 3.1 made `paths` optional: a document of webhooks or components alone is valid.
        what = "webhooks only" if document.get("webhooks") else "no paths"
        catalog.notes.append(f"{label}: the document describes {what}: no operations to call.")
        return catalog
    if not isinstance(paths, dict):
        catalog.skipped.append(f"{label}: no 'paths' object")
        return catalog
    swagger2 = _text(document.get("swagger")).startswith("2")
    for path, item in paths.items():
        try:
            item = resolver.resolve(item)
            if not isinstance(item, dict):
                raise ValueError("path item is not an object")
            shared = item.get("parameters") or []
            for method in METHODS:
                if method not in item:
                    continue
                try:
                    operation = _operation(
                        label, str(path), method, item[method], shared, resolver, swagger2
                    )
                except Exception as exc:  # one bad operation must not hide the others
                    catalog.skipped.append(f"{label} {method.upper()} {path}: {exc}")
                else:
                    catalog.operations.append(operation)
                    catalog.skipped += [
                        f"{label} {method.upper()} {path}: {problem}"
                        for problem in operation.problems
                    ]
        except Exception as exc:
            catalog.skipped.append(f"{label} {path}: {exc}")
    return catalog


def _version_label(document: dict[str, Any]) -> str:
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    version = _text(info.get("version")) if info else ""
    return version or "api"


class _Resolver:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._budget = _NODE_BUDGET
        self._cache: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def cached(self, key: tuple[str, str], build: Callable[[], Any]) -> Any:
        """`build()`, remembered for the SCHEMA_CACHE_SIZE most recently used keys."""
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = self._cache[key] = build()
        while len(self._cache) > SCHEMA_CACHE_SIZE:
            self._cache.popitem(last=False)
        return value

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"external reference {ref!r} is not supported")
        node: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise ValueError(f"unresolvable reference {ref!r}")
            node = node[part]
        return node

    def resolve(self, node: Any) -> Any:
        """Follow a chain of `$ref`s at the top of `node` (not inside it)."""
        seen: list[str] = []
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or len(seen) > _MAX_DEPTH:
                raise ValueError(f"circular or too long reference chain at {ref!r}")
            seen.append(ref)
            node = self.lookup(ref)
        return node

    def schema(self, node: Any) -> Any:
        """A schema with every `$ref` inlined; a recursive one becomes {"$recursive": name}.

        Shared `$ref`s are inlined at each use, so a spec can make this exponential; a node
        budget keeps the result (and the time) bounded whatever the spec.
        """
        self._budget = _NODE_BUDGET
        return self._inline(node, (), 0)

    def _inline(self, node: Any, stack: tuple[str, ...], depth: int) -> Any:
        self._budget -= 1
        if self._budget < 0:
            return {"description": "(schema too large to show in full)"}
        if depth > _MAX_DEPTH:
            return {"description": "(schema nested too deeply)"}
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if ref in stack:
                    return {"$recursive": name}
                try:
                    target = self.lookup(ref)
                except ValueError as exc:
                    return {"description": f"({exc})"}
                resolved = self._inline(target, (*stack, ref), depth + 1)
                if isinstance(resolved, dict):
                    resolved = {"title": name, **resolved}
                return resolved
            return {k: self._inline(v, stack, depth + 1) for k, v in node.items()}
        if isinstance(node, list):
            return [self._inline(v, stack, depth + 1) for v in node]
        return node


def _operation(
    label: str, path: str, method: str, raw: Any, shared: Any, resolver: _Resolver, swagger2: bool
) -> Operation:
    raw = resolver.resolve(raw)
    if not isinstance(raw, dict):
        raise ValueError("operation is not an object")
    tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
    operation = Operation(
        version=label,
        tag=(_text(tags[0]) if tags else "") or "default",
        method=method.upper(),
        path=path,
        summary=_text(raw.get("summary")),
        description=_text(raw.get("description")),
        operation_id=_text(raw.get("operationId")),
        deprecated=bool(raw.get("deprecated", False)),
        resolver=resolver,
    )
    _add_parameters(operation, raw, shared, resolver, swagger2)
    if not swagger2:
        _add_request_body(operation, raw.get("requestBody"), resolver)
    _add_responses(operation, raw.get("responses"), resolver, swagger2)
    operation.search_path = path.lower()
    operation.search_text = " ".join(
        (operation.summary, operation.tag, operation.operation_id, operation.method)
    ).lower()
    return operation


def _text(value: Any) -> str:
    """A scalar as text; anything else (a list, a mapping: perhaps an alias bomb) as ""."""
    if isinstance(value, str):
        return value
    return "" if value is None or isinstance(value, dict | list) else str(value)


def _add_parameters(
    operation: Operation,
    raw: dict[str, Any],
    shared: Any,
    resolver: _Resolver,
    swagger2: bool,
) -> None:
    """Path-item and operation parameters (the operation's win); a Swagger 2 `in: body`
    parameter is the request body."""
    own = raw.get("parameters")
    merged: dict[tuple[str, str], Any] = {}
    for entry in (shared if isinstance(shared, list) else []) + (
        own if isinstance(own, list) else []
    ):
        try:
            param = resolver.resolve(entry)
        except ValueError as exc:
            operation.problems.append(f"a parameter was skipped: {exc}")
            continue
        if isinstance(param, dict) and "name" in param and "in" in param:
            merged[(_text(param["name"]), _text(param["in"]))] = param
    form_fields: dict[str, Any] = {}
    for (name, location), param in merged.items():
        if location == "body" and swagger2:
            operation.raw_body_schema = param.get("schema") or {}
            operation.body_content_type = _first_consumes(raw, resolver.document)
            continue
        if location == "formData" and swagger2:
            form_fields[name] = param
        operation.parameters.append(_parameter(name, location, param, resolver))
    if form_fields and operation.raw_body_schema is None:
        _add_form_body(operation, form_fields, raw, resolver.document)
    # Path parameters the spec forgot to declare still need a value.
    declared = {p.name for p in operation.parameters if p.location == "path"}
    for name in _template_names(operation.path):
        if name not in declared:
            operation.parameters.append(Parameter(name, "path", required=True))


def _add_form_body(
    operation: Operation, fields: dict[str, Any], raw: dict[str, Any], document: dict[str, Any]
) -> None:
    """Swagger 2's `in: formData` parameters as the object schema OpenAPI 3 would give."""
    has_file = any(param.get("type") == "file" for param in fields.values())
    consumes = raw.get("consumes") or document.get("consumes") or []
    forms = [c for c in consumes if isinstance(c, str) and "form" in c]
    multipart = next((c for c in forms if "multipart" in c), "")
    if has_file or not forms:
        operation.body_content_type = multipart or (
            "multipart/form-data" if has_file else "application/x-www-form-urlencoded"
        )
    else:
        operation.body_content_type = forms[0]
    properties = {
        name: {"type": "string", "format": "binary"}
        if param.get("type") == "file"
        else {k: param[k] for k in ("type", "format", "enum", "default", "items") if k in param}
        for name, param in fields.items()
    }
    required = [name for name, param in fields.items() if param.get("required") is True]
    operation.raw_body_schema = {"type": "object", "properties": properties, "required": required}


def _add_request_body(operation: Operation, raw_body: Any, resolver: _Resolver) -> None:
    """OpenAPI 3's `requestBody`: its preferred media type and that type's schema."""
    if raw_body is None:
        return
    body = resolver.resolve(raw_body)
    content = body.get("content") if isinstance(body, dict) else None
    if isinstance(content, dict) and content:
        media = _preferred_media(content)
        media_object = content.get(media)
        schema_node = media_object.get("schema") if isinstance(media_object, dict) else None
        operation.body_content_type = media
        operation.raw_body_schema = schema_node or {}


def _add_responses(
    operation: Operation, responses: Any, resolver: _Resolver, swagger2: bool
) -> None:
    """Each status code's description and raw schema (inlined only when shown)."""
    for code, response in responses.items() if isinstance(responses, dict) else []:
        response = resolver.resolve(response)
        if not isinstance(response, dict):
            continue
        schema = response.get("schema") if swagger2 else None
        content = response.get("content")
        if isinstance(content, dict) and content:
            media_object = content.get(_preferred_media(content))
            schema = media_object.get("schema") if isinstance(media_object, dict) else None
        operation.raw_responses[_text(code)] = (_text(response.get("description")), schema)


def _parameter(name: str, location: str, param: dict[str, Any], resolver: _Resolver) -> Parameter:
    schema = resolver.schema(param.get("schema")) if "schema" in param else param
    schema = schema if isinstance(schema, dict) else {}
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        item_enum = schema["items"].get("enum")
        enum = item_enum if isinstance(item_enum, list) else schema.get("enum")
    else:
        enum = schema.get("enum")
    default = schema.get("default", param.get("default"))
    return Parameter(
        name=name,
        location=location,
        required=bool(param.get("required", location == "path")),
        type=_text(schema.get("type", "string")),
        format=_text(schema.get("format")),
        enum=tuple(_text(v) for v in enum) if isinstance(enum, list) else (),
        default=None if default is None else _scalar(default),
        description=_text(param.get("description")),
    )


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    # `default=str`: whatever a YAML loader made of a value (a date) still reads as text.
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _template_names(path: str) -> list[str]:
    names, rest = [], path
    while "{" in rest and "}" in rest.split("{", 1)[1]:
        inner, rest = rest.split("{", 1)[1].split("}", 1)
        names.append(inner)
    return names


def _preferred_media(content: dict[str, Any]) -> str:
    for media in ("application/json", "application/*+json", "text/json"):
        if media in content:
            return media
    return next(iter(content))


def _first_consumes(raw: dict[str, Any], document: dict[str, Any]) -> str:
    consumes = raw.get("consumes") or document.get("consumes") or ["application/json"]
    return _text(consumes[0]) if isinstance(consumes, list) and consumes else "application/json"
