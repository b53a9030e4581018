"""Screenshots of the app's data-out views (issue 14) mid-run, against the demo portal.

xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python packaging/take_data_screenshots.py
    [--dark] [--size 900x600] [--out DIR] [--menu]

Writes data-fetch-all, data-export and data-proxy PNGs (suffix -dark, and the size when
given). A 429 with a long Retry-After holds Fetch all mid-run; a slow report holds Export.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import keyring

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    options = argparse.ArgumentParser()
    options.add_argument("--dark", action="store_true")
    options.add_argument("--size", default="", metavar="WxH")
    options.add_argument("--out", default=str(ROOT / "resources" / "screenshots"))
    options.add_argument("--menu", action="store_true", help="also the proxy's open menu")
    args = options.parse_args()
    suffix = ("-dark" if args.dark else "") + (f"-{args.size}" if args.size else "")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="mct-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    sys.path.insert(0, str(ROOT))
    from tests.support import MemoryKeyring, demo_tokens

    keyring.set_keyring(MemoryKeyring())

    import httpx
    from PySide6.QtCore import QTimer

    from mct_desktop.app import _make_application, _teardown
    from mct_desktop.core.api import client as api_client
    from mct_desktop.core.api.request import ApiRequest
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.demo import DemoPortal
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    app = _make_application()
    if args.dark:
        from mct_desktop.ui.theme import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    demo = DemoPortal().start()
    volume = demo.data.volume
    volume.retry_after = "60"  # Fetch all waits here, with the wait shown
    volume.failing["/api/v1/certificates"] = 403
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo portal")
    service.store_tokens(portal, demo_tokens(demo))
    service.set_active(portal)
    profiles = BrowserProfiles(app)
    window = MainWindow(service, profiles)
    window.move(40, 40)
    if args.size:
        width, height = (int(v) for v in args.size.lower().split("x"))
        window.resize(width, height)
    window.show()

    # The report waits (until cancelled) so that the export is caught mid-run.
    real_send = api_client.ApiClient.send

    def slow_send(self: Any, portal: Any, request: Any, *a: Any, **kw: Any) -> Any:
        cancel = kw.get("cancel")
        if request.target == "/api/v1/Reports/Users" and cancel is not None:
            cancel.wait(60)
        return real_send(self, portal, request, *a, **kw)

    api_client.ApiClient.send = slow_send  # type: ignore[method-assign]
    files = Path(home) / "files"
    step: dict[str, Any] = {"n": 0}

    def save(widget: Any, name: str) -> None:
        widget.grab().save(str(out / f"{name}{suffix}.png"))
        step[name] = 1

    def tick() -> None:
        step["n"] += 1
        if not window.is_ready:
            pass
        elif "fetch" not in step:
            window.console.editor.load(ApiRequest("GET", "/api/v1/admin/users"))
            window.data_out.fetch_all.start(files / "users.csv", resume=False)
            step["fetch"] = window.data_out.fetch_all.dialogs[-1]
        elif "fetch_shot" not in step and step["fetch"].waiting.text():
            step["fetch_shot"] = 1
            QTimer.singleShot(300, lambda: save(step["fetch"], "data-fetch-all"))
        elif "data-fetch-all" in step and "export" not in step:
            step["fetch"].stop()
            window.data_out.open_export()
            dialog = window.data_out.export_dialog
            dialog.folder.setText(str(files / "export"))
            dialog.start()
            step["export"] = dialog
        elif "export" in step and "export_shot" not in step:
            table = step["export"].table
            statuses = [table.item(r, 1).text() for r in range(table.rowCount())]
            if any(s.startswith("running") for s in statuses[8:]):
                step["export_shot"] = 1
                QTimer.singleShot(300, lambda: save(step["export"], "data-export"))
        elif "data-export" in step and "proxy" not in step:
            step["export"].stop()
            step["fetch"].close()
            window.data_out.proxy.start()
            url = window.data_out.proxy.url

            def calls() -> None:
                for path in ("/api/v2/Profile", "/api/v1/Courses", "/api/v1/Groups"):
                    httpx.get(url + path, timeout=10)

            threading.Thread(target=calls, daemon=True).start()
            step["proxy"] = 1
        elif "proxy" in step and window.data_out.proxy.requests >= 3 and "done" not in step:
            step["done"] = 1
            step["export"].close()
            window.activateWindow()
            QTimer.singleShot(300, lambda: save(window, "data-proxy"))
        elif "data-proxy" in step and not args.menu:
            app.quit()
            return
        elif "data-proxy" in step and "menu" not in step:
            step["menu"] = 1
            button = window.data_out.proxy.button
            window.data_out.proxy.menu.popup(button.mapToGlobal(button.rect().topLeft()))
            QTimer.singleShot(
                500,
                lambda: (
                    app.primaryScreen()
                    .grabWindow(0)
                    .save(str(out / f"data-proxy-menu{suffix}.png")),
                    window.data_out.proxy.menu.close(),
                    app.quit(),
                ),
            )
            return
        if step["n"] > 600:
            print("data screenshots: timed out", step.keys(), file=sys.stderr)
            app.exit(1)
            return
        QTimer.singleShot(100, tick)

    QTimer.singleShot(500, tick)
    code = app.exec()
    window.data_out.proxy.shutdown()
    _teardown([window], profiles)
    demo.stop()
    time.sleep(0.1)
    print(f"data screenshots written to {out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
