"""Endpoint catalog: index the demo spec, load a synthetic 5,000-operation spec, filter."""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from benchmarks.common import Result, median_ms


def synthetic_spec(operations: int = 5000, chain: int = 40) -> dict[str, Any]:
    """`operations` operations whose bodies and responses go through `$ref` chains of
    `chain` schemas (each schema holds the next), plus shared `$ref` parameters."""
    schemas: dict[str, Any] = {}
    for i in range(chain):
        schemas[f"Node{i}"] = {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string", "format": "email"},
                "next": {"$ref": f"#/components/schemas/Node{i + 1}"}
                if i + 1 < chain
                else {"$ref": "#/components/schemas/Node0"},
            },
        }  # and back: recursive
    for i in range(chain):  # alias chains: A0 -> A1 -> ... -> Node0
        schemas[f"Alias{i}"] = (
            {"$ref": f"#/components/schemas/Alias{i + 1}"}
            if i + 1 < chain
            else {"$ref": "#/components/schemas/Node0"}
        )
    paths: dict[str, Any] = {}
    methods = ["get", "post", "put", "delete", "patch"]
    for i in range(operations // len(methods)):
        path = f"/api/v{1 + i % 4}/resource{i}/{{itemId}}/child{i % 37}"
        paths[path] = {
            m: {
                "tags": [f"Tag{i % 60}"],
                "operationId": f"op{i}_{m}",
                "summary": f"{m.title()} child {i % 37} of resource {i}",
                "parameters": [
                    {"$ref": "#/components/parameters/itemId"},
                    {"$ref": "#/components/parameters/page"},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/Alias{i % chain}"}
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Alias0"}}
                        },
                    }
                },
            }
            for m in methods
        }
    return {
        "openapi": "3.0.1",
        "info": {"title": "Synthetic", "version": "v1"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "itemId": {
                    "name": "itemId",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                },
                "page": {
                    "name": "page",
                    "in": "query",
                    "schema": {"type": "integer", "default": 1},
                },
            },
        },
    }


def index_demo_spec() -> Result:
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents, keep_for_the_session
    from mct_desktop.demo.swagger import documents

    texts = {v: json.dumps(d) for v, d in documents().items()}

    def index() -> None:
        loaded = catalog_from_documents({v: json.loads(t) for v, t in texts.items()}, "demo")
        keep_for_the_session()  # as the console does on receiving it
        assert len(loaded.catalog.operations) == 244

    def baseline() -> None:
        for text in texts.values():
            json.loads(text)

    value, base = median_ms(index, 15), median_ms(baseline, 15)
    return Result(
        "spec: parse and index 244-operation demo spec",
        "ms",
        value,
        base,
        "< 50 ms",
        value < 50,
        15,
    )


def load_synthetic_spec() -> Result:
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents, keep_for_the_session

    text = json.dumps(synthetic_spec())

    def load() -> None:
        loaded = catalog_from_documents({"v1": json.loads(text)}, "synthetic")
        keep_for_the_session()
        assert len(loaded.catalog.operations) == 5000

    value, base = median_ms(load, 5, warmup=1), median_ms(lambda: json.loads(text), 5, warmup=1)
    return Result(
        "spec: parse and index 5,000 ops, 40-deep $ref chains",
        "ms",
        value,
        base,
        "< 1000 ms",
        value < 1000,
        5,
        {"document_bytes": len(text)},
    )


def filter_keystroke() -> Result:
    from mct_desktop.core.catalog.search import filter_operations
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents, keep_for_the_session

    operations = catalog_from_documents({"v1": synthetic_spec()}, "synthetic").catalog.operations
    keep_for_the_session()
    typed = "resource12 child"
    # Each prefix of what a user types is one keystroke.
    prefixes = [typed[:n] for n in range(1, len(typed) + 1)]
    times = []
    for prefix in prefixes * 3:
        started = time.perf_counter()
        filter_operations(operations, prefix)
        times.append((time.perf_counter() - started) * 1000)
    base = median_ms(lambda: [o.path for o in operations if "resource12" in o.search_path], 20)
    value = statistics.median(times)
    return Result(
        "spec: one filter keystroke over 5,000 ops",
        "ms",
        value,
        base,
        "< 16 ms",
        max(times) < 16,
        len(times),
        {"max_ms": max(times)},
    )


def stripe_like_spec(operations: int = 560, schemas: int = 1000, seed: int = 3) -> dict[str, Any]:
    """Shaped like Stripe's spec3.json (~560 operations, ~1,000 schemas, ~6 MB): objects of
    ~25 properties with long descriptions, most of them `anyOf: [id string, $ref]` to other
    objects (expandable fields), lists of objects, and large inline form request bodies.
    Inlined, nearly every schema reaches the whole graph: the node budget is what stops it."""
    import random

    rng = random.Random(seed)
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."

    def ref(i: int) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/s{i}"}

    components: dict[str, Any] = {}
    for i in range(schemas):
        properties: dict[str, Any] = {"id": {"type": "string", "description": text}}
        for p in range(24):
            kind = p % 4
            if kind == 0:
                properties[f"f{p}"] = {"type": "string", "maxLength": 5000, "description": text}
            elif kind == 1:
                properties[f"f{p}"] = {
                    "anyOf": [{"type": "string", "maxLength": 5000}, ref(rng.randrange(schemas))],
                    "nullable": True,
                    "description": text,
                    "x-expansionResources": {"oneOf": [ref(rng.randrange(schemas))]},
                }
            elif kind == 2:
                properties[f"f{p}"] = {
                    "type": "object",
                    "description": text,
                    "properties": {
                        "data": {"type": "array", "items": ref(rng.randrange(schemas))},
                        "has_more": {"type": "boolean"},
                        "url": {"type": "string", "maxLength": 5000},
                    },
                    "required": ["data", "has_more", "url"],
                }
            else:
                properties[f"f{p}"] = {"type": "integer", "format": "unix-time"}
        components[f"s{i}"] = {
            "type": "object",
            "title": f"S{i}",
            "properties": properties,
            "required": ["id", "f0"],
        }

    def form_body() -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for f in range(40):
            fields[f"p{f}"] = (
                {
                    "type": "object",
                    "properties": {
                        f"q{q}": {"type": "string", "maxLength": 5000} for q in range(12)
                    },
                    "title": f"param_{f}",
                }
                if f % 3 == 0
                else {"type": "string", "maxLength": 5000, "description": text}
            )
        return {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": fields},
                    "encoding": {
                        f"p{f}": {"explode": True, "style": "deepObject"} for f in range(40)
                    },
                }
            }
        }

    paths: dict[str, Any] = {}
    for i in range(operations // 2):
        target = rng.randrange(schemas)
        response = {
            "200": {
                "description": "Successful response.",
                "content": {"application/json": {"schema": ref(target)}},
            },
            "default": {
                "description": "Error response.",
                "content": {"application/json": {"schema": ref(rng.randrange(schemas))}},
            },
        }
        paths[f"/v1/thing{i}/{{id}}"] = {
            "get": {
                "operationId": f"GetThing{i}",
                "summary": f"Retrieve a thing {i}",
                "description": text,
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "expand",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": response,
            },
            "post": {
                "operationId": f"PostThing{i}",
                "summary": f"Update a thing {i}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": form_body(),
                "responses": response,
            },
        }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Stripe-like", "version": "2020-08-27"},
        "paths": paths,
        "components": {"schemas": components},
    }


def graph_sized_spec(operations: int = 11_422, schemas: int = 4_000) -> dict[str, Any]:
    """Shaped like Microsoft Graph's v1.0 OpenAPI (11,422 operations, ~20 MB as JSON):
    `allOf` inheritance from a base entity, long descriptions, deep navigation paths, every
    operation with parameters, an OData error response and a `$ref` to its entity."""
    text = "Represents a Microsoft Graph resource; read the documentation for details. " * 2

    def ref(i: int) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/microsoft.graph.e{i}"}

    components: dict[str, Any] = {
        "microsoft.graph.entity": {
            "title": "entity",
            "type": "object",
            "properties": {"id": {"type": "string", "description": "The unique identifier"}},
        }
    }
    for i in range(schemas):
        components[f"microsoft.graph.e{i}"] = {
            "allOf": [
                {"$ref": "#/components/schemas/microsoft.graph.entity"},
                {
                    "title": f"e{i}",
                    "type": "object",
                    "properties": {
                        f"prop{p}": {"type": "string", "nullable": True, "description": text}
                        for p in range(8)
                    },
                },
            ]
        }
    methods = ("get", "patch", "delete", "post")
    paths: dict[str, Any] = {}
    count = 0
    i = 0
    while count < operations:
        path = f"/users/{{user-id}}/nav{i % 97}/{{item-id}}/resource{i}"
        item: dict[str, Any] = {}
        for method in methods[: min(len(methods), operations - count)]:
            item[method] = {
                "tags": [f"users.nav{i % 97}"],
                "summary": f"{method.title()} resource{i} from users",
                "description": text,
                "operationId": f"users.nav{i % 97}.{method}Resource{i}",
                "parameters": [
                    {
                        "name": "$select",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {
                            "uniqueItems": True,
                            "type": "array",
                            "items": {"type": "string"},
                        },
                    },
                    {
                        "name": "$expand",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {
                    "2XX": {
                        "description": "Retrieved navigation property",
                        "content": {"application/json": {"schema": ref(i % schemas)}},
                    },
                    "4XX": {"$ref": "#/components/responses/error"},
                    "5XX": {"$ref": "#/components/responses/error"},
                },
                "x-ms-docs-operation-type": "operation",
            }
            if method in ("patch", "post"):
                item[method]["requestBody"] = {
                    "description": "New navigation property values",
                    "content": {"application/json": {"schema": ref(i % schemas)}},
                    "required": True,
                }
            count += 1
        item["parameters"] = [
            {
                "name": "user-id",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": "The unique identifier of user",
                "x-ms-docs-key-type": "user",
            },
            {"name": "item-id", "in": "path", "required": True, "schema": {"type": "string"}},
        ]
        paths[path] = item
        i += 1
    return {
        "openapi": "3.0.4",
        "info": {"title": "Graph-sized", "version": "v1.0"},
        "paths": paths,
        "components": {
            "schemas": components,
            "responses": {
                "error": {
                    "description": "error",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/microsoft.graph.entity"}
                        }
                    },
                }
            },
        },
    }


def graph_sized_load() -> Result:
    """Parse and index a Microsoft Graph-sized spec (11,422 operations, ~19 MB of JSON)."""
    import gc

    from mct_desktop.core.catalog.spec_document import parse_document
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents, keep_for_the_session

    text = json.dumps(graph_sized_spec()).encode()

    def load() -> None:
        loaded = catalog_from_documents({"v1.0": parse_document(text)}, "graph-sized")
        keep_for_the_session()
        assert len(loaded.catalog.operations) == 11_422

    value = median_ms(load, 3, warmup=1)
    base = median_ms(lambda: json.loads(text), 3, warmup=1)
    gc.collect()
    return Result(
        "spec: parse and index a Graph-sized spec (11,422 ops)",
        "ms",
        value,
        base,
        "< 1000 ms",
        value < 1000,
        3,
        {"document_bytes": len(text)},
    )


def stripe_like_browse() -> Result:
    """Open every operation of a Stripe-like spec: the request prefilled and the docs HTML."""
    import resource

    from mct_desktop.core.catalog.search import request_for
    from mct_desktop.core.catalog.spec_document import parse_document
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents, keep_for_the_session
    from mct_desktop.ui.console.endpoint_catalog import describe

    text = json.dumps(stripe_like_spec()).encode()
    operations = catalog_from_documents({"v1": parse_document(text)}, "stripe").catalog.operations
    keep_for_the_session()  # as the console does: browsing runs on a frozen spec
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for operation in operations:
        started = time.perf_counter()
        request_for(operation)
        describe(operation)
        times.append((time.perf_counter() - started) * 1000)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return Result(
        "spec: open each of 560 Stripe-like operations",
        "ms",
        statistics.median(times),
        None,
        "< 50 ms each",
        max(times) < 50,
        len(times),
        {"max_ms": max(times), "peak_rss_growth_mb": grown, "document_bytes": len(text)},
    )
