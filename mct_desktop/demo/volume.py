"""Export-sized demo data: thousands of users, organizations, certificates, and the faults
(a page-size cap, a slow page, a 429 once) that exporters meet on real portals."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

BOM = b"\xef\xbb\xbf"


@dataclass
class Volume:
    """Tests may change any field before the first request."""

    user_count: int = 2345
    take_cap: int = 250  # /admin/users silently caps `take` here
    organization_cap: int = 100  # /organization: default and cap of pageSize
    slow_offset: int = 1500  # the users page holding this offset takes `slow_seconds`
    slow_seconds: float = 0.2
    throttle_offset: int = 1000  # the first request at or past it answers 429 once
    retry_after: str = "1"
    missing: set[str] = field(default_factory=set)  # lower-case paths that answer 404
    failing: dict[str, int] = field(default_factory=dict)  # lower-case path -> status
    _throttled: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take_throttle(self, offset: int) -> bool:
        """True once: the request that should get a 429."""
        with self._lock:
            if self._throttled or offset < self.throttle_offset:
                return False
            self._throttled = True
            return True

    @cached_property
    def users(self) -> list[dict[str, Any]]:
        return [
            {
                "UserId": 10_000 + i,
                "DisplayName": f"Learner {i:05d}",
                "Email": f"learner{i:05d}@contoso.demo",
                "Role": "Learner" if i % 50 else "Organization Administrator",
                "Organization": {"Id": 1 + i % 240, "Name": f"Organization {1 + i % 240}"},
                "Groups": [11 + i % 3],
                "Notes": 'Says "hi",\nthen leaves' if i % 997 == 0 else "",
            }
            for i in range(self.user_count)
        ]

    @cached_property
    def organizations(self) -> list[dict[str, Any]]:
        return [{"id": i, "name": f"Organization {i}", "region": "EU"} for i in range(1, 241)]

    @cached_property
    def certificates(self) -> list[dict[str, Any]]:
        return [
            {"id": 500 + i, "userId": 10_000 + i, "courseId": 101 + i % 12, "issued": "2026-10-01"}
            for i in range(130)
        ]

    administrators: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"id": "ad-0001", "name": "Ada Admin", "email": "admin@contoso.demo"},
            {"id": "ad-0002", "name": "Ravi Root", "email": "ravi@contoso.demo"},
        ]
    )

    def users_csv(self) -> bytes:
        """Like a real portal's report: UTF-8 with a BOM."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["User ID", "Name", "Email", "Role"])
        for user in self.users:
            writer.writerow([user["UserId"], user["DisplayName"], user["Email"], user["Role"]])
        return BOM + out.getvalue().encode("utf-8")

    def users_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("Users.csv", self.users_csv())
        return buffer.getvalue()

    def learners_csv(self, course_id: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["User ID", "Email", "Course", "Progress (%)"])
        for user in self.users[:40]:
            writer.writerow([user["UserId"], user["Email"], course_id, user["UserId"] % 101])
        return BOM + out.getvalue().encode("utf-8")
