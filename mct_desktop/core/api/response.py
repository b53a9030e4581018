"""A received response: status, headers, timing, and a body kept in memory or a temp file."""

from __future__ import annotations

import atexit
import codecs
import re
import shutil
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class BodyType(StrEnum):
    EMPTY = "empty"
    JSON = "json"
    CSV = "csv"
    TEXT = "text"
    BINARY = "binary"


# Folders of spooled bodies not yet discarded: removed at exit whatever happened to their
# response (a rendering error, a lost reference), so no body outlives the process.
_SPOOLED: set[Path] = set()
_SPOOLED_LOCK = threading.Lock()


def track_spool(folder: Path) -> None:
    with _SPOOLED_LOCK:
        _SPOOLED.add(folder)


def remove_spooled() -> None:
    """Delete every spooled body still on disk."""
    with _SPOOLED_LOCK:
        folders = list(_SPOOLED)
        _SPOOLED.clear()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(remove_spooled)

_TEXTUAL = re.compile(r"^text/|json|xml|javascript|x-www-form-urlencoded|csv|yaml", re.I)


@dataclass
class ApiResponse:
    """A response as the console shows it: status, headers, timing, and the body."""

    status: int
    reason: str
    url: str
    headers: list[tuple[str, str]]
    elapsed: float  # seconds from sending to the last body byte
    size: int
    body: bytes | None = None  # small bodies
    body_path: Path | None = None  # large bodies, streamed to a private temp file
    redirects: list[str] = field(default_factory=list)
    refreshed_token: bool = False
    token_sent: bool = False
    note: str = ""

    def header(self, name: str) -> str:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), "")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        import email.message  # here: with email.utils it cost 11 ms of the console's start

        message = email.message.Message()
        message["Content-Type"] = self.header("Content-Type") or "text/plain"
        charset = message.get_content_charset() or "utf-8"
        try:
            codecs.lookup(charset)
        except LookupError:
            return "utf-8"  # an unknown charset name: UTF-8 is the best guess, not a crash
        return charset

    @property
    def filename(self) -> str:
        """The name the server proposes in Content-Disposition, made safe for a file system."""
        disposition = self.header("Content-Disposition")
        if not disposition:
            return ""
        import email.message

        message = email.message.Message()
        message["Content-Disposition"] = disposition
        name = message.get_filename() or ""
        return Path(name.replace("\\", "/")).name.strip().lstrip(".")

    @property
    def retry_after(self) -> str:
        return self.header("Retry-After")

    def head_bytes(self, limit: int = 8192) -> bytes:
        if self.body is not None:
            return self.body[:limit]
        if self.body_path is not None:
            with self.body_path.open("rb") as handle:
                return handle.read(limit)
        return b""

    def read_bytes(self) -> bytes:
        if self.body is not None:
            return self.body
        if self.body_path is not None:
            return self.body_path.read_bytes()
        return b""

    def text(self) -> str:
        return self.read_bytes().decode(self.charset, errors="replace")

    @property
    def body_type(self) -> BodyType:
        if self.size == 0:
            return BodyType.EMPTY
        kind = self.content_type
        if "csv" in kind or self.filename.lower().endswith(".csv"):
            return BodyType.CSV
        if b"\x00" in self.head_bytes():
            return BodyType.BINARY
        if "json" in kind:
            return BodyType.JSON
        if _TEXTUAL.search(kind) or (not kind and _looks_like_text(self.head_bytes())):
            return BodyType.TEXT
        return BodyType.BINARY

    def save_to(self, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        if self.body_path is not None:
            shutil.copyfile(self.body_path, destination)
        else:
            destination.write_bytes(self.body or b"")

    def discard(self) -> None:
        """Delete the temp file (response bodies may hold personal data)."""
        if self.body_path is not None:
            shutil.rmtree(self.body_path.parent, ignore_errors=True)
            with _SPOOLED_LOCK:
                _SPOOLED.discard(self.body_path.parent)
            self.body_path = None

    def status_line(self) -> str:
        size = human_size(self.size)
        return f"{self.status} {self.reason}  ·  {self.elapsed * 1000:.0f} ms  ·  {size}"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the 8 KB sample still counts as text.
        return exc.start >= len(head) - 3
    return True


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
