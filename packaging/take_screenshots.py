"""Screenshots of the real app for the README: run under Xvfb, writes resources/screenshots/.

xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python packaging/take_screenshots.py [--dark]
    [--size 900x600]

--dark forces a dark palette (files end in -dark); --size sets the main window's size (files
end in -WxH).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import keyring

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"


def main() -> int:
    options = argparse.ArgumentParser()
    options.add_argument("--dark", action="store_true")
    options.add_argument("--size", default="", metavar="WxH")
    args = options.parse_args()
    # Full size: console.png; --size 900x600: console-900x600.png (both palettes).
    suffix = (f"-{args.size.lower()}" if args.size else "") + ("-dark" if args.dark else "")
    # A throwaway config and an in-memory keychain: screenshots never touch real settings.
    home = tempfile.mkdtemp(prefix="mct-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())

    from mct_desktop.app import _make_application, _teardown
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.demo import DemoPortal

    app = _make_application()
    if args.dark:
        from mct_desktop.ui.theme import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    from PySide6.QtCore import QTimer

    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow
    from mct_desktop.ui.token_inspector import TokenInspector

    demo = DemoPortal().start()
    service = PortalService()
    service.add_portal(demo.url, "Demo portal")
    service.add_portal("contoso.azurefd.net", "Contoso production")
    service.set_active(service.find("Demo portal"))
    profiles = BrowserProfiles(app)
    window = MainWindow(service, profiles)
    window.move(40, 40)
    if args.size:
        width, height = (int(v) for v in args.size.lower().split("x"))
        window.resize(width, height)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    step: dict[str, object] = {"n": 0}

    def editor_busy() -> bool:
        return window.console.editor.cancel.isEnabled() or window.console.response.body.loading

    def tick() -> None:
        login = window.sign_in.window
        step["n"] = n = int(str(step["n"])) + 1
        if n == 1:
            window.grab().save(str(OUT / f"main-signed-out{suffix}.png"))
            window.start_sign_in()
        elif login is not None and "/b2c/authorize" in login.page.url().toString():
            if not login.page.isLoading() and step.get("form") is None:
                step["form"] = 1
                login.page.runJavaScript(
                    "document.getElementById('email').value='admin@contoso.demo';"
                    "document.getElementById('password').value='demo';"
                )
                if not args.size:  # its own window: the main window's size changes nothing
                    QTimer.singleShot(
                        800, lambda: login.grab().save(str(OUT / f"sign-in{suffix}.png"))
                    )
                QTimer.singleShot(
                    1200,
                    lambda: login.page.runJavaScript("document.getElementById('next').click();"),
                )
        elif (
            login is None
            and n > 3
            and "sent" not in step
            and window.console.catalog.catalog.operations
        ):
            step["sent"] = n
            console = window.console
            console.catalog.filter.setText("courses metadata")
            operation = console.catalog.model.operations[0]
            console.use_operation(operation)
            console.editor.path_params.set_pairs([("courseId", "101")])
            console.send()
        elif "sent" in step and "console" not in step and not editor_busy():
            step["console"] = 1
            window.grab().save(str(OUT / f"console{suffix}.png"))
            window.tabs.setCurrentIndex(1)
        elif "console" in step and "inspector" not in step:
            window.grab().save(str(OUT / f"main-signed-in{suffix}.png"))
            portal = service.active
            pair = service.tokens(portal) if portal else None
            if portal is None or pair is None:
                app.exit(1)
                return
            inspector = TokenInspector(portal, pair, window.clipboard, window)
            inspector.show()
            step["inspector"] = inspector
            name = "" if args.size else str(OUT / f"inspector{suffix}.png")  # as sign-in
            QTimer.singleShot(
                500, lambda: (inspector.grab().save(name) if name else None, app.quit())
            )
            return
        if n > 200:
            print("screenshots: timed out", file=sys.stderr)
            app.exit(1)
            return
        QTimer.singleShot(100, tick)

    QTimer.singleShot(500, tick)
    code = app.exec()
    _teardown([window, window.sign_in_window], profiles)
    demo.stop()
    print(f"screenshots written to {OUT}")
    return code


if __name__ == "__main__":
    sys.exit(main())
