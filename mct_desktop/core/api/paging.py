"""Paging schemes and page bodies: which query parameters page a list, and where its rows are."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import orjson


class PagingError(Exception):
    """The list cannot be read page by page; the message says which page and why."""


class Kind(StrEnum):
    PAGE = "page"  # page number and page size
    OFFSET = "offset"  # rows to skip and rows to take
    NEXT = "next"  # each page links to the next
    TOKEN = "token"  # each page hands back a continuation token
    SINGLE = "single"  # one request holds the whole list


@dataclass(frozen=True)
class Scheme:
    """How to ask for the next page; the parameter names as the server spells them."""

    kind: Kind
    index_param: str = ""  # page number, rows to skip, or continuation token
    size_param: str = ""  # page size or rows to take; "" sends none
    first: int = 1  # the first page's number (PAGE only)

    def describe(self) -> str:
        if self.kind in (Kind.PAGE, Kind.OFFSET):
            return f"{self.index_param},{self.size_param}".rstrip(",")
        if self.kind is Kind.TOKEN:
            return f"token:{self.index_param}"
        return self.kind.value

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scheme:
        return cls(
            Kind(str(data["kind"])),
            str(data.get("index_param", "")),
            str(data.get("size_param", "")),
            int(data.get("first", 1)),
        )


# (index, size) name pairs as seen in ASP.NET, OData and REST APIs, most specific first.
_PAGE_PAIRS = [
    ("pageNumber", "pageSize"),
    ("pageIndex", "pageSize"),
    ("page", "pageSize"),
    ("page", "perPage"),
    ("page", "per_page"),
    ("page", "size"),
    ("page", "limit"),
    ("page", ""),
]
_OFFSET_PAIRS = [
    ("$skip", "$top"),
    ("skip", "take"),
    ("skip", "top"),
    ("offset", "limit"),
    ("offset", "count"),
    ("start", "count"),
    ("startIndex", "count"),
    ("skip", ""),
    ("offset", ""),
]
_TOKEN_NAMES = ["continuationToken", "continuation", "nextToken", "pageToken", "cursor"]
_OFFSET_FIRST = {"skip", "$skip", "offset", "start", "startindex", "from"}


def scheme_from_parameters(names: Iterable[str]) -> Scheme | None:
    """The scheme an operation's query parameter names imply, or None."""
    by_lower = {name.lower(): name for name in names}
    for kind, pairs in ((Kind.OFFSET, _OFFSET_PAIRS), (Kind.PAGE, _PAGE_PAIRS)):
        for index, size in pairs:
            if index.lower() in by_lower and (not size or size.lower() in by_lower):
                return Scheme(kind, by_lower[index.lower()], by_lower.get(size.lower(), ""))
    for name in _TOKEN_NAMES:
        if name.lower() in by_lower:
            return Scheme(Kind.TOKEN, by_lower[name.lower()])
    return None


def parse_paging_option(text: str) -> Scheme:
    """`--paging page,pageSize`, `pageIndex=0,pageSize`, `skip,take`, `offset:from,count`,
    `token:cursor`, `next`."""
    text = text.strip()
    kind_text, sep, names_text = text.partition(":")
    if not sep:
        kind_text, names_text = "", text
    kind_text = kind_text.strip().lower()
    if not kind_text and names_text.strip().lower() in ("next", "single"):
        return Scheme(Kind(names_text.strip().lower()))
    names = [n.strip() for n in names_text.split(",")]
    if not names[0] or len(names) > 2 or kind_text not in ("", "page", "offset", "token"):
        raise PagingError(
            f"--paging expects page,pageSize or skip,take (or offset:NAME,SIZE, "
            f"token:NAME, next), got {text!r}."
        )
    if kind_text == "token":
        return Scheme(Kind.TOKEN, names[0])
    size = names[1] if len(names) > 1 else ""
    index, _, first = names[0].partition("=")  # pageIndex=0: pages numbered from 0
    if first and not first.isdigit():
        raise PagingError(f"--paging: the first page's number must be a whole number ({text!r}).")
    if kind_text == "offset" or (not kind_text and index.lower() in _OFFSET_FIRST):
        return Scheme(Kind.OFFSET, index, size)
    return Scheme(Kind.PAGE, index, size, int(first or 1))


# ----- page bodies
_ROW_KEYS = [
    "items",
    "value",
    "data",
    "results",
    "records",
    "rows",
    "userdetails",
    "users",
    "list",
    "entries",
    "elements",
]
_TOTAL_KEYS = [
    "totalcount",
    "total",
    "totalrecords",
    "totalitems",
    "totalresults",
    "@odata.count",
    "count",
    "recordcount",
]
_NEXT_KEYS = ["@odata.nextlink", "nextlink", "nextpagelink", "next", "nextpage", "nexturl"]
_TOKEN_KEYS = ["continuationtoken", "continuation", "nexttoken", "nextpagetoken", "cursor"]


@dataclass
class PageData:
    """One page of a list: its rows, the total if the server said, and the way on."""

    rows: list[Any]
    total: int | None = None
    next_link: str = ""
    token: str = ""


def read_page(body: bytes) -> PageData:
    """The rows of one page, with a total, next link or continuation token when present."""
    try:
        value = orjson.loads(body) if body.strip() else []
    except orjson.JSONDecodeError:
        try:  # orjson refuses what json reads (NaN, huge numbers): ask json, for its message
            value = json.loads(body)
        except ValueError as exc:
            raise PagingError(f"the body is not JSON ({exc})") from None
    except ValueError as exc:
        raise PagingError(f"the body is not JSON ({exc})") from None
    if isinstance(value, list):
        return PageData(value)
    if not isinstance(value, dict):
        raise PagingError("the body holds no list of rows")
    lower = {k.lower(): k for k in value}
    rows = None
    for key in _ROW_KEYS:
        if key in lower and isinstance(value[lower[key]], list):
            rows = value[lower[key]]
            break
    if rows is None:
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) != 1:
            found = "no list" if not lists else f"{len(lists)} lists"
            raise PagingError(
                f"the body holds {found} of rows (keys: {', '.join(list(value)[:8])})"
            )
        rows = lists[0]
    page = PageData(rows)
    for key in _TOTAL_KEYS:
        total = value.get(lower.get(key, ""))
        if isinstance(total, int) and not isinstance(total, bool) and total >= 0:
            page.total = total
            break
    page.next_link = _first_text(value, lower, _NEXT_KEYS)
    page.token = _first_text(value, lower, _TOKEN_KEYS)
    return page


def _first_text(value: dict[str, Any], lower: dict[str, str], keys: list[str]) -> str:
    for key in keys:
        found = value.get(lower.get(key, ""))
        if isinstance(found, str) and found.strip():
            return found.strip()
    return ""


def fingerprint(rows: list[Any]) -> str:
    """Identifies a page by its first and last rows: two equal pages mean the server
    ignored the paging parameters."""
    if not rows:
        return ""
    return json.dumps([len(rows), rows[0], rows[-1]], sort_keys=True, default=str)
