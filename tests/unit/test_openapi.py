"""The OpenAPI catalog: demo spec, Swagger 2.0, 3.1, damage, examples, filtering."""

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.catalog.openapi import load_catalog
from mct_desktop.core.catalog.schema_example import example
from mct_desktop.core.catalog.search import (
    MissingParameter,
    fill_path,
    filter_operations,
    missing_required,
    request_for,
)
from mct_desktop.core.catalog.spec_document import SpecError, parse_document
from mct_desktop.demo.swagger import documents


@pytest.fixture(scope="module")
def demo_ops():
    ops = []
    for version, document in documents().items():
        catalog = load_catalog(document, version)
        assert catalog.skipped == []
        ops += catalog.operations
    return ops


def op(ops, method, path):
    return next(o for o in ops if o.method == method and o.path == path)


def test_demo_spec_covers_every_listed_operation(demo_ops):
    assert len(demo_ops) == 244
    assert sum(o.version == "v1" for o in demo_ops) == 189
    assert len({(o.version, o.tag) for o in demo_ops}) == 33 + 9
    metadata = op(demo_ops, "GET", "/api/v2/Courses/{courseId}/Metadata")
    assert metadata.tag == "Courses" and metadata.summary == "Metadata of one course"
    assert [(p.name, p.location, p.required, p.type) for p in metadata.parameters] == [
        ("courseId", "path", True, "integer")
    ]


def test_refs_and_recursive_schemas_are_resolved(demo_ops):
    categories = op(demo_ops, "GET", "/api/v2/admin/categoriesAndCourses")
    schema = categories.responses["200"][1]
    item = schema["items"]
    assert item["title"] == "Category"
    assert item["properties"]["subCategories"]["items"] == {"$recursive": "Category"}
    assert item["properties"]["courses"]["items"]["title"] == "Course"
    courses = op(demo_ops, "GET", "/api/v2/Courses")
    status = next(p for p in courses.parameters if p.name == "status")
    assert status.enum == ("Published", "Draft")
    page_size = next(p for p in courses.parameters if p.name == "pageSize")
    assert page_size.default == "20" and not page_size.required


def test_request_from_operation_has_defaults_and_body_example(demo_ops):
    create = request_for(op(demo_ops, "POST", "/api/v2/Category"))
    assert create.method == "POST" and create.body_kind.value == "json"
    assert json.loads(create.body_text) == {"name": "Robotics"}
    listing = request_for(op(demo_ops, "GET", "/api/v2/Courses"))
    assert listing.query == [("page", "1"), ("pageSize", "20")]


def test_path_and_required_parameters(demo_ops):
    metadata = op(demo_ops, "GET", "/api/v2/Courses/{courseId}/Metadata")
    assert (
        fill_path(metadata.path, {"courseId": "10 1"}, metadata.parameters)
        == "/api/v2/Courses/10%201/Metadata"
    )
    with pytest.raises(MissingParameter, match="courseId"):
        fill_path(metadata.path, {}, metadata.parameters)
    swagger2 = load_catalog(SWAGGER2).operations
    find = next(o for o in swagger2 if o.operation_id == "findPets")
    assert missing_required(find, [], []) == ["status (query)"]
    assert missing_required(find, [("status", "sold")], []) == []


def test_filter_ranks_whole_segments_first(demo_ops):
    ranked = filter_operations(demo_ops, "users")
    assert ranked[0].path in ("/api/v1/users", "/api/v1/admin/users", "/api/v2/admin/users")
    assert all("users" in o.path.lower() or "users" in o.search_text for o in ranked[:20])
    both = filter_operations(demo_ops, "course metadata")
    assert {o.path for o in both[:2]} == {
        "/api/v1/Courses/{courseId}/Metadata",
        "/api/v2/Courses/{courseId}/Metadata",
    }
    assert filter_operations(demo_ops, "cmeta")  # fuzzy: c…m…e…t…a in a path
    assert filter_operations(demo_ops, "") == demo_ops
    assert filter_operations(demo_ops, "nothing-like-this") == []
    by_id = filter_operations(demo_ops, "courses_getcourses")
    assert by_id and by_id[0].path.lower() == "/api/v1/courses"


SWAGGER2 = {
    "swagger": "2.0",
    "info": {"title": "Pets", "version": "1.0"},
    "consumes": ["application/json"],
    "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer", "default": 10}},
    "definitions": {
        "Pet": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "born": {"type": "string", "format": "date"},
                "parent": {"$ref": "#/definitions/Pet"},
            },
        },
    },
    "paths": {
        "/pets": {
            "get": {
                "operationId": "findPets",
                "tags": ["pets"],
                "parameters": [
                    {"$ref": "#/parameters/limit"},
                    {
                        "name": "status",
                        "in": "query",
                        "required": True,
                        "type": "array",
                        "items": {"type": "string", "enum": ["available", "sold"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                    }
                },
            },
            "post": {
                "operationId": "addPet",
                "parameters": [
                    {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}
                ],
                "responses": {"201": {"description": "created"}},
            },
        },
        "/pets/{petId}": {"get": {"responses": {"200": {"description": "ok"}}}},
    },
}


def test_swagger_2():
    catalog = load_catalog(SWAGGER2)
    assert catalog.skipped == []
    find = next(o for o in catalog.operations if o.operation_id == "findPets")
    assert [(p.name, p.default, p.enum) for p in find.parameters] == [
        ("limit", "10", ()),
        ("status", None, ("available", "sold")),
    ]
    add = next(o for o in catalog.operations if o.operation_id == "addPet")
    assert add.body_content_type == "application/json"
    assert example(add.body_schema) == {"name": "string"}
    undeclared = next(o for o in catalog.operations if o.path == "/pets/{petId}")
    assert [(p.name, p.required) for p in undeclared.parameters] == [("petId", True)]


def test_openapi_31_type_lists_and_yaml():
    text = """
openapi: 3.1.0
info: {title: T, version: '2'}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                when: {type: [string, 'null'], format: date-time}
                kind: {oneOf: [{type: string, enum: [a, b]}, {type: integer}]}
                all:
                  allOf: [{properties: {x: {type: integer}}}, {properties: {y: {type: boolean}}}]
      responses: {'204': {description: none}}
"""
    operation = load_catalog(parse_document(text)).operations[0]
    assert example(operation.body_schema) == {
        "when": "2026-01-31T09:00:00Z",
        "kind": "a",
        "all": {"x": 0, "y": False},
    }


def test_damaged_specs_load_what_they_can():
    document = {
        "openapi": "3.0.0",
        "paths": {
            "/ok": {"get": {"responses": {"200": {"description": "ok"}}}},
            "/string": "not an object",
            "/badop": {"get": "nope", "post": {"parameters": [{"$ref": "#/nowhere"}]}},
            "/loop": {"$ref": "#/paths/~1loop"},
            "/badschema": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Missing"}
                                }
                            },
                        }
                    }
                }
            },
        },
    }
    catalog = load_catalog(document, "v9")
    assert {o.path for o in catalog.operations} == {"/ok", "/badop", "/badschema"}
    assert any("/string" in s for s in catalog.skipped)
    assert any("GET /badop" in s for s in catalog.skipped)
    assert any("POST /badop: a parameter was skipped" in s for s in catalog.skipped)
    assert any("/loop" in s and "circular" in s for s in catalog.skipped)
    bad = next(o for o in catalog.operations if o.path == "/badschema")
    assert "unresolvable reference" in bad.responses["200"][1]["description"]
    assert load_catalog({"openapi": "3.0.0"}).skipped == ["api: no 'paths' object"]


@pytest.mark.parametrize("text", ["", "[]", "not json: [", '{"info": {}}', "42"])
def test_documents_that_are_not_specs(text):
    with pytest.raises(SpecError):
        parse_document(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "$ref",
                    "get",
                    "post",
                    "parameters",
                    "schema",
                    "type",
                    "properties",
                    "items",
                    "in",
                    "name",
                    "paths",
                    "responses",
                    "content",
                    "requestBody",
                    "/x",
                    "/y/{id}",
                    "#/paths/~1x",
                    "required",
                    "enum",
                    "allOf",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@given(paths=json_values)
def test_malformed_specs_never_raise(paths):
    catalog = load_catalog({"openapi": "3.0.0", "paths": paths})
    for operation in catalog.operations:
        example(operation.body_schema)
        request_for(operation)


def test_hostile_schemas_stay_bounded():
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {
                "a": {"$ref": f"#/components/schemas/S{i + 1}"},
                "b": {"$ref": f"#/components/schemas/S{i + 1}"},
            },
        }
        for i in range(30)
    }
    schemas["S30"] = {"type": "integer", "minimum": "abc"}
    document = {
        "openapi": "3.0.0",
        "components": {"schemas": schemas},
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}
                        }
                    }
                }
            }
        },
    }
    operation = load_catalog(document).operations[0]
    started = time.perf_counter()
    schema = operation.body_schema
    example(schema)
    assert time.perf_counter() - started < 2
    assert "too large to show" in str(schema)
    assert example({"type": "number", "minimum": None}) == 0.0
    assert example({"type": "integer", "minimum": [1]}) == 0
