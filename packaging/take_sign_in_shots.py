"""Screenshots of the sign-in choice: the Sign in button's menu, the refusal bar, the switch.

xvfb-run -a -s "-screen 0 1280x800x24" bash -c 'openbox & .venv/bin/python \
    packaging/take_sign_in_shots.py [--dark] [--size 900x600] [--out DIR]'

Needs a window manager (a menu is a window of its own) and imagemagick's `import`; the demo
portal refuses the embedded browser with Google's recorded refusal page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import keyring

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    options = argparse.ArgumentParser()
    options.add_argument("--dark", action="store_true")
    options.add_argument("--size", default="", metavar="WxH")
    options.add_argument("--out", default=str(ROOT / "resources" / "screenshots"))
    args = options.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = ("-dark" if args.dark else "") + (f"-{args.size}" if args.size else "")
    home = tempfile.mkdtemp(prefix="mct-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    sys.path.insert(0, str(ROOT))
    from tests.support import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())

    from PySide6.QtCore import QPoint, QTimer

    from mct_desktop.app import _make_application, _teardown
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.demo import DemoPortal
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.browser_sign_in import close_all_browsers
    from mct_desktop.ui.main_window import MainWindow

    app = _make_application()
    if args.dark:
        from mct_desktop.ui.theme import dark_palette

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    demo = DemoPortal(refuse_embedded="google").start()
    service = PortalService()
    service.add_portal(demo.url, "Demo portal")
    profiles = BrowserProfiles(app)
    window = MainWindow(service, profiles)
    window.move(20, 20)
    if args.size:
        width, height = (int(v) for v in args.size.lower().split("x"))
        window.resize(width, height)
    window.show()
    step = {"n": 0}

    def screen(name: str) -> None:
        # imagemagick's `import`, from PATH: this script only runs on a developer's machine.
        command = ["import", "-window", "root", str(out / f"{name}{suffix}.png")]
        subprocess.run(command, check=True)  # noqa: S603

    def tick() -> None:
        step["n"] += 1
        n = step["n"]
        login = window.sign_in.window
        if n == 1:
            button = window.sign_in_choice.menu_button
            window.sign_in_choice.menu.popup(button.mapToGlobal(QPoint(0, button.height())))
        elif n == 2:
            screen("sign-in-menu")
            window.sign_in_choice.menu.close()
            window.start_sign_in()
        elif "bar" not in step and login is not None and login.banner.action.isVisible():
            step["bar"] = n
        elif "bar" in step and "switched" not in step and n > step["bar"] + 2:
            login.grab().save(str(out / f"refusal-bar{suffix}.png"))
            screen("refusal-bar-screen")
            step["switched"] = n
            login.banner.action.click()
        elif "switched" in step and n > step["switched"] + 12:
            window.grab().save(str(out / f"browser-sign-in-main{suffix}.png"))
            screen("browser-sign-in-screen")
            window.sign_in.cancel()
            app.quit()
            return
        if n > 300:
            print("screenshots: timed out", file=sys.stderr)
            app.exit(1)
            return
        QTimer.singleShot(400 if n < 3 else 250, tick)

    QTimer.singleShot(1500, tick)
    code = app.exec()
    close_all_browsers()
    _teardown([window, window.sign_in_window], profiles)
    demo.stop()
    print(f"screenshots written to {out}")
    return code


if __name__ == "__main__":
    sys.exit(main())
