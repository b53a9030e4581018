"""What start-up must not load before it needs it (issue 15); each check in a fresh process."""

import os
import subprocess
import sys
import textwrap

from mct_desktop.core.session.vault import TokenVault
from mct_desktop.core.tokens import TokenPair


def _run(code: str, cwd: str | None = None) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_main_window_is_built_without_the_qt_namespace():
    # Naming `Qt` builds ~90 Python enums (12 ms); nothing before the first paint needs it.
    out = _run(
        """
        import sys
        import PySide6.QtCore as core
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__  # a failure here is a traceback, not a dialog
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        from mct_desktop.ui.main_window import MainWindow
        window = MainWindow(PortalService(), BrowserProfiles(app))  # the keychain opens later
        built = "Qt" in core.__dict__
        from PySide6.QtCore import QCoreApplication, Qt
        shared = QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        shortcut = window.actions_by_name["refresh"].shortcut().toString()
        print(built, shared, shortcut)
        """
    )
    assert out == "False True Ctrl+R"


def test_the_ready_window_of_a_signed_in_portal_has_not_built_the_qt_namespace():
    # Its console named `Qt` for splitters, a tab bar and the greyed Authorization row: its
    # ~115 enums were 37 ms of the self-test's preload thread (ui/qt_namespace.py).
    out = _run(
        """
        import sys, time
        import PySide6.QtCore as core
        from mct_desktop.app import _make_application, make_main_window
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.core.session.vault import TokenVault
        from mct_desktop.core.tokens import TokenPair
        from mct_desktop.demo import jwt
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        service = PortalService(vault=TokenVault.in_memory("test"))
        portal = service.add_portal("https://contoso.example")
        access = jwt.sign({"exp": int(time.time()) + 3000, "name": "Ada Admin"}, b"k")
        service.store_tokens(portal, TokenPair(access, "refresh"))
        window = make_main_window(service, BrowserProfiles(app)); window.show()
        from PySide6.QtCore import QEventLoop, QTimer
        loop = QEventLoop(); window.ready.connect(loop.quit); QTimer.singleShot(20000, loop.quit)
        loop.exec()
        built = "Qt" in core.__dict__
        headers = window.console.editor.headers
        print(window.is_ready, built, headers.fixed_rows()[0][0], window.tokens.isEnabled())
        """
    )
    assert out == "True False Authorization True"


def test_the_window_paints_before_its_controllers_and_the_token_modules():
    # What the window does (sign-in, token and portal actions, the proxy, the clock, the
    # keychain watch) and the token, keychain and request modules come right after the first
    # paint: they were half of the window's imports before it (50 ms on a slow machine).
    out = _run(
        """
        import sys
        from mct_desktop.app import _make_application, make_main_window
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from PySide6.QtCore import QEvent, QObject, QEventLoop, QTimer
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        service = PortalService()
        service.set_sign_in_browser(service.add_portal("https://contoso.example"), "chromium")
        late = ["mct_desktop.ui." + name for name in ("sign_in", "auto_refresh", "token_actions",
                "portal_actions", "help_actions", "keychain_watch", "session_clock",
                "proxy_control", "browser_sign_in")]
        late += ["mct_desktop.core." + name for name in ("session.token_manager", "session.vault",
                 "tokens", "session.token_summary", "redact", "api.request", "api.snippets")]
        window = make_main_window(service, BrowserProfiles(app))
        at_paint = []
        class Watch(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not at_paint:
                    loaded = [m for m in late if m in sys.modules]
                    at_paint.append((loaded, hasattr(window, "sign_in"), window.sign_in_window,
                                     window.sign_in_button.text()))
                return False
        watch = Watch()
        window.centralWidget().installEventFilter(watch)
        window.show()
        loop = QEventLoop(); window.ready.connect(loop.quit); QTimer.singleShot(20000, loop.quit)
        loop.exec()
        missing = [m for m in late if m not in sys.modules]
        bar, proxy, clock = window.statusBar(), window.data_out.proxy, window.session_label
        placed = [proxy.parent() is bar, clock.parent() is bar, 0 < proxy.x() < clock.x()]
        print(at_paint, window.is_ready, missing, placed, proxy.isVisible())
        """
    )
    assert out == ("[([], False, None, 'Sign in with Chromium')] True [] [True, True, True] True")


def test_a_menu_action_before_the_first_paint_builds_what_it_needs(qtbot, memory_keyring):
    # A key pressed while the window starts: its action finds the controllers, built then.
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    profiles = BrowserProfiles()
    window = MainWindow(PortalService(), profiles)
    qtbot.addWidget(window)
    try:
        assert not hasattr(window, "help_actions")
        window.actions_by_name["diagnostics"].trigger()
        assert "Diagnostics" in window.messages.text()
        assert hasattr(window, "sign_in") and window.sign_in_window is None  # none started
        with qtbot.waitSignal(window.ready, timeout=5000):
            window.show()
        assert window.is_ready and window.console.parent() is window.console_page
    finally:
        window.close()
        profiles.dispose()


def test_the_window_and_its_console_start_without_the_dialog_classes():
    # QMessageBox, QFileDialog and QInputDialog open only on a user's action, QStandardPaths
    # serves their start folder, QPainter only paints history rows: imported at module level,
    # their ~140 Python enums were built at every start (8 ms on a slow machine).
    out = _run(
        """
        import sys
        import PySide6.QtWidgets as widgets
        from mct_desktop.app import _make_application, make_main_window
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.core.session.vault import TokenVault
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        service = PortalService(vault=TokenVault.in_memory("test"))
        window = make_main_window(service, BrowserProfiles(app)); window.show()
        from PySide6.QtCore import QEventLoop, QTimer
        loop = QEventLoop(); window.ready.connect(loop.quit); QTimer.singleShot(20000, loop.quit)
        loop.exec()
        import PySide6.QtCore as core, PySide6.QtGui as gui
        dialogs = ("QMessageBox", "QFileDialog", "QInputDialog")
        built = [name for name in dialogs if name in widgets.__dict__]
        built += [name for name in ("QPainter",) if name in gui.__dict__]
        built += [name for name in ("QStandardPaths",) if name in core.__dict__]
        print(window.is_ready, built)
        """
    )
    assert out == "True []"


def test_the_sign_in_window_opens_without_the_style_enums_or_the_qt_namespace():
    # Placing the window asked the style for a title bar height: PySide6 then built QStyle's
    # ~400 enum members (4 ms of every sign-in window's start). Its padlock and its Esc key
    # named `Qt`, whose ~100 enums were 40 ms between the click and the page (lock_icon.py).
    out = _run(
        """
        import sys
        import PySide6.QtCore as core
        import PySide6.QtWidgets as widgets
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from mct_desktop.core.portal import Portal
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        from mct_desktop.ui.login_view import LoginWindow
        portal = Portal("http://127.0.0.1:9")
        window = LoginWindow(portal, BrowserProfiles(app).profile_for(portal))
        window.show()
        app.processEvents()
        area = window.screen().availableGeometry()
        built = ["QStyle" in widgets.__dict__, "Qt" in core.__dict__]
        print(built, window.isVisible(), window.y() > area.top())
        """
    )
    assert out == "[False, False] True True"


def test_a_configured_portal_keeps_the_keychain_closed_until_the_first_paint():
    # The window is activated before it paints (a window manager, or offscreen Qt): the
    # logout-elsewhere watch then opened the keychain ahead of the first paint (+80 ms).
    out = _run(
        """
        import sys
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from PySide6.QtCore import QEvent, QObject, QEventLoop, QTimer
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        from mct_desktop.ui.main_window import MainWindow
        PortalService().add_portal("https://contoso.example")
        service = PortalService()
        window = MainWindow(service, BrowserProfiles(app))
        at_paint = []
        class Watch(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not at_paint:
                    at_paint.append(service.vault._resolved)
                return False
        watch = Watch()
        window.centralWidget().installEventFilter(watch)
        window.show()
        window.activateWindow()
        loop = QEventLoop()
        QTimer.singleShot(2000, loop.quit)
        window.ready.connect(lambda: QTimer.singleShot(100, loop.quit))
        loop.exec()
        print(at_paint, window.is_ready, service.vault._resolved)
        """
    )
    assert out == "[False] True True"


def test_the_self_test_loads_no_keyring():
    out = _run(
        """
        import sys
        from mct_desktop.cli import main
        code = main(["--self-test"])
        print(code, sorted({m.split(".")[0] for m in sys.modules} & {"keyring", "jaraco"}))
        """
    )
    assert out == "0 []"


def test_the_window_and_its_console_load_no_paging_tls_or_http_client():
    # What the window builds at start (the console with Fetch all and Copy as attached) must
    # not pull in what only a Fetch all, a request, the keychain or a curl import needs.
    out = _run(
        """
        import sys
        from mct_desktop.cli import main
        code = main(["--self-test"])
        late = ("mct_desktop.core.api.pager", "mct_desktop.core.api.fetch_all", "email.utils",
                "ssl", "httpx", "cryptography", "yaml", "mct_desktop.core.api.curl_import",
                "html", "orjson")
        import PySide6.QtWidgets as widgets  # QStyle's enums: only once a history row paints
        print(code, sorted(m for m in late if m in sys.modules), "QStyle" in widgets.__dict__)
        """
    )
    assert out == "0 [] False"


def test_the_console_loads_without_ssl_or_email():
    out = _run(
        """
        import sys
        import mct_desktop.ui.console.console
        print(sorted(m for m in ("ssl", "email.message", "email.utils") if m in sys.modules))
        """
    )
    assert out == "[]"


def test_the_collector_waits_for_the_ready_window_and_then_skips_what_the_start_made():
    # The GUI starts with the cyclic collector off; the window's `ready` freezes what the
    # start made and turns it back on. The start must make little garbage: it is kept.
    out = _run(
        """
        import gc, sys
        from mct_desktop.core import gc_holds
        gc_holds.pause()
        from mct_desktop.app import _make_application, make_main_window
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from PySide6.QtCore import QEventLoop, QTimer
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.core.session.vault import TokenVault
        from mct_desktop.ui.browser_profiles import BrowserProfiles
        service = PortalService(vault=TokenVault.in_memory("test"))
        window = make_main_window(service, BrowserProfiles(app))
        off_while_building = not gc.isenabled() and gc_holds.paused()
        garbage = gc.collect()  # what the imports and the window's construction left
        loop = QEventLoop()
        window.ready.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        window.show()
        loop.exec()
        print(off_while_building, garbage < 3000, window.is_ready, gc.isenabled(),
              gc.get_freeze_count() > 20_000, gc_holds.paused())
        """
    )
    assert out == "True True True True True False"


def test_pausing_the_collector_leaves_a_collector_the_caller_turned_off_alone():
    import gc

    from mct_desktop.core import gc_holds

    gc.disable()
    try:
        gc_holds.pause()
        gc_holds.resume()
        assert not gc.isenabled() and not gc_holds.paused()
    finally:
        gc.enable()
    gc_holds.pause()
    assert not gc.isenabled() and gc_holds.paused()
    gc_holds.resume()
    gc_holds.resume()  # twice is harmless
    assert gc.isenabled() and not gc_holds.paused()
    gc.unfreeze()  # the test process's objects go back to being collected


def test_the_engine_starts_while_a_thread_imports_and_the_fast_path_is_found():
    # Chromium's start (the first profile) runs through ctypes with Python's lock released,
    # while a thread imports; a failing import there is left for the GUI thread to report.
    out = _run(
        """
        import sys, threading
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from mct_desktop.ui import engine_start
        from mct_desktop.ui.qt_env import qt_function
        ran = []
        def meanwhile():
            ran.append(threading.current_thread().name)
            import mct_desktop.ui.console.console
            raise ImportError("left for the GUI thread")
        with engine_start.default_profile_started(meanwhile):
            inside = threading.current_thread().name
        from PySide6.QtWebEngineCore import QWebEngineProfile
        profile = QWebEngineProfile.defaultProfile()
        fast = qt_function("libQt6WebEngineCore.so.6", engine_start._DEFAULT_PROFILE) is not None
        # Never a library PySide6 has not loaded: a second copy of Qt would act on nothing.
        assert qt_function("libQt63DCore.so.6", "x") is None
        assert not any("Qt63DCore" in line for line in open("/proc/self/maps"))
        print(ran, inside, "mct_desktop.ui.console.console" in sys.modules,
              profile.isOffTheRecord(), fast)
        """
    )
    assert out == "['preload'] MainThread True True True"


def test_the_page_asked_for_loads_while_the_thread_still_imports():
    # The GUI thread runs its event loop, not a bare join, while the thread works: Chromium's
    # browser side does its tasks there, and the blank page loads meanwhile (a join froze it
    # until the window was built: 50 ms of the self-test on a slow machine).
    out = _run(
        """
        import threading
        from mct_desktop.app import _make_application
        app = _make_application()
        from mct_desktop.ui import engine_start
        loaded, seen = threading.Event(), []
        def meanwhile():
            seen.append(loaded.wait(30))  # only the GUI thread's events can set it
        with engine_start.default_profile_started(meanwhile):
            from PySide6.QtCore import QUrl
            from PySide6.QtWebEngineWidgets import QWebEngineView
            view = QWebEngineView()
            view.loadFinished.connect(lambda ok: loaded.set())
            view.setUrl(QUrl("about:blank"))
        print(seen)
        """
    )
    assert out == "[True]"


def test_the_first_sign_in_starts_the_engine_once_while_its_modules_import():
    # The first sign-in window's modules import on a thread while Chromium starts; later
    # sign-ins find the engine running and import nothing on a thread.
    out = _run(
        """
        import sys, threading
        from mct_desktop.app import _make_application
        app = _make_application()
        from mct_desktop.ui import engine_start
        ran = []
        def meanwhile():
            import mct_desktop.ui.login_view
            ran.append(threading.current_thread().name)
        engine_start.start_once(meanwhile)
        engine_start.start_once(lambda: ran.append("again"))
        print(ran, "mct_desktop.ui.login_view" in sys.modules)
        """
    )
    assert out == "['preload'] True"


def test_the_self_tests_window_step_finds_its_modules_already_imported(tmp_path):
    # What the window imports is loaded while the engine starts; a module added to the
    # window later must join that list, or the self-test pays for it on the GUI thread.
    out = _run(
        f"""
        import os, sys
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = os.path.join({str(tmp_path)!r}, var.lower())
        from mct_desktop.core import gc_holds
        gc_holds.pause()  # as the command line does
        from mct_desktop import self_test
        app = self_test._application()
        sys.excepthook = sys.__excepthook__
        page = self_test._start_engine()
        before = set(sys.modules)
        self_test._show_window(app)
        self_test._wait_for_blank_page(app, page, 60)
        print(sorted(m for m in set(sys.modules) - before if m.startswith("mct_desktop")))
        """
    )
    assert out == "[]"


def test_the_app_icon_comes_from_its_pngs_without_qts_svg_engine():
    # The SVG icon loaded Qt's SVG icon engine and library with the first window (1.5 MB).
    out = _run(
        """
        import sys
        from mct_desktop.app import ICON_SIZES, _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        from PySide6.QtCore import QSize
        from PySide6.QtWidgets import QWidget
        window = QWidget(); window.show(); app.processEvents()
        icon = app.windowIcon()
        sizes = sorted(s.width() for s in icon.availableSizes())
        drawn = [icon.pixmap(QSize(n, n)).width() for n in (16, 40, 512)]
        svg = any("Svg" in line for line in open("/proc/self/maps"))
        print(sizes == sorted(ICON_SIZES), drawn, svg)
        """
    )
    assert out == "True [16, 40, 512] False"


def test_holds_on_the_collector_are_counted_across_threads():
    # A spec parsed on a worker thread while the GUI starts: whichever hold ends last turns
    # the collector back on, and never one that was off before the first hold.
    import gc
    import threading

    from mct_desktop.core import gc_holds

    gc_holds.pause()
    parsing, resumed = threading.Event(), threading.Event()
    during: list[bool] = []

    def parse() -> None:
        with gc_holds.held():
            parsing.set()
            resumed.wait(5)
            during.append(gc.isenabled())  # the GUI's start ended; this parse still holds it

    worker = threading.Thread(target=parse)
    worker.start()
    parsing.wait(5)
    gc_holds.resume()
    assert not gc.isenabled()
    resumed.set()
    worker.join(5)
    assert during == [False] and gc.isenabled()
    gc.unfreeze()
    gc.disable()  # off before the first hold: stays off after the last
    try:
        with gc_holds.held(), gc_holds.held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_in_memory_vault_keeps_tokens_for_the_run_and_says_why():
    vault = TokenVault.in_memory("No keychain here.")
    assert not vault.status.persistent and vault.status.problem.startswith("No keychain here.")
    pair = TokenPair("a", "r")
    assert not vault.save("https://p.example", pair).persistent
    assert vault.load("https://p.example") == pair


def test_fontconfig_starts_on_its_own_thread_and_the_window_still_gets_its_fonts():
    out = _run(
        """
        import sys
        import mct_desktop.ui.qt_env as qt_env
        started = []
        warm = qt_env.warm_fontconfig
        qt_env.warm_fontconfig = lambda: started.append(warm()) or started[-1]
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__
        thread = started[0]
        thread.join(10)
        from PySide6.QtWidgets import QLabel
        label = QLabel("Signed in as Ada")
        print(thread.name, thread.is_alive(), label.fontMetrics().horizontalAdvance("Ada") > 0)
        """
    )
    assert out == "fontconfig-init False True"


# PySide6's per-import source scan (ui/import_scan.py): nothing kept, the same decisions.
def test_modules_imported_after_pyside_leave_no_source_behind(tmp_path):
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain.py").write_text("VALUE = 1\n")
    out = _run(
        """
        import linecache, sys
        sys.path.insert(0, ".")
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__  # a failure here is a traceback, not a dialog
        import uses_qt, plain, mct_desktop.ui.main_window
        decided = sys.modules["shibokensupport.feature"].pyside_feature_dict
        kept = [name for name in linecache.cache if not name.startswith("<")]
        print(decided["uses_qt"], decided["plain"], kept)
        """,
        cwd=str(tmp_path),
    )
    assert out == "0 -1 []"


def test_the_decision_is_pyside6s_own_for_every_module_loaded():
    # PySide6's own scan, kept before it is replaced, judges every module the app loads.
    out = _run(
        """
        import sys
        import PySide6.QtCore
        feature = sys.modules["shibokensupport.feature"]
        pyside_scan = feature._mod_uses_pyside
        from mct_desktop.ui import import_scan
        assert import_scan.lighten() and feature._mod_uses_pyside is import_scan.mentions_pyside
        import mct_desktop.ui.main_window, mct_desktop.ui.console.console, httpx, sqlite3, csv
        import PySide6.QtWebEngineWidgets
        modules = list(sys.modules.values())
        differ = [m.__name__ for m in modules
                  if import_scan.mentions_pyside(m) != pyside_scan(m)]
        print(len(modules) > 300, sum(map(import_scan.mentions_pyside, modules)) > 30, differ)
        """
    )
    assert out == "True True []"
