"""The demo portal's Swagger: one OpenAPI 3.0 document per API version, 244 operations."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_TSV = Path(__file__).with_name("endpoints.tsv")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "page", "pageSize", "totalCount"],
        "properties": {
            "items": {"type": "array", "items": _ref(name)},
            "page": {"type": "integer", "minimum": 1},
            "pageSize": {"type": "integer"},
            "totalCount": {"type": "integer"},
            "totalPages": {"type": "integer"},
        },
    }


SCHEMAS: dict[str, Any] = {
    "Profile": {
        "type": "object",
        "required": ["id", "name", "role"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "role": {"type": "string", "enum": ["Global Administrator", "Learner", "Service"]},
            "tenantId": {"type": "string", "format": "uuid"},
        },
    },
    "Course": {
        "type": "object",
        "required": ["id", "title"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "categoryId": {"type": "integer"},
            "status": {"type": "string", "enum": ["Published", "Draft"]},
            "lessons": {"type": "integer"},
            "language": {"type": "string"},
        },
    },
    "CoursePage": _page_of("Course"),
    # Recursive on purpose: categories nest, as they do in MCT.
    "Category": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "subCategories": {"type": "array", "items": _ref("Category")},
            "courses": {"type": "array", "items": _ref("Course")},
        },
    },
    "CategoryInput": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "example": "Robotics"},
            "description": {"type": "string"},
            "parentCategoryId": {"type": "integer", "nullable": True},
        },
    },
    "User": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "role": {"type": "string"},
            "groupId": {"type": "integer"},
            "progress": {"type": "integer", "minimum": 0},
        },
    },
    "UserPage": _page_of("User"),
    "Group": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "learners": {"type": "integer"},
        },
    },
    "LearningPath": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "courseIds": {"type": "array", "items": {"type": "integer"}},
        },
    },
    "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
}

_PAGING = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "default": 1, "minimum": 1},
        "description": "Page number, from 1",
    },
    {
        "name": "pageSize",
        "in": "query",
        "schema": {"type": "integer", "default": 20, "maximum": 500},
        "description": "Items per page",
    },
]


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# What the demo implements: (method, path pattern) -> summary and OpenAPI details.
IMPLEMENTED: list[tuple[str, str, dict[str, Any]]] = [
    (
        "GET",
        r"/api/v2/profile",
        {"summary": "The signed-in user's profile", "responses": {"200": _json(_ref("Profile"))}},
    ),
    ("GET", r"/api/v[12]/profile/role", {"summary": "The signed-in user's role"}),
    (
        "GET",
        r"/api/v[12]/courses",
        {
            "summary": "List courses, a page at a time",
            "parameters": [
                *_PAGING,
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["Published", "Draft"]},
                },
            ],
            "responses": {"200": _json(_ref("CoursePage"))},
        },
    ),
    (
        "GET",
        r"/api/v[12]/courses/\{courseid\}/metadata",
        {
            "summary": "Metadata of one course",
            "responses": {
                "200": _json(_ref("Course")),
                "404": _json(_ref("Error"), "No such course"),
            },
        },
    ),
    (
        "GET",
        r"/api/v2/courses/\{courseid\}/content",
        {
            "summary": "Download a course's content as a ZIP file",
            "responses": {
                "200": {
                    "description": "ZIP archive",
                    "content": {
                        "application/zip": {"schema": {"type": "string", "format": "binary"}}
                    },
                }
            },
        },
    ),
    (
        "GET",
        r"/api/v2/admin/categoriesandcourses",
        {
            "summary": "Categories with their courses (administrators)",
            "responses": {"200": _json({"type": "array", "items": _ref("Category")})},
        },
    ),
    (
        "POST",
        r"/api/v[12]/category",
        {
            "summary": "Create a category (administrators)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("CategoryInput")}},
            },
            "responses": {
                "201": _json(_ref("Category"), "Created"),
                "400": _json(_ref("Error"), "Invalid input"),
            },
        },
    ),
    ("DELETE", r"/api/v[12]/category/\{categoryid\}", {"summary": "Delete a category"}),
    (
        "GET",
        r"/api/v1/groups",
        {
            "summary": "List groups (administrators)",
            "responses": {"200": _json({"type": "array", "items": _ref("Group")})},
        },
    ),
    (
        "GET",
        r"/api/v[12]/learningpaths",
        {
            "summary": "List learning paths",
            "responses": {"200": _json({"type": "array", "items": _ref("LearningPath")})},
        },
    ),
    (
        "GET",
        r"/api/v[12]/admin/users",
        {
            "summary": "List users, skip/take (administrators)",
            "parameters": [
                {"name": "skip", "in": "query", "schema": {"type": "integer", "default": 0}},
                {"name": "take", "in": "query", "schema": {"type": "integer", "default": 100}},
            ],
            "responses": {"200": _json({"type": "object"})},
        },
    ),
    (
        "GET",
        r"/api/v1/organization",
        {"summary": "List organizations (administrators)", "parameters": _PAGING},
    ),
    (
        "GET",
        r"/api/v1/users",
        {
            "summary": "List users, a page at a time (administrators)",
            "parameters": _PAGING,
            "responses": {
                "200": _json(_ref("UserPage")),
                "403": _json(_ref("Error"), "Not an administrator"),
            },
        },
    ),
    (
        "GET",
        r"/api/v[12]/reports/users",
        {
            "summary": "Users report as CSV (administrators)",
            "responses": {
                "200": {
                    "description": "CSV file",
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                }
            },
        },
    ),
    ("GET", r"/api/v2/deployment/info", {"summary": "Version of the portal deployment"}),
]


def _details(method: str, path: str) -> dict[str, Any]:
    for verb, pattern, details in IMPLEMENTED:
        if verb == method and re.fullmatch(pattern, path.lower()):
            return details
    return {}


def _summary(method: str, path: str) -> str:
    words = [p for p in path.split("/")[3:] if p and not p.startswith("{")]
    action = {
        "GET": "Get",
        "POST": "Create",
        "PUT": "Update",
        "DELETE": "Delete",
        "PATCH": "Change",
    }.get(method, method.title())
    return f"{action} {' '.join(words[-2:]) or 'resource'}"


def _operation_id(tag: str, method: str, path: str) -> str:
    parts = [re.sub(r"\W", "", p.title()) for p in path.split("/")[3:]]
    return f"{tag}_{method.title()}{''.join(parts)}"


@lru_cache(maxsize=1)
def documents() -> dict[str, dict[str, Any]]:
    """`{"v1": {...}, "v2": {...}}` built from endpoints.tsv."""
    docs: dict[str, dict[str, Any]] = {}
    with _TSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            version, tag, method, path = row["version"], row["tag"], row["method"], row["path"]
            doc = docs.setdefault(
                version,
                {
                    "openapi": "3.0.1",
                    "info": {
                        "title": f"Microsoft Community Training API {version.upper()} (demo)",
                        "version": version,
                    },
                    "paths": {},
                    "components": {
                        "schemas": SCHEMAS,
                        "securitySchemes": {"Bearer": {"type": "http", "scheme": "bearer"}},
                    },
                    "security": [{"Bearer": []}],
                },
            )
            details = _details(method, path)
            params = [
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer" if name.lower().endswith("id") else "string"},
                }
                for name in re.findall(r"\{(\w+)\}", path)
            ] + list(details.get("parameters", []))
            operation: dict[str, Any] = {
                "tags": [tag],
                "summary": details.get("summary") or _summary(method, path),
                "operationId": _operation_id(tag, method, path),
                "parameters": params,
                "responses": details.get("responses") or {"200": {"description": "OK"}},
            }
            if "requestBody" in details:
                operation["requestBody"] = details["requestBody"]
            doc["paths"].setdefault(path, {})[method.lower()] = operation
    return docs


def document_bytes(version: str) -> bytes | None:
    doc = documents().get(version)
    return json.dumps(doc).encode() if doc is not None else None


def swagger_ui_page() -> bytes:
    """Like Swashbuckle's index.html: the documents are listed in its configuration."""
    urls = [
        {"url": f"/swagger/{v}/swagger.json", "name": f"MCT API {v.upper()}"} for v in documents()
    ]
    config = json.dumps({"urls": urls, "deepLinking": False, "displayOperationId": False})
    return (
        "<!DOCTYPE html><html><head><meta charset='UTF-8'><title>Swagger UI</title></head>"
        "<body><div id='swagger-ui'></div><script>window.onload = function () {\n"
        f"  var configObject = JSON.parse('{config}');\n"
        "  configObject.dom_id = '#swagger-ui';\n"
        "  const ui = SwaggerUIBundle(configObject);\n};</script></body></html>"
    ).encode()
