"""Run every benchmark: `.venv/bin/python -m benchmarks` prints a table and writes results.json."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks.common import isolate, table, write


def main() -> int:
    isolate()
    from mct_desktop.ui.qt_env import prepare_process

    prepare_process()
    import PySide6.QtWebEngineWidgets  # noqa: F401  (before the QApplication)
    from PySide6.QtWidgets import QApplication

    from benchmarks import bench_console, bench_export, bench_processes, bench_spec, bench_startup
    from mct_desktop.demo import DemoPortal

    app = QApplication.instance() or QApplication(sys.argv[:1])
    results = [
        bench_spec.index_demo_spec(),
        bench_spec.load_synthetic_spec(),
        bench_spec.filter_keystroke(),
        bench_spec.graph_sized_load(),
        bench_spec.stripe_like_browse(),
    ]
    results.append(bench_startup.startup_to_window())
    results.append(bench_processes.self_test())
    real_keychain = bool(os.environ.get("MCT_BENCH_REAL_KEYRING"))
    with DemoPortal() as demo:
        results.append(bench_startup.startup_to_sign_in_page(demo.url))
        results.append(bench_startup.login_command_to_sign_in_page(demo.url))
        results.append(bench_processes.memory_after_sign_in(demo))
        # `login` keeps tokens only in a keychain other processes can read.
        browser = bench_processes.browser_login(demo) if real_keychain else None
        if browser is not None:
            results.append(browser)
        else:
            print("own-browser sign-in skipped: needs chromium and bootstrap.sh bench's keychain")
        results.append(bench_startup.capture_latency(app, demo))
        results.append(bench_console.console_overhead(app, demo))
        results.append(bench_console.large_response_stall(app, demo))
    with DemoPortal() as demo:  # its own portal: the export benchmark resizes the lists
        results.append(bench_export.throughput(demo))
    results += [bench_export.million_rows(".csv"), bench_export.million_rows(".ndjson")]
    if (cli := bench_startup.cli_token()) is not None:
        results.append(cli)
    else:
        print(
            "cli benchmark skipped: run inside a Secret Service session "
            "(bash packaging/bootstrap.sh bench)"
        )
    print(table(results))
    out = Path(__file__).parent / "results.json"
    write(results, out)
    print(f"\nwritten to {out}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
