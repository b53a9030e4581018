"""Getting the data out: `call --all` rows/s against a bare httpx loop over the same pages,
and peak memory while a million rows stream to disk.

    .venv/bin/python -m benchmarks.bench_export
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import Result

USERS = 40_000
PAGE = 1000


def _signed_in(demo: Any) -> str:
    from mct_desktop.core.session.callback import parse_callback_location
    from mct_desktop.core.session.portal_service import PortalService
    from tests.support import sign_in_over_http

    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    return pair.access_token


def throughput(demo: Any, runs: int = 5) -> Result:
    """`mct-desktop call GET /api/v1/admin/users --all -o FILE.ndjson`, in-process, against
    the same pages fetched by a persistent httpx.Client that writes each row as NDJSON."""
    import io

    from mct_desktop.cli import main

    volume = demo.data.volume
    volume.user_count, volume.take_cap = USERS, PAGE
    volume.slow_offset = volume.throttle_offset = 10**9  # no faults: raw speed
    token = _signed_in(demo)
    url = demo.url + "/api/v1/admin/users"
    folder = Path(tempfile.mkdtemp(prefix="mct-bench-export-"))
    client = httpx.Client(headers={"Authorization": f"Bearer {token}"})

    def bare(fast: bool = False) -> float:
        """The loop a script would write; `fast`: the same with orjson, a tougher bar."""
        import orjson

        started = time.perf_counter()
        rows, skip = 0, 0
        with (folder / "bare.ndjson").open("wb") as out:
            while True:
                response = client.get(url, params={"skip": skip, "take": PAGE})
                if fast:
                    page = orjson.loads(response.content)["UserDetails"]
                    if page:
                        out.write(b"\n".join(map(orjson.dumps, page)) + b"\n")
                else:
                    page = response.json()["UserDetails"]
                    out.write(
                        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in page).encode()
                    )
                if not page:
                    break
                rows += len(page)
                skip += len(page)
        assert rows == USERS
        return rows / (time.perf_counter() - started)

    def ours() -> float:
        target = folder / "ours.ndjson"
        target.unlink(missing_ok=True)
        argv = ["call", "GET", "/api/v1/admin/users", "--all", "--paging", "skip,take"]
        argv += ["--page-size", str(PAGE), "-o", str(target)]
        argv += ["--portal", url.removesuffix("/api/v1/admin/users")]  # others are configured
        stderr, sys.stderr = sys.stderr, io.StringIO()
        try:
            started = time.perf_counter()
            code = main(argv)
            elapsed = time.perf_counter() - started
        finally:
            said, sys.stderr = sys.stderr, stderr
        assert code == 0, f"call --all exited with {code}: {said.getvalue()[-500:]}"
        return USERS / elapsed

    bare(), bare(True), ours()
    base, fast, mine = [], [], []
    for _ in range(runs):  # interleaved so that drift hits all alike
        base.append(bare())
        fast.append(bare(True))
        mine.append(ours())
    client.close()
    value, baseline = statistics.median(mine), statistics.median(base)
    return Result(
        f"export: call --all, {USERS:,} rows (rows/s)",
        "/s",
        value,
        baseline,
        ">= 0.9x",
        value >= 0.9 * baseline,
        runs,
        {"pages": USERS / PAGE, "bare_orjson_rows_per_s": statistics.median(fast)},
    )


# ----- a million rows from a fast synthetic server, read by a child process
ROW = (
    '{{"UserId":{i},"DisplayName":"Learner {i}","Email":"learner{i}@contoso.demo",'
    '"Organization":{{"Id":{o},"Name":"Organization {o}"}},"Groups":[11,12],"Progress":{p}}}'
)


class _Rows(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    total = 1_000_000

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(self.path).query)
        skip = int(query.get("skip", ["0"])[0])
        take = min(int(query.get("take", ["1000"])[0]), 1000)
        end = min(skip + take, self.total)
        rows = ",".join(ROW.format(i=i, o=i % 240, p=i % 101) for i in range(skip, end))
        body = ('{"UserDetails":[' + rows + "]}").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_CHILD = """
import resource, sys, time
from pathlib import Path
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.fetch_all import api_fetch, fetch_all
from mct_desktop.core.api.paging import Kind, Scheme
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.portal import Portal

url, out = sys.argv[1], Path(sys.argv[2])
client = ApiClient()
fetch = api_fetch(client, Portal(url), ApiRequest("GET", "/rows"), None)
scheme = Scheme(Kind.OFFSET, "skip", "take")
# Warm up: every module loaded, one page through every code path.
fetch_all(fetch, "/rows", [("limit", "1")], output=out.with_suffix(".warm" + out.suffix),
          scheme=Scheme(Kind.SINGLE), size=1000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
outcome = fetch_all(fetch, "/rows", [], output=out, scheme=scheme, size=1000)
elapsed = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after, outcome.rows, elapsed, out.stat().st_size)
"""


def million_rows(suffix: str = ".csv", total: int = 1_000_000) -> Result:
    _Rows.total = total
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Rows)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folder = Path(tempfile.mkdtemp(prefix="mct-bench-million-"))
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, str(folder / f"rows{suffix}")],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    server.shutdown()
    server.server_close()
    before, after, rows, elapsed, size = done.stdout.split()
    growth_mb = (int(after) - int(before)) / 1024
    assert int(rows) == total
    return Result(
        f"export: {total:,} rows to {suffix}, peak RSS growth",
        "MB",
        growth_mb,
        int(before) / 1024,
        "< 50 MB",
        growth_mb < 50,
        1,
        {
            "rows_per_s": int(rows) / float(elapsed),
            "file_mb": int(size) / 1e6,
            "peak_rss_mb": int(after) / 1024,
        },
    )


def main() -> int:
    from benchmarks.common import isolate, table

    isolate()
    from mct_desktop.demo import DemoPortal

    with DemoPortal() as demo:
        results = [throughput(demo)]
    results += [million_rows(".csv"), million_rows(".ndjson")]
    print(table(results))
    for r in results:
        print(r.name, {k: round(v, 1) for k, v in r.detail.items()})
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
