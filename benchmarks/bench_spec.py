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
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents
    from mct_desktop.demo.swagger import documents

    texts = {v: json.dumps(d) for v, d in documents().items()}

    def index() -> None:
        loaded = catalog_from_documents({v: json.loads(t) for v, t in texts.items()}, "demo")
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
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents

    text = json.dumps(synthetic_spec())

    def load() -> None:
        loaded = catalog_from_documents({"v1": json.loads(text)}, "synthetic")
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
    from mct_desktop.core.catalog.spec_loader import catalog_from_documents

    operations = catalog_from_documents({"v1": synthetic_spec()}, "synthetic").catalog.operations
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
