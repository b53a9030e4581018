"""Reads a list page by page: finds the paging scheme, retries 429/5xx, never repeats a row."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, overload

from mct_desktop.core.api.client import ApiError, Cancelled
from mct_desktop.core.api.paging import (
    Kind,
    PageData,
    PagingError,
    Scheme,
    fingerprint,
    read_page,
)
from mct_desktop.core.tokens import utc_now

DEFAULT_PAGE_SIZE = 100  # what MCT's lists answer by default; a server may cap any size
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Query = list[tuple[str, str]]


@dataclass
class Reply:
    """What the pager needs of a response; any HTTP client can produce it."""

    status: int
    reason: str
    body: bytes
    retry_after: str = ""


# Fetches a path or absolute URL with query pairs; raises ApiError when nothing came back.
Fetch = Callable[[str, Query], Reply]


@dataclass
class PagingProgress:
    """Where a paged read stands: rows and pages so far, and any pause now starting."""

    rows: int
    pages: int
    total: int | None
    elapsed: float
    waiting: float = 0.0  # seconds of a Retry-After/backoff pause now starting
    why: str = ""  # what the pause is for
    resumed: int = 0  # rows an earlier run had read: not part of this run's rate

    @property
    def rate(self) -> float:
        return (self.rows - self.resumed) / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        if self.total is None or self.rate <= 0:
            return None
        return max(self.total - self.rows, 0) / self.rate


@dataclass
class Retry:
    """How often and how long a paged read waits and retries after a refusal or an error."""

    attempts: int = 6
    base: float = 1.0  # backoff without Retry-After: 1, 2, 4, 8 ... seconds
    longest: float = 300.0  # the longest pause honoured, from Retry-After or backoff


DEFAULT_RETRY = Retry()


class Pager:
    """Yields one list of rows per page. `state()` after a page is what `resume` needs."""

    def __init__(
        self,
        fetch: Fetch,
        target: str,
        query: Query | None = None,
        scheme: Scheme | None = None,
        *,
        size: int = DEFAULT_PAGE_SIZE,
        cancel: threading.Event | None = None,
        on_progress: Callable[[PagingProgress], None] | None = None,
        retry: Retry | None = None,
        resume: dict[str, Any] | None = None,
    ) -> None:
        self._fetch = fetch
        self.target = target
        self.query = list(query or [])
        self.scheme = scheme
        self.size = size
        self._cancel = cancel or threading.Event()
        self._on_progress = on_progress
        self._retry = retry or DEFAULT_RETRY
        self.next: int | str = scheme.first if scheme and scheme.kind is Kind.PAGE else 0
        self.rows = 0
        self.pages = 0
        self.total: int | None = None
        self.done = False
        self.note = ""
        self._last = ""
        self._started = time.monotonic()
        if resume:
            self.scheme = Scheme.from_dict(resume["scheme"])
            self.next = resume["next"]
            self.rows, self.pages = int(resume["rows"]), int(resume["pages"])
            self.total = resume.get("total")
            self.size = int(resume.get("size", size))
            self._last = str(resume.get("last", ""))
            self.done = bool(resume.get("done", False))
        self._resumed = self.rows

    def state(self) -> dict[str, Any]:
        assert self.scheme is not None
        return {
            "scheme": self.scheme.to_dict(),
            "next": self.next,
            "rows": self.rows,
            "pages": self.pages,
            "total": self.total,
            "size": self.size,
            "last": self._last,
            "done": self.done,
        }

    def __iter__(self) -> Iterator[list[Any]]:
        if self.scheme is None:
            yield from self._probe()
        while not self.done:
            page = self._get(*self._request())
            if self._accept(page):
                yield page.rows

    def _request(self) -> tuple[str, Query]:
        assert self.scheme is not None
        kind, name = self.scheme.kind, self.scheme.index_param
        if kind is Kind.NEXT and self.next:
            return str(self.next), []  # the link carries its own query
        # The pager owns its parameters: a -q page=3 of the user's would repeat one page.
        owned = {name.lower(), self.scheme.size_param.lower()}
        query = [(k, v) for k, v in self.query if k.lower() not in owned]
        if kind in (Kind.PAGE, Kind.OFFSET):
            query.append((name, str(self.next)))
            if self.scheme.size_param:
                query.append((self.scheme.size_param, str(self.size)))
        elif kind is Kind.TOKEN and self.next:
            query.append((name, str(self.next)))
        return self.target, query

    def _probe(self) -> Iterator[list[Any]]:
        """No scheme known: do page 1 and page 2 differ? Otherwise does skip/take work?"""
        size = str(self.size)
        first = self._get(self.target, [*self.query, ("page", "1"), ("pageSize", size)])
        page_scheme = Scheme(Kind.PAGE, "page", "pageSize")
        if first.next_link:
            self.scheme = Scheme(Kind.NEXT)
        elif first.token:
            self.scheme = Scheme(Kind.TOKEN, "continuationToken")
        elif (zero := self._page_zero(first)) is not None:
            # Numbered from 0: page 1 was the second page; never lose the first.
            self.scheme, self.next = Scheme(Kind.PAGE, "page", "pageSize", first=0), 0
            for page in (zero, first):
                if not self.done and self._accept(page):
                    yield page.rows
            return
        elif not first.rows or (first.total is not None and len(first.rows) >= first.total):
            self.scheme = Scheme(Kind.SINGLE)
        if self.scheme is not None:
            if self._accept(first):
                yield first.rows
            return
        second = self._get(self.target, [*self.query, ("page", "2"), ("pageSize", size)])
        if not second.rows or fingerprint(second.rows) != fingerprint(first.rows):
            self.scheme, self.next = page_scheme, 1
            for page in (first, second):
                if not self.done and self._accept(page):
                    yield page.rows
            return
        offset = [*self.query, ("skip", str(len(first.rows))), ("take", size)]
        third = self._get(self.target, offset)
        if not third.rows or fingerprint(third.rows) != fingerprint(first.rows):
            self.scheme, self.next = Scheme(Kind.OFFSET, "skip", "take"), 0
            for page in (first, third):
                if not self.done and self._accept(page):
                    yield page.rows
            return
        self.scheme = Scheme(Kind.SINGLE)
        self.note = "page 2 and skip/take gave the same rows as page 1: read as one page"
        if self._accept(first):
            yield first.rows

    def _page_zero(self, first: PageData) -> PageData | None:
        """Page 0 when the server numbers pages from 0: rows of its own, none of page 1's."""
        zero = self._get(
            self.target, [*self.query, ("page", "0"), ("pageSize", str(self.size))], tolerant=True
        )
        if zero is None or not zero.rows or fingerprint(zero.rows) == fingerprint(first.rows):
            return None
        seen = {fingerprint([row]) for row in zero.rows}
        if any(fingerprint([row]) in seen for row in first.rows):
            return None  # page 0 meant something else (everything, say): not a page
        return zero

    def _accept(self, page: PageData) -> bool:
        """Advance past `page`; False when it holds no new rows."""
        assert self.scheme is not None
        kind = self.scheme.kind
        if not page.rows:
            self.done = True
            return False
        mark = fingerprint(page.rows)
        if mark == self._last and kind is not Kind.SINGLE:
            raise PagingError(
                f"page {self.pages + 1} repeats page {self.pages}: the server ignores "
                f"{self.scheme.describe()!r}; choose another scheme with --paging."
            )
        self._last = mark
        self.rows += len(page.rows)
        self.pages += 1
        if page.total is not None:
            self.total = page.total
        if kind is Kind.PAGE:
            self.next = int(self.next) + 1
        elif kind is Kind.OFFSET:
            self.next = int(self.next) + len(page.rows)
        elif kind is Kind.NEXT:
            self.next = page.next_link
        elif kind is Kind.TOKEN:
            self.next = page.token
        if (
            kind is Kind.SINGLE
            or (kind in (Kind.NEXT, Kind.TOKEN) and not self.next)
            or (self.total is not None and self.rows >= self.total)
        ):
            self.done = True
        self._report()
        return True

    def _report(self, waiting: float = 0.0, why: str = "") -> None:
        if self._on_progress is not None:
            elapsed = time.monotonic() - self._started
            self._on_progress(
                PagingProgress(
                    self.rows, self.pages, self.total, elapsed, waiting, why, self._resumed
                )
            )

    @overload
    def _get(self, target: str, query: Query) -> PageData: ...
    @overload
    def _get(self, target: str, query: Query, tolerant: bool) -> PageData | None: ...

    def _get(self, target: str, query: Query, tolerant: bool = False) -> PageData | None:
        """The page; with `tolerant`, None for a 4xx (a probe the server refuses)."""
        number = self.pages + 1
        retry = self._retry
        for attempt in range(1, retry.attempts + 1):
            if self._cancel.is_set():
                raise Cancelled("Cancelled.")
            try:
                reply = self._fetch(target, query)
            except Cancelled:
                raise
            except ApiError as exc:
                problem, wait_text = str(exc), ""
            else:
                if 200 <= reply.status < 300:
                    try:
                        return read_page(reply.body)
                    except PagingError as exc:
                        if tolerant:
                            return None
                        raise PagingError(f"Page {number}: {exc}.") from None
                problem = f"HTTP {reply.status} {reply.reason}".strip() + _message(reply.body)
                if reply.status not in RETRY_STATUSES:
                    if tolerant:
                        return None
                    raise PagingError(f"Page {number} failed: {problem}")
                wait_text = reply.retry_after
            if attempt == retry.attempts:
                break
            wait = _retry_after(wait_text)
            if wait is None:
                wait = retry.base * 2 ** (attempt - 1)
            wait = min(wait, retry.longest)
            self._report(wait, f"page {number}: {problem}")
            if self._cancel.wait(wait):
                raise Cancelled("Cancelled.")
        raise PagingError(f"Page {number} failed {retry.attempts} times; the last: {problem}")


def _retry_after(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime  # an HTTP date: rare, and email is 5 ms

    try:
        return max((parsedate_to_datetime(text) - utc_now()).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def _message(body: bytes) -> str:
    """The server's own explanation, short, when it gave one."""
    import json

    try:
        value = json.loads(body[:4096])
    except ValueError:
        return ""
    if isinstance(value, dict):
        for key in ("message", "Message", "error", "title", "detail"):
            if isinstance(value.get(key), str):
                return f": {value[key][:200]}"
    return ""
