"""Process set-up that QtWebEngine needs before the QApplication exists."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading

log = logging.getLogger("mct_desktop.qt")

# Warnings Qt and its Chromium print on every start on machines without Vulkan or a GPU
# (most VMs, Xvfb, remote desktops): they change nothing for the user, and `--log-level=3`
# does not reach them (they come through Qt's own message handler, category "default").
_START_UP_NOISE = (
    "Failed to load vulkan",
    "initInstance: No Vulkan library available",
    "Failed to create platform Vulkan instance",
    "Unable to detect GPU vendor",
    "GPUInfo not initialized",
    "QRhiGles2: Failed to create",
    "Failed to create RHI for backend",
    "QVulkanInstance: Failed to initialize Vulkan",
    "This plugin does not support createPlatformVulkanInstance",
    "This plugin does not support propagateSizeHints()",
)


def is_start_up_noise(message: str) -> bool:
    return message.startswith(_START_UP_NOISE)


def chromium_flags(environ: dict[str, str] | os._Environ[str], is_root: bool) -> str:
    """QTWEBENGINE_CHROMIUM_FLAGS with what this process needs added (kept if already set)."""
    flags = environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    wanted = []
    if is_root:
        # Chromium refuses to start its sandbox as root (containers, CI).
        wanted.append("--no-sandbox")
    if environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        # No GPU and no GL context offscreen; without this Chromium logs errors and may stall.
        wanted.append("--disable-gpu")
    # No phoning home for components or field trials: calm logs and no stray traffic.
    wanted += ["--disable-background-networking", "--disable-component-update"]
    # Chromium's own chatter (GPU probing, D-Bus) is noise in a user's terminal.
    wanted.append("--log-level=3")
    for flag in wanted:
        if flag not in flags:
            flags.append(flag)
    return " ".join(flags)


def missing_display_message(environ: dict[str, str] | os._Environ[str]) -> str:
    """A sentence for the user when Linux has no screen to show a window on, else ''."""
    if not sys.platform.startswith("linux"):
        return ""
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Run MCT Desktop in a "
        "desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen."
    )


def prepare_process() -> None:
    """Set the environment QtWebEngine reads at start-up. Call before any QApplication."""
    warm_fontconfig()
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = chromium_flags(os.environ, is_root)
    from PySide6.QtCore import qInstallMessageHandler

    from mct_desktop.ui import import_scan

    import_scan.lighten()
    # QtWebEngine needs a shared GL context when it is created after the QApplication.
    share_gl_contexts()
    qInstallMessageHandler(_on_qt_message)
    # Qt still speaks while the interpreter shuts down (QApplication teardown, Chromium's
    # threads): a Python handler then would crash the process. Qt's own takes over first;
    # this runs before PySide's own exit hook, registered when QtCore was imported.
    atexit.register(qInstallMessageHandler, None)


def warm_fontconfig() -> threading.Thread | None:
    """Start fontconfig's initialisation on a thread of its own (Linux), while Qt loads.

    The window's first text measurement makes Qt call `FcInit`, which reads fontconfig's
    configuration and font caches on the GUI thread: 3.5 ms of the main window's start
    here, more on a desktop with many fonts. Started first, it runs on the other core while
    Python imports Qt. `FcInit` is a no-op once done, and fontconfig makes its first
    initialisation atomic, so Qt's own call either finds it done or does it itself.
    ctypes releases the GIL for the call.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import threading

    def initialise() -> None:
        with contextlib.suppress(OSError, AttributeError):  # no fontconfig: Qt says so later
            ctypes.CDLL("libfontconfig.so.1").FcInit()

    thread = threading.Thread(target=initialise, name="fontconfig-init", daemon=True)
    thread.start()
    return thread


def share_gl_contexts() -> None:
    """`QCoreApplication.setAttribute(Qt.AA_ShareOpenGLContexts)`, without naming `Qt`.

    WORKAROUND: PySide6 builds the whole `Qt` namespace (~90 Python enums, 12 ms) the first
    time it is named, and the main window needs nothing else from it before its first paint.
    Qt's own function is called directly where its C++ name is known (Linux); elsewhere, or
    if that fails, through PySide6.
    """
    import ctypes

    set_attribute = qt_function(
        "libQt6Core.so.6", "_ZN16QCoreApplication12setAttributeEN2Qt20ApplicationAttributeEb"
    )
    if set_attribute is not None:
        set_attribute.argtypes = [ctypes.c_int, ctypes.c_bool]
        set_attribute.restype = None
        set_attribute(_AA_SHARE_OPENGL_CONTEXTS, True)
        return
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def qt_function(library: str, symbol: str) -> Any:
    """A function of PySide6's own Qt libraries by its C++ (Itanium ABI) name, through ctypes;
    None off Linux or with another Qt layout (a distribution's Qt, a bundle), where callers
    use PySide6's binding. ctypes releases the GIL for the call; PySide6 holds it.

    Only a library PySide6 has already loaded, that very file (RTLD_NOLOAD): a copy found
    elsewhere would be a second Qt in the process, whose functions act on nothing of ours.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        import PySide6

        path = os.path.join(PySide6.__path__[0], "Qt", "lib", library)
        loaded = ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
        return getattr(loaded, symbol)
    except (OSError, AttributeError):
        return None


_AA_SHARE_OPENGL_CONTEXTS = 18  # Qt::AA_ShareOpenGLContexts, fixed since Qt 5.4


def _on_qt_message(mode: Any, context: Any, message: str) -> None:
    """Qt's messages as before, minus the GPU start-up noise (kept in the debug log)."""
    if is_start_up_noise(message):
        log.debug("qt: %s", message)
        return
    from PySide6.QtCore import qFormatLogMessage

    with contextlib.suppress(OSError, ValueError):  # stderr closed: nowhere to say it
        sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")
