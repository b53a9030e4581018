"""Paging schemes, page bodies and row writers, without a server."""

import csv
import io
import json

import pytest

from mct_desktop.core.api.pager import Pager, Reply, Retry, _retry_after
from mct_desktop.core.api.paging import (
    Kind,
    PagingError,
    Scheme,
    parse_paging_option,
    read_page,
    scheme_from_parameters,
)
from mct_desktop.core.api.row_writers import CsvWriter, JsonArrayWriter, flatten
from mct_desktop.core.catalog.paging_hint import scheme_for
from mct_desktop.core.catalog.spec_loader import catalog_from_documents, save_cache
from mct_desktop.core.portal import Portal
from mct_desktop.demo import swagger


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["page", "pageSize", "status"], Scheme(Kind.PAGE, "page", "pageSize")),
        (["PageNumber", "PageSize"], Scheme(Kind.PAGE, "PageNumber", "PageSize")),
        (["skip", "take"], Scheme(Kind.OFFSET, "skip", "take")),
        (["offset", "limit"], Scheme(Kind.OFFSET, "offset", "limit")),
        (["$skip", "$top", "$filter"], Scheme(Kind.OFFSET, "$skip", "$top")),
        (["continuationToken"], Scheme(Kind.TOKEN, "continuationToken")),
        (["status", "q"], None),
    ],
)
def test_scheme_from_parameter_names(names, expected):
    assert scheme_from_parameters(names) == expected


def test_paging_option():
    assert parse_paging_option("page,pageSize") == Scheme(Kind.PAGE, "page", "pageSize")
    assert parse_paging_option("skip,take") == Scheme(Kind.OFFSET, "skip", "take")
    assert parse_paging_option("offset:from,count") == Scheme(Kind.OFFSET, "from", "count")
    assert parse_paging_option("token:cursor") == Scheme(Kind.TOKEN, "cursor")
    assert parse_paging_option("next").kind is Kind.NEXT
    assert parse_paging_option("pageIndex=0,pageSize") == Scheme(
        Kind.PAGE, "pageIndex", "pageSize", 0
    )
    with pytest.raises(PagingError, match="whole number"):
        parse_paging_option("page=x,pageSize")
    for bad in ("", "a,b,c", "weird:x"):
        with pytest.raises(PagingError, match="--paging expects"):
            parse_paging_option(bad)


def test_rows_in_any_wrapper_with_total_and_links():
    assert read_page(b"[1, 2]").rows == [1, 2]
    page = read_page(b'{"UserDetails": [{"a": 1}], "TotalCount": 9}')
    assert page.rows == [{"a": 1}] and page.total == 9
    odata = read_page(b'{"value": [1], "@odata.nextLink": "/x?$skip=1", "@odata.count": 3}')
    assert odata.next_link == "/x?$skip=1" and odata.total == 3
    assert read_page(b'{"things": [1, 2], "meta": {}}').rows == [1, 2]  # the only list
    assert read_page(b'{"items": [], "continuationToken": "abc"}').token == "abc"
    with pytest.raises(PagingError, match="no list"):
        read_page(b'{"id": 1}')
    with pytest.raises(PagingError, match="not JSON"):
        read_page(b"<html>")


def test_csv_flattens_quotes_and_adds_late_columns(tmp_path):
    assert flatten({"a": {"b": {"c": 1}}, "l": [1, {"x": 2}], "n": None, "t": True}) == {
        "a.b.c": "1",
        "l": '[1,{"x":2}]',
        "n": "",
        "t": "true",
    }
    path = tmp_path / "rows.csv"
    writer = CsvWriter.open(path)
    writer.write([{"id": 1, "note": 'a "quoted",\nline'}])
    writer.write([{"id": 2, "extra": "late", "note": "é"}])
    writer.close()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [
        {"id": "1", "note": 'a "quoted",\nline', "extra": ""},
        {"id": "2", "note": "é", "extra": "late"},
    ]


def test_json_array_is_valid_after_an_interruption_and_resumes(tmp_path):
    path = tmp_path / "rows.json"
    writer = JsonArrayWriter.open(path)
    writer.write([1, 2])
    mark = writer.checkpoint()
    writer.write([3])  # written after the checkpoint: dropped by the interruption
    writer.cut_back()
    writer.close(complete=False)
    assert json.loads(path.read_text()) == [1, 2]
    writer = JsonArrayWriter.open(path, mark)
    writer.write([3, 4])
    writer.close()
    assert json.loads(path.read_text()) == [1, 2, 3, 4]


def test_a_server_ignoring_the_page_parameter_is_caught():
    def fetch(target, query):
        return Reply(200, "OK", b"[1, 2, 3]")

    pager = Pager(fetch, "/x", scheme=Scheme(Kind.PAGE, "page", "pageSize"))
    with pytest.raises(PagingError, match="page 2 repeats page 1"):
        list(pager)
    probing = Pager(fetch, "/x")
    assert list(probing) == [[1, 2, 3]] and "one page" in probing.note


def test_backoff_without_retry_after_then_success():
    answers = [
        Reply(503, "Service Unavailable", b""),
        Reply(200, "OK", b"[1]"),
        Reply(200, "OK", b"[]"),
    ]
    waits = []
    pager = Pager(
        lambda t, q: answers.pop(0),
        "/x",
        scheme=Scheme(Kind.PAGE, "page", "pageSize"),
        retry=Retry(attempts=3, base=0.01),
        on_progress=lambda p: p.waiting and waits.append(p.waiting),
    )
    assert list(pager) == [[1]] and waits == [0.01]


def test_the_cached_spec_names_the_scheme(demo):
    portal = Portal(demo.url)
    assert scheme_for(portal, "/api/v1/admin/users") is None  # nothing cached yet
    save_cache(portal, catalog_from_documents(swagger.documents(), "demo"))
    assert scheme_for(portal, "/api/v1/admin/users") == Scheme(Kind.OFFSET, "skip", "take")
    assert scheme_for(portal, "/API/v1/Organization/") == Scheme(Kind.PAGE, "page", "pageSize")
    assert scheme_for(portal, "/api/v2/Profile") is None


def test_what_orjson_refuses_still_reads_and_writes(tmp_path):
    big = read_page(b'[{"n": 123456789012345678901234567890}, NaN]').rows
    assert big[0]["n"] == 123456789012345678901234567890
    path = tmp_path / "rows.json"
    writer = JsonArrayWriter.open(path)
    writer.write([{"n": 2**70}, {"s": "é"}])
    writer.close()
    assert json.loads(path.read_text("utf-8")) == [{"n": 2**70}, {"s": "é"}]


def test_csv_cells_that_excel_would_run_as_formulas_stay_text(tmp_path):
    path = tmp_path / "rows.csv"
    writer = CsvWriter.open(path)
    writer.write(
        [{"name": '=HYPERLINK("http://evil.example","x")', "n": -5, "s": "@sum", "ok": "a-b"}]
    )
    writer.close()
    row = next(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert row == {
        "name": '\'=HYPERLINK("http://evil.example","x")',
        "n": "-5",
        "s": "'@sum",
        "ok": "a-b",
    }


def test_the_rate_after_a_resume_counts_this_run_only():
    from mct_desktop.core.api.pager import PagingProgress

    assert PagingProgress(rows=1100, pages=11, total=2000, elapsed=1.0, resumed=1000).rate == 100
    assert PagingProgress(rows=1100, pages=11, total=2000, elapsed=1.0, resumed=1000).eta == 9


def test_progress_line_only_in_a_terminal():
    from mct_desktop.commands.run_support import TerminalProgress
    from mct_desktop.core.api.pager import PagingProgress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    TerminalProgress(stream=tty)(PagingProgress(1000, 10, 2000, 2.0))
    TerminalProgress(stream=pipe)(PagingProgress(1000, 10, 2000, 2.0))
    assert tty.getvalue() == "\r1,000 of 2,000 rows · 10 pages · 500 rows/s · ETA 0:00:02"
    assert pipe.getvalue() == ""
    waiting = Tty()
    TerminalProgress(stream=waiting)(PagingProgress(5, 1, None, 1.0, 30, "page 2: HTTP 429"))
    assert (
        "waiting 30 s (page 2: HTTP 429)" in waiting.getvalue() and "ETA" not in waiting.getvalue()
    )


def _pages_of(rows, zero_means_all=False, first=1):
    """A fake server numbering pages from `first`; page 0 may mean "everything"."""
    calls = []

    def fetch(target, query):
        q = dict(query)
        calls.append(q.get("page"))
        number, size = int(q.get("page", first)), 100
        if zero_means_all and number == 0:
            return Reply(200, "OK", json.dumps(rows).encode())
        if number < first:
            return Reply(400, "Bad Request", b'{"message": "page must be >= 1"}')
        start = (number - first) * size
        return Reply(200, "OK", json.dumps(rows[start : start + size]).encode())

    return fetch, calls


def test_probing_never_loses_page_zero_nor_repeats_rows():
    rows = list(range(250))
    zero_based, _ = _pages_of(rows, first=0)
    pager = Pager(zero_based, "/x")
    assert [r for page in pager for r in page] == rows and pager.scheme.first == 0
    everything, _ = _pages_of(rows, zero_means_all=True)
    assert [r for page in Pager(everything, "/x") for r in page] == rows
    one_based, calls = _pages_of(rows)
    pager = Pager(one_based, "/x")
    assert [r for page in pager for r in page] == rows and pager.scheme.first == 1
    assert calls == ["1", "0", "2", "3", "4"]


def test_a_spec_page_index_defaulting_to_zero_starts_at_zero(tmp_path):
    document = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/api/v1/things": {
                "get": {
                    "parameters": [
                        {
                            "name": "pageIndex",
                            "in": "query",
                            "schema": {"type": "integer", "default": 0},
                        },
                        {"name": "pageSize", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    portal = Portal("https://zero.example")
    save_cache(portal, catalog_from_documents({"v1": document}, "test"))
    assert scheme_for(portal, "/api/v1/things") == Scheme(Kind.PAGE, "pageIndex", "pageSize", 0)


def test_the_users_own_paging_parameters_give_way():
    rows = list(range(150))
    fetch, calls = _pages_of(rows)
    pager = Pager(fetch, "/x", [("page", "3"), ("q", "a")], Scheme(Kind.PAGE, "page", "pageSize"))
    assert [r for page in pager for r in page] == rows and calls == ["1", "2", "3"]


def test_retry_after_in_seconds_or_as_an_http_date():
    from datetime import timedelta
    from email.utils import format_datetime

    from mct_desktop.core.tokens import utc_now

    assert _retry_after("7") == 7.0
    in_a_minute = format_datetime(utc_now() + timedelta(seconds=60), usegmt=True)
    assert 55 <= _retry_after(in_a_minute) <= 60
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # already past
    assert _retry_after("soon") is None and _retry_after(" ") is None
