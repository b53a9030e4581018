"""The demo's lists and reports at export scale: both paging schemes, a cap, faults."""

from __future__ import annotations

import time
from http import HTTPStatus

from mct_desktop.demo.accounts import ACCOUNTS
from mct_desktop.demo.http import Handler, Request, route

ADMIN = "Global Administrator"


def _admin(h: Handler) -> bool:
    """The caller is a Global Administrator or an allowed service; else a 401/403 is sent."""
    claims, reason = h.portal.claims_for_bearer(h.headers.get("Authorization", ""))
    if claims is None:
        h.unauthorized(reason)
        return False
    if claims.get("idtyp") == "app":
        if h.headers.get("ClientType", "").lower() != "service":
            h.unauthorized("app-only tokens must be sent with 'ClientType: Service'")
            return False
        return True
    account = next((a for a in ACCOUNTS.values() if a.user_id == claims.get("sub")), None)
    if account is None:
        h.unauthorized("unknown user")
        return False
    if account.role != ADMIN:
        h.send_json(
            HTTPStatus.FORBIDDEN,
            {"message": f"{account.role}s may not call this endpoint: it needs the {ADMIN} role."},
        )
        return False
    return True


def _number(text: str, default: int) -> int | None:
    try:
        return int(text) if text else default
    except ValueError:
        return None


def _faulty(h: Handler, req: Request) -> bool:
    """Answer a 404 or a configured failure for this path; True when answered."""
    volume = h.portal.data.volume
    path = req.path.lower()
    if path in volume.missing:
        h.send_json(HTTPStatus.NOT_FOUND, {"message": f"No route for GET {req.path}"})
        return True
    if path in volume.failing:
        h.send_json(volume.failing[path], {"message": "The demo server fails this list"})
        return True
    return False


@route("GET", r"/api/v[12]/admin/users")
def admin_users(h: Handler, req: Request) -> None:
    """skip/take, `{"UserDetails": [...]}`, no total; `take` capped without a word."""
    if not _admin(h) or _faulty(h, req):
        return
    volume = h.portal.data.volume
    skip, take = _number(req.arg("skip"), 0), _number(req.arg("take"), 100)
    if skip is None or take is None or skip < 0 or take < 1:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": "skip and take must be whole numbers"})
        return
    take = min(take, volume.take_cap)
    if volume.take_throttle(skip):
        h.send_json(
            HTTPStatus.TOO_MANY_REQUESTS,
            {"message": "Too many requests; slow down."},
            {"Retry-After": volume.retry_after},
        )
        return
    if skip <= volume.slow_offset < skip + take:
        time.sleep(volume.slow_seconds)
    h.send_json(HTTPStatus.OK, {"UserDetails": volume.users[skip : skip + take]})


@route("GET", r"/api/v1/organization")
def organizations(h: Handler, req: Request) -> None:
    """page/pageSize, a bare list, 100 a page by default and at most."""
    if not _admin(h) or _faulty(h, req):
        return
    volume = h.portal.data.volume
    number = _number(req.arg("page"), 1)
    size = _number(req.arg("pageSize"), volume.organization_cap)
    if number is None or size is None or number < 1 or size < 1:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": "page and pageSize must be >= 1"})
        return
    size = min(size, volume.organization_cap)
    start = (number - 1) * size
    h.send_json(HTTPStatus.OK, volume.organizations[start : start + size])


@route("GET", r"/api/v1/certificates")
def certificates(h: Handler, req: Request) -> None:
    """OData style: `{"value": [...], "@odata.nextLink": ...}`, 50 a page."""
    if not _admin(h) or _faulty(h, req):
        return
    volume = h.portal.data.volume
    skip = _number(req.arg("$skip"), 0) or 0
    rows = volume.certificates[skip : skip + 50]
    body: dict[str, object] = {"value": rows, "@odata.count": len(volume.certificates)}
    if skip + 50 < len(volume.certificates):
        body["@odata.nextLink"] = f"{h.portal.url}/api/v1/Certificates?$skip={skip + 50}"
    h.send_json(HTTPStatus.OK, body)


@route("GET", r"/api/v[12]/admin/globaladministrators")
def administrators(h: Handler, req: Request) -> None:
    if _admin(h) and not _faulty(h, req):
        h.send_json(HTTPStatus.OK, h.portal.data.volume.administrators)


@route("GET", r"/api/v1/reports/users")
def users_report_v1(h: Handler, req: Request) -> None:
    if not _admin(h) or _faulty(h, req):
        return
    h.send(
        HTTPStatus.OK,
        h.portal.data.volume.users_csv(),
        "text/csv; charset=utf-8",
        {"Content-Disposition": 'attachment; filename="Users.csv"'},
    )


@route("GET", r"/api/v3/reports/users")
def users_report_zip(h: Handler, req: Request) -> None:
    if not _admin(h) or _faulty(h, req):
        return
    h.send(
        HTTPStatus.OK,
        h.portal.data.volume.users_zip(),
        "application/zip",
        {"Content-Disposition": 'attachment; filename="UsersReport.zip"'},
    )


@route("GET", r"/api/v1/reports/course/(?P<courseId>\d+)/learners")
def learners_report(h: Handler, req: Request) -> None:
    if not _admin(h) or _faulty(h, req):
        return
    h.send(
        HTTPStatus.OK,
        h.portal.data.volume.learners_csv(int(req.params["courseId"])),
        "text/csv; charset=utf-8",
        {"Content-Disposition": 'attachment; filename="Learners.csv"'},
    )
