"""The catalog on what real specs hold (GitHub, Stripe, Swagger 2 uploads, YAML as people
write it, OpenAPI 3.1 webhooks): issue 13, items 5-10 and 15."""

import json

import pytest

from mct_desktop.core.api.request import BodyKind
from mct_desktop.core.catalog import openapi
from mct_desktop.core.catalog.openapi import load_catalog
from mct_desktop.core.catalog.schema_example import example
from mct_desktop.core.catalog.search import filter_operations, request_for
from mct_desktop.core.catalog.spec_document import parse_document


def _spec(body_schema, schemas=None):
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/things": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": body_schema}}},
                    "responses": {"201": {"description": "made"}},
                }
            }
        },
        "components": {"schemas": schemas or {}},
    }


def _body(document):
    (operation,) = load_catalog(document).operations
    return json.loads(request_for(operation).body_text)


def test_one_of_listing_only_required_fields_fills_the_objects_own_properties():
    # GitHub's shape (e.g. POST /repos/{owner}/{repo}/statuses' siblings, PUT .../labels).
    schema = {
        "type": "object",
        "properties": {"labels": {"type": "array", "items": {"type": "string"}}, "x": {}},
        "oneOf": [{"required": ["labels"]}, {"required": ["x"]}],
    }
    assert _body(_spec(schema)) == {"labels": ["string"]}


def test_all_of_keeps_sibling_properties_and_required_ones():
    schemas = {"Base": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    schema = {
        "allOf": [{"$ref": "#/components/schemas/Base"}],
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name"],
    }
    assert _body(_spec(schema, schemas)) == {"id": 0, "name": "string"}


def test_read_only_fields_stay_out_of_request_bodies_but_not_responses():
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string"},
        },
    }
    assert _body(_spec(schema)) == {"name": "string"}
    assert example(schema) == {"id": 0, "name": "string"}


def test_an_untyped_body_schema_is_an_empty_object():
    assert _body(_spec({})) == {}
    assert _body(_spec({"description": "anything"})) == {}


def test_swagger_2_form_data_gives_a_multipart_body_with_its_file_field():
    document = {
        "swagger": "2.0",
        "info": {"title": "pets", "version": "1"},
        "paths": {
            "/pet/{petId}/uploadImage": {
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "petId", "in": "path", "required": True, "type": "integer"},
                        {"name": "additionalMetadata", "in": "formData", "type": "string"},
                        {"name": "file", "in": "formData", "type": "file"},
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/pet/{petId}": {
                "post": {
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [
                        {"name": "petId", "in": "path", "required": True, "type": "integer"},
                        {"name": "name", "in": "formData", "type": "string"},
                        {"name": "status", "in": "formData", "type": "string"},
                    ],
                    "responses": {"405": {"description": "bad"}},
                }
            },
        },
    }
    ops = {o.path: o for o in load_catalog(document).operations}
    upload = request_for(ops["/pet/{petId}/uploadImage"])
    assert upload.body_kind is BodyKind.MULTIPART
    assert upload.file_field == "file"
    assert upload.form == [("additionalMetadata", "string")]
    form = request_for(ops["/pet/{petId}"])
    assert form.body_kind is BodyKind.FORM
    assert form.form == [("name", "string"), ("status", "string")]


def test_a_webhooks_only_openapi_31_document_has_no_operations_and_no_error():
    document = {
        "openapi": "3.1.0",
        "info": {"title": "hooks", "version": "1"},
        "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
    }
    catalog = load_catalog(document)
    assert catalog.operations == [] and catalog.skipped == []
    assert catalog.notes == ["1: the document describes webhooks only: no operations to call."]


YAML_DATES = """
openapi: 3.0.0
info: {title: dates, version: "1"}
paths:
  /reports:
    get:
      parameters:
        - name: since
          in: query
          schema: {type: string, format: date, default: 2024-01-31}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  at: {type: string, format: date-time, example: 2024-01-31T09:00:00Z}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                at: {type: string, example: 2024-01-31T09:00:00Z}
      responses: {"200": {description: ok}}
"""


def test_unquoted_yaml_dates_and_timestamps_are_read_as_text():
    catalog = load_catalog(parse_document(YAML_DATES))
    assert catalog.skipped == []
    ops = {o.method: o for o in catalog.operations}
    assert request_for(ops["GET"]).query == [("since", "2024-01-31")]
    assert json.loads(request_for(ops["POST"]).body_text) == {"at": "2024-01-31T09:00:00Z"}
    json.dumps(ops["GET"].responses)  # the docs pane shows it as JSON


def test_timestamps_a_loader_made_objects_of_still_make_a_body():
    import datetime

    schema = {"type": "object", "properties": {"d": {"example": datetime.date(2024, 1, 31)}}}
    assert example(schema) == {"d": "2024-01-31"}


def test_the_inlined_schema_cache_is_bounded():
    from benchmarks.bench_spec import synthetic_spec

    catalog = load_catalog(synthetic_spec(500, chain=10))
    resolver = catalog.operations[0].resolver
    for operation in catalog.operations:
        assert operation.body_schema is not None
        assert operation.responses
    assert len(resolver._cache) <= openapi.SCHEMA_CACHE_SIZE
    first = catalog.operations[-1]
    assert first.body_schema is first.body_schema  # the recent ones are kept


def test_a_leading_method_word_filters_by_method():
    document = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/users": {
                m: {"summary": "Get or change users", "responses": {}}
                for m in ("get", "post", "delete")
            },
            "/users/{id}": {"get": {"responses": {}}, "delete": {"responses": {}}},
            "/get-ready": {"post": {"responses": {}}},
        },
    }
    ops = load_catalog(document).operations
    found = filter_operations(ops, "get users")
    assert [(o.method, o.path) for o in found] == [("GET", "/users"), ("GET", "/users/{id}")]
    assert {o.method for o in filter_operations(ops, "DELETE")} == {"DELETE"}
    assert filter_operations(ops, "get-ready")[0].path == "/get-ready"


def test_endpoints_prints_one_line_per_operation_and_the_documents_notes(tmp_path, capsys):
    from mct_desktop.cli import main

    spec = tmp_path / "spec.json"
    paths = {"/a": {"get": {"summary": "Lists\n\nevery   a.\r\nPaged.", "responses": {}}}}
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"version": "1"}, "paths": paths}))
    assert main(["endpoints", "--spec", str(spec)]) == 0
    assert capsys.readouterr().out.splitlines() == ["GET /a  Lists every a. Paged."]
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"version": "1"}, "webhooks": {}}))
    assert main(["endpoints", "--spec", str(spec)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no operations to call" in captured.err and "could not be read" not in captured.err


def test_browsing_builds_only_what_is_shown(monkeypatch):
    # Stripe's spec: inlining a whole body or response schema built 3-7 MB per operation.
    from benchmarks.bench_spec import stripe_like_spec
    from mct_desktop.core.catalog.schema_text import SHOWN_CHARS, schema_text

    catalog = load_catalog(stripe_like_spec(operations=20, schemas=300))
    operation = next(o for o in catalog.operations if o.method == "GET")
    resolver = operation.resolver
    _code, (_text, raw) = next(iter(operation.raw_responses.items()))
    small = {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/s1"}}}
    small = {**small, "required": ["a"], "example": {"when": "2024-01-31"}}
    full = json.dumps(resolver.schema(small), indent=2)
    assert schema_text(small, resolver.lookup, limit=5000) == full[:5000] + "\n…"
    (simple,) = load_catalog(_spec({"$ref": "#/components/schemas/B"}, {"B": small})).operations
    whole = json.dumps(simple.body_schema, indent=2)
    assert schema_text(simple.raw_body_schema, simple.resolver.lookup) == whole
    lookups = []
    monkeypatch.setattr(resolver, "lookup", lambda ref: lookups.append(ref) or resolver_lookup(ref))
    resolver_lookup = type(resolver).lookup.__get__(resolver)
    assert len(schema_text(raw, resolver.lookup)) == SHOWN_CHARS + 2
    assert len(lookups) < 200  # the whole graph is thousands
    monkeypatch.setattr(type(resolver), "schema", lambda *_: pytest.fail("inlined in full"))
    for operation in catalog.operations:
        request_for(operation)


def test_a_recursive_schema_is_marked_in_the_text():
    from mct_desktop.core.catalog.schema_text import schema_text

    document = _spec(
        {"$ref": "#/components/schemas/Node"},
        {"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}},
    )
    (operation,) = load_catalog(document).operations
    text = schema_text(operation.raw_body_schema, operation.resolver.lookup)
    assert json.loads(text) == {
        "title": "Node",
        "type": "object",
        "properties": {"next": {"$recursive": "Node"}},
    }
    assert json.loads(schema_text({"$ref": "#/nope"}, operation.resolver.lookup)) == {
        "description": "(unresolvable reference '#/nope')"
    }
