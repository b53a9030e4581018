"""In-memory data of the demo portal: categories, courses, groups, learning paths, users."""

from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from functools import lru_cache
from typing import Any

from mct_desktop.demo.volume import Volume

_FIRST = [
    "Amara",
    "Bilal",
    "Chen",
    "Dara",
    "Elif",
    "Femi",
    "Gita",
    "Hugo",
    "Ines",
    "Jonas",
    "Kiri",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tala",
]
_LAST = [
    "Okafor",
    "Haddad",
    "Wei",
    "Novak",
    "Yilmaz",
    "Adeyemi",
    "Rao",
    "Martin",
    "Silva",
    "Berg",
    "Ngata",
    "Fischer",
    "Lopez",
    "Mensah",
    "Aziz",
    "Sharma",
]


class DemoData:
    """Deterministic data, so tests and screenshots show the same portal every time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.categories: dict[int, dict[str, Any]] = {
            1: {"id": 1, "name": "Digital literacy", "description": "First steps with computers"},
            2: {"id": 2, "name": "Health workers", "description": "Community health training"},
            3: {"id": 3, "name": "Agriculture", "description": "Farming practice and markets"},
        }
        self.courses: dict[int, dict[str, Any]] = {}
        titles = [
            "Using a smartphone",
            "Safe internet use",
            "Spreadsheets basics",
            "Maternal care",
            "Vaccination campaigns",
            "First aid",
            "Soil health",
            "Irrigation planning",
            "Selling at the market",
            "Email for work",
            "Hand hygiene",
            "Crop rotation",
        ]
        for index, title in enumerate(titles, start=101):
            self.courses[index] = {
                "id": index,
                "title": title,
                "categoryId": 1 + (index - 101) // 4,
                "status": "Published" if index % 5 else "Draft",
                "lessons": 3 + index % 6,
                "language": "en",
            }
        self.groups = [
            {"id": 11, "name": "Nairobi cohort", "learners": 42},
            {"id": 12, "name": "Field staff", "learners": 17},
            {"id": 13, "name": "Volunteers 2026", "learners": 88},
        ]
        self.learning_paths = [
            {"id": 21, "name": "Digital starter", "courseIds": [101, 102, 103]},
            {"id": 22, "name": "Community health", "courseIds": [105, 106, 111]},
        ]
        self.users = [
            {
                "id": 3000 + i,
                "name": f"{_FIRST[i % len(_FIRST)]} {_LAST[i % len(_LAST)]}",
                "email": f"user{i:03d}@contoso.demo",
                "role": "Learner",
                "groupId": self.groups[i % 3]["id"],
                "progress": (i * 37) % 101,
            }
            for i in range(137)
        ]
        self.next_category_id = 4
        self.volume = Volume()  # export-scale lists and their faults (routes_export)

    def categories_and_courses(self) -> list[dict[str, Any]]:
        return [
            {
                **category,
                "courses": [c for c in self.courses.values() if c["categoryId"] == category["id"]],
            }
            for category in self.categories.values()
        ]

    def users_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["User ID", "Name", "Email", "Group", "Progress (%)"])
        for user in self.users:
            writer.writerow(
                [user["id"], user["name"], user["email"], user["groupId"], user["progress"]]
            )
        return out.getvalue().encode("utf-8")

    def course_zip(self, course_id: int) -> bytes:
        course = self.courses[course_id]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("course.json", json.dumps(course, indent=2))
            for lesson in range(1, course["lessons"] + 1):
                archive.writestr(f"lessons/{lesson:02d}.md", f"# Lesson {lesson}\n\nDemo.\n")
        return buffer.getvalue()


def page(items: list[Any], page_text: str, size_text: str) -> tuple[dict[str, Any] | None, str]:
    """MCT-style paging with `page` (1-based) and `pageSize` (1..500); (None, why) if invalid."""
    try:
        number = int(page_text or 1)
        size = int(size_text or 20)
    except ValueError:
        return None, "page and pageSize must be whole numbers"
    if number < 1 or not 1 <= size <= 500:
        return None, "page must be >= 1 and pageSize between 1 and 500"
    start = (number - 1) * size
    return {
        "items": items[start : start + size],
        "page": number,
        "pageSize": size,
        "totalCount": len(items),
        "totalPages": (len(items) + size - 1) // size,
    }, ""


@lru_cache(maxsize=4)
def large_json(megabytes: float) -> bytes:
    """A JSON document of about `megabytes` MB: a list of realistic learner records."""
    target = int(megabytes * 1024 * 1024)
    record = {
        "id": 0,
        "name": "Learner name",
        "email": "learner@contoso.demo",
        "progress": 42,
        "courses": [101, 102, 103],
        "lastActivity": "2026-11-27T10:00:00Z",
        "notes": "x" * 120,
    }
    one = len(json.dumps(record)) + 2
    count = max(1, target // one)
    items = []
    for i in range(count):
        items.append({**record, "id": i, "email": f"learner{i}@contoso.demo"})
    return json.dumps({"totalCount": count, "items": items}).encode()
