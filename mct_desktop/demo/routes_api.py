"""The slice of the MCT REST API the demo portal implements, with its role checks."""

from __future__ import annotations

import json
import socket
import struct
import time
from http import HTTPStatus
from typing import Any

from mct_desktop.demo.accounts import ACCOUNTS, TENANT_ID
from mct_desktop.demo.data import large_json, page
from mct_desktop.demo.http import Handler, Request, route

ADMIN = "Global Administrator"


def _principal(h: Handler, *, admin: bool = False) -> dict[str, Any] | None:
    """The caller (user or service), or None after a 401/403 reply was sent."""
    authorization = h.headers.get("Authorization", "")
    claims, reason = h.portal.claims_for_bearer(authorization)
    if claims is None:
        h.unauthorized(reason)
        return None
    if claims.get("idtyp") == "app":
        if h.headers.get("ClientType", "").lower() != "service":
            h.unauthorized("app-only tokens must be sent with 'ClientType: Service'")
            return None
        return {"id": claims["appid"], "name": "Demo service", "role": ADMIN, "service": True}
    account = next((a for a in ACCOUNTS.values() if a.user_id == claims.get("sub")), None)
    if account is None:
        h.unauthorized("unknown user")
        return None
    principal = {
        "id": account.user_id,
        "name": account.name,
        "email": account.email,
        "role": account.role,
        "service": False,
    }
    if admin and account.role != ADMIN:
        h.send_json(
            HTTPStatus.FORBIDDEN,
            {
                "message": f"{account.role}s may not call this "
                "endpoint: it needs the Global Administrator role."
            },
        )
        return None
    return principal


def _not_found(h: Handler, what: str) -> None:
    h.send_json(HTTPStatus.NOT_FOUND, {"message": f"{what} not found"})


@route("GET", r"/api/v2/profile")
def profile(h: Handler, req: Request) -> None:
    if (who := _principal(h)) is None:
        return
    if who["service"]:
        h.send_json(
            HTTPStatus.OK,
            {"id": who["id"], "name": who["name"], "role": "Service", "tenantId": TENANT_ID},
        )
        return
    h.send_json(
        HTTPStatus.OK,
        {
            "id": who["id"],
            "name": who["name"],
            "email": who["email"],
            "role": who["role"],
            "tenantId": TENANT_ID,
        },
    )


@route("GET", r"/api/v[12]/profile/role")
def profile_role(h: Handler, req: Request) -> None:
    if (who := _principal(h)) is not None:
        h.send_json(HTTPStatus.OK, {"role": who["role"]})


@route("GET", r"/api/v2/deployment/info")
def deployment_info(h: Handler, req: Request) -> None:
    h.send_json(HTTPStatus.OK, {"version": "demo-2026.11", "apiVersions": ["v1", "v2"]})


@route("GET", r"/api/v[12]/courses")
def courses(h: Handler, req: Request) -> None:
    if _principal(h) is None:
        return
    items = list(h.portal.data.courses.values())
    if status := req.arg("status"):
        items = [c for c in items if c["status"].lower() == status.lower()]
    result, problem = page(items, req.arg("page"), req.arg("pageSize"))
    if result is None:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": problem})
        return
    h.send_json(HTTPStatus.OK, result)


@route("GET", r"/api/v[12]/courses/(?P<courseId>\d+)/metadata")
def course_metadata(h: Handler, req: Request) -> None:
    if _principal(h) is None:
        return
    course = h.portal.data.courses.get(int(req.params["courseId"]))
    if course is None:
        _not_found(h, f"Course {req.params['courseId']}")
        return
    h.send_json(HTTPStatus.OK, course)


@route("GET", r"/api/v2/courses/(?P<courseId>\d+)/content")
def course_content_zip(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is None:
        return
    course_id = int(req.params["courseId"])
    if course_id not in h.portal.data.courses:
        _not_found(h, f"Course {course_id}")
        return
    h.send(
        HTTPStatus.OK,
        h.portal.data.course_zip(course_id),
        "application/zip",
        {"Content-Disposition": f'attachment; filename="course-{course_id}-content.zip"'},
    )


@route("GET", r"/api/v2/admin/categoriesandcourses")
def categories_and_courses(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is not None:
        h.send_json(HTTPStatus.OK, h.portal.data.categories_and_courses())


@route("POST", r"/api/v[12]/category")
def create_category(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is None:
        return
    try:
        body = json.loads(req.body or b"{}")
        name = str(body["name"]).strip()
    except (ValueError, KeyError, TypeError):
        h.send_json(
            HTTPStatus.BAD_REQUEST,
            {"message": 'Body must be {"name": "...", "description": "..."}'},
        )
        return
    if not name:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": "name must not be empty"})
        return
    data = h.portal.data
    with data.lock:
        new_id = data.next_category_id
        data.next_category_id += 1
        category = {"id": new_id, "name": name, "description": str(body.get("description", ""))}
        data.categories[new_id] = category
    h.send_json(HTTPStatus.CREATED, category, {"Location": f"/api/v2/Category/{category['id']}"})


@route("DELETE", r"/api/v[12]/category/(?P<categoryId>\d+)")
def delete_category(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is None:
        return
    if h.portal.data.categories.pop(int(req.params["categoryId"]), None) is None:
        _not_found(h, f"Category {req.params['categoryId']}")
        return
    h.send(HTTPStatus.NO_CONTENT, b"", "application/json")


@route("GET", r"/api/v1/groups")
def groups(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is not None:
        h.send_json(HTTPStatus.OK, h.portal.data.groups)


@route("GET", r"/api/v[12]/learningpaths")
def learning_paths(h: Handler, req: Request) -> None:
    if _principal(h) is not None:
        h.send_json(HTTPStatus.OK, h.portal.data.learning_paths)


@route("GET", r"/api/v1/users")
def users(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is None:
        return
    result, problem = page(h.portal.data.users, req.arg("page"), req.arg("pageSize"))
    if result is None:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": problem})
        return
    h.send_json(HTTPStatus.OK, result)


@route("GET", r"/api/v2/reports/users")
def users_report(h: Handler, req: Request) -> None:
    if _principal(h, admin=True) is None:
        return
    h.send(
        HTTPStatus.OK,
        h.portal.data.users_csv(),
        "text/csv; charset=utf-8",
        {"Content-Disposition": 'attachment; filename="users-report.csv"'},
    )


# ----- demo-only endpoints that exercise the console's edge cases
@route("GET", r"/api/demo/slow")
def slow(h: Handler, req: Request) -> None:
    try:
        seconds = min(float(req.arg("seconds", "3")), 120.0)
    except ValueError:
        seconds = 3.0
    time.sleep(seconds)
    h.send_json(HTTPStatus.OK, {"waited": seconds})


@route("GET", r"/api/demo/ratelimited")
def rate_limited(h: Handler, req: Request) -> None:
    h.send_json(
        HTTPStatus.TOO_MANY_REQUESTS,
        {"message": "Too many requests; slow down."},
        {"Retry-After": "30"},
    )


@route("GET", r"/api/demo/large")
def large(h: Handler, req: Request) -> None:
    if _principal(h) is None:
        return
    try:
        megabytes = min(max(float(req.arg("mb", "1")), 0.001), 200.0)
    except ValueError:
        megabytes = 1.0
    h.send(HTTPStatus.OK, large_json(round(megabytes, 3)), "application/json")


@route("GET", r"/api/demo/redirect-loop")
def redirect_loop(h: Handler, req: Request) -> None:
    h.redirect(f"{h.portal.url}/api/demo/redirect-loop?n={int(req.arg('n', '0')) + 1}")


@route("GET", r"/api/demo/redirect-to-other-origin")
def redirect_to_other_origin(h: Handler, req: Request) -> None:
    h.redirect(f"{h.portal.sign_in_origin}/api/v2/deployment/info")


@route("GET", r"/api/demo/server-error")
def server_error(h: Handler, req: Request) -> None:
    h.send_json(
        HTTPStatus.INTERNAL_SERVER_ERROR,
        {"message": "Something went wrong on the demo server", "traceId": "00-demo-01"},
    )


@route("GET", r"/api/demo/invalid-json")
def invalid_json(h: Handler, req: Request) -> None:
    h.send(HTTPStatus.OK, b'{"items": [1, 2, oops', "application/json")


def _partial_body(h: Handler, announced: int, sent: bytes) -> None:
    """Headers promising `announced` bytes, then only `sent`; the connection ends after."""
    h.send_response(HTTPStatus.OK)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(announced))
    h.end_headers()
    h.wfile.write(sent)
    h.wfile.flush()
    h.close_connection = True


@route("GET", r"/api/demo/truncated")
def truncated(h: Handler, req: Request) -> None:
    # Promises 100 kB, sends 1 kB, then closes the connection cleanly.
    _partial_body(h, 100_000, b"[" + b"0," * 500)


@route("GET", r"/api/demo/reset-mid-body")
def reset_mid_body(h: Handler, req: Request) -> None:
    # Sends part of the body, then resets the connection (RST), like a crashed proxy.
    _partial_body(h, 200_000, b"[" + b"1," * 25000)
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
