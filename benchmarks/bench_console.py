"""API console: Send-to-shown overhead against plain httpx; event-loop stalls on 20 MB JSON."""

from __future__ import annotations

import statistics
import time

import httpx

from benchmarks.common import Result


def _console(demo):  # type: ignore[no-untyped-def]
    from mct_desktop.core.api.history import RequestStore
    from mct_desktop.core.session.callback import parse_callback_location
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.core.session.token_manager import TokenManager
    from mct_desktop.ui.clipboard import SecretClipboard
    from mct_desktop.ui.console.console import ApiConsole
    from tests.support import sign_in_over_http

    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    console = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    console.resize(1000, 700)
    console.show()
    return console, pair


def _send_and_wait(app, console) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from Send to the response shown (all of it, for progressive bodies)."""
    from PySide6.QtCore import QEventLoop, QTimer

    # WORKAROUND: tight app.processEvents() loops crash PySide6 6.12 ("deallocating None"),
    # so every wait here is a nested event loop.
    loop = QEventLoop()
    console.sent.connect(loop.quit)
    started = time.perf_counter()
    console.send()
    loop.exec()
    console.sent.disconnect(loop.quit)
    if console.response.body.loading:
        poll = QTimer()
        poll.setInterval(2)
        poll.timeout.connect(lambda: None if console.response.body.loading else loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
    return (time.perf_counter() - started) * 1000


def console_overhead(app, demo, runs: int = 40) -> Result:  # type: ignore[no-untyped-def]
    from mct_desktop.core.api.request import ApiRequest

    console, pair = _console(demo)
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    url = demo.url + "/api/v2/Profile"
    headers = {"Authorization": f"Bearer {pair.access_token}"}
    client = httpx.Client()

    def plain() -> float:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        response.json()
        return (time.perf_counter() - started) * 1000

    for _ in range(3):
        plain()
        _send_and_wait(app, console)
    ours, base = [], []
    for _ in range(runs):  # interleaved so that drift hits both alike
        base.append(plain())
        ours.append(_send_and_wait(app, console))
    console.shutdown()
    client.close()
    value, baseline = statistics.median(ours), statistics.median(base)
    return Result(
        "console: Send to response shown (/api/v2/Profile)",
        "ms",
        value,
        baseline,
        "<= 1.2x + 5 ms",
        value <= baseline * 1.2 + 5,
        runs,
        {"p90_ms": sorted(ours)[int(runs * 0.9)]},
    )


def large_response_stall(app, demo, megabytes: float = 20.0) -> Result:  # type: ignore[no-untyped-def]
    """Longest gap between 1 ms timer ticks while a 20 MB JSON body arrives and renders."""
    from PySide6.QtCore import Qt, QTimer

    from mct_desktop.core.api.request import ApiRequest

    console, _pair = _console(demo)
    from mct_desktop.demo.data import large_json

    large_json(round(megabytes, 3))  # the server builds the body once, outside the measurement
    console.editor.load(
        ApiRequest("GET", "/api/demo/large", query=[("mb", str(megabytes))], timeout=120)
    )
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(tick)
    # Baseline: the same timer on an idle event loop for one second.
    from PySide6.QtCore import QEventLoop

    timer.start()
    idle = QEventLoop()
    QTimer.singleShot(1000, idle.quit)
    idle.exec()
    idle_gaps, gaps[:] = list(gaps), []
    last[0] = time.perf_counter()
    total_ms = _send_and_wait(app, console)
    timer.stop()
    longest = max(gaps)
    size = console.response.response.size if console.response.response else 0
    console.shutdown()
    return Result(
        f"console: longest stall, {megabytes:g} MB JSON",
        "ms",
        longest,
        max(idle_gaps),
        "< 100 ms",
        longest < 100,
        len(gaps),
        {
            "total_ms": total_ms,
            "body_bytes": size,
            "gaps_over_50ms": sum(1 for g in gaps if g > 50),
        },
    )
