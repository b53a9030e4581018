"""Which shared libraries Qt and QtWebEngine miss on this Linux machine, and their packages."""

from __future__ import annotations

import contextlib
import importlib.util
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

# Library file -> Debian package, for what a minimal Debian/Ubuntu lacks most often.
DEBIAN_PACKAGES = {
    "libnss3.so": "libnss3",
    "libnssutil3.so": "libnss3",
    "libsmime3.so": "libnss3",
    "libnspr4.so": "libnspr4",
    "libplc4.so": "libnspr4",
    "libplds4.so": "libnspr4",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libXcomposite.so.1": "libxcomposite1",
    "libXdamage.so.1": "libxdamage1",
    "libXrandr.so.2": "libxrandr2",
    "libXtst.so.6": "libxtst6",
    "libxkbfile.so.1": "libxkbfile1",
    "libasound.so.2": "libasound2",
    "libgbm.so.1": "libgbm1",
    "libdrm.so.2": "libdrm2",
    "libxshmfence.so.1": "libxshmfence1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXext.so.6": "libxext6",
    "libXfixes.so.3": "libxfixes3",
    "libXi.so.6": "libxi6",
    "libXrender.so.1": "libxrender1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libexpat.so.1": "libexpat1",
}


@dataclass(frozen=True)
class MissingLibrary:
    """A system library Qt needs and the system lacks, with its package where known."""

    library: str
    needed_by: str
    package: str  # "" when unknown

    def __str__(self) -> str:
        hint = f" (Debian/Ubuntu package {self.package})" if self.package else ""
        return f"{self.library}, needed by {self.needed_by}{hint}"


def qt_binaries() -> list[Path]:
    """The Qt files whose dependencies matter: the xcb plugin, QtWebEngine and its process."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent
    candidates = [
        root / "Qt" / "plugins" / "platforms" / "libqxcb.so",
        root / "Qt" / "lib" / "libQt6WebEngineCore.so.6",
        root / "Qt" / "libexec" / "QtWebEngineProcess",
    ]
    return [path for path in candidates if path.exists()]


def missing_libraries(binaries: list[Path] | None = None) -> list[MissingLibrary]:
    """What `ldd` reports as not found (empty off Linux or without ldd)."""
    return LibraryCheck(binaries).result()


class LibraryCheck:
    """One `ldd` over every binary, on a thread; `result()` waits for it.

    It runs while the caller goes on (the self-test loads Qt meanwhile). One process, not
    one per binary: on two cores, three `ldd` (a shell script each) competed with that
    loading, and the step took 20-25 ms longer on a slow machine.
    """

    def __init__(self, binaries: list[Path] | None = None) -> None:
        self._checked: list[Path] = []
        if sys.platform.startswith("linux") and shutil.which("ldd") is not None:
            self._checked = binaries if binaries is not None else qt_binaries()
        self._output = ""
        self._thread = threading.Thread(target=self._run, daemon=True)
        if self._checked:
            self._thread.start()

    def _run(self) -> None:
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            # ldd from PATH on files of our own Qt install: no untrusted input here.
            self._output = subprocess.run(  # noqa: S603
                ["ldd", *map(str, self._checked)],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=20,
            ).stdout

    def result(self) -> list[MissingLibrary]:
        if not self._checked:
            return []
        self._thread.join()
        missing: dict[str, MissingLibrary] = {}
        for binary, output in _sections(self._output, self._checked):
            for library in re.findall(r"^\s*(\S+) => not found", output, re.MULTILINE):
                missing.setdefault(
                    library,
                    MissingLibrary(library, binary.name, DEBIAN_PACKAGES.get(library, "")),
                )
        return list(missing.values())


def _sections(output: str, binaries: list[Path]) -> list[tuple[Path, str]]:
    """ldd's output per binary: with several files it heads each with `path:`; with one,
    it prints no heading."""
    if len(binaries) == 1:
        return [(binaries[0], output)]
    by_path = {str(binary): binary for binary in binaries}
    sections: list[tuple[Path, str]] = []
    for line in output.splitlines():
        heading = line[:-1] if line.endswith(":") and not line[:1].isspace() else None
        if heading in by_path:
            sections.append((by_path[heading], ""))
        elif sections:
            binary, text = sections[-1]
            sections[-1] = (binary, text + line + "\n")
    return sections


def install_hint(missing: list[MissingLibrary]) -> str:
    packages = sorted({m.package for m in missing if m.package})
    return f"sudo apt-get install {' '.join(packages)}" if packages else ""
