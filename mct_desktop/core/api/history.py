"""Request history and saved requests in SQLite (XDG data dir), credentials stripped first."""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mct_desktop.core import paths
from mct_desktop.core.api.request import ApiRequest, request_from_dict, request_to_dict
from mct_desktop.core.api.sanitise import sanitised
from mct_desktop.core.redact import redact

if TYPE_CHECKING:
    import sqlite3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sent_at TEXT NOT NULL,
    portal TEXT NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER,
    elapsed_ms REAL,
    size INTEGER,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS history_portal ON history (portal, id);
CREATE TABLE IF NOT EXISTS saved (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    portal TEXT NOT NULL,
    grp TEXT NOT NULL,
    name TEXT NOT NULL,
    request TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (portal, grp, name)
);
"""


@dataclass(frozen=True)
class HistoryEntry:
    """One sent request as history keeps it, with its response's status and timing."""

    id: int
    sent_at: datetime
    portal: str
    method: str
    url: str
    request: ApiRequest
    status: int | None
    elapsed_ms: float | None
    size: int | None
    error: str

    def label(self) -> str:
        outcome = str(self.status) if self.status is not None else "error"
        return f"{self.method} {self.request.target}  {outcome}"


@dataclass(frozen=True)
class SavedRequest:
    """A request the user saved by name, in a group, for one portal."""

    id: int
    portal: str
    group: str
    name: str
    request: ApiRequest


class HistoryUnavailable(Exception):
    """The history's database failed (a damaged file, a full disk, a lock held elsewhere);
    the message says so for the user, and requests go on without history."""


class RequestStore:
    """Thread-safe: the console records from its worker thread.

    The database opens at the first call, not with the store: a window whose history is
    never looked at and that sends nothing does not load SQLite (1.4 MB of the process).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / "history.sqlite3"
        self._lock = threading.Lock()
        self._opened: sqlite3.Connection | None = None
        self._closed = False

    @property
    def _db(self) -> sqlite3.Connection:
        """The open database (called with the lock held)."""
        import sqlite3

        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        if self._opened is None:
            paths.private_file(self.path)  # 0600 in a 0700 folder; -wal and -shm follow it
            db = sqlite3.connect(self.path, check_same_thread=False)
            try:
                db.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten
                # WAL without a sync per commit: recording a request costs microseconds, not
                # an fsync.
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(_SCHEMA)
                db.commit()
            except BaseException:
                db.close()
                raise
            self._opened = db
        return self._opened

    @contextlib.contextmanager
    def _using(self) -> Iterator[None]:
        """The lock held and the database open; a failure of the database or its file
        comes out as HistoryUnavailable, whose message is what to tell the user."""
        import sqlite3

        with self._lock:
            try:
                self._db  # noqa: B018  (opens it on first use)
                yield
            except (sqlite3.Error, OSError) as exc:
                raise HistoryUnavailable(self.problem(exc)) from exc

    def problem(self, exc: Exception) -> str:
        """What to tell the user when the database fails (`sqlite3.Error`, `OSError`).

        Moving the file away is advised only when the file itself is damaged, not for what
        passes (locked by another copy of the app, a full disk, no permission).
        """
        import sqlite3

        said = f"The request history cannot be used: {exc}. Requests still work"
        damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
            exc, sqlite3.OperationalError | sqlite3.ProgrammingError
        )
        if damaged:
            return f"{said}; move {self.path} away and a new history starts."
        return f"{said} ({self.path})."

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._opened is not None:
                self._opened.close()

    # ----- history
    def record(
        self,
        portal: str,
        request: ApiRequest,
        url: str,
        *,
        status: int | None = None,
        elapsed_ms: float | None = None,
        size: int | None = None,
        error: str = "",
    ) -> int:
        clean = sanitised(request)
        with self._using():
            cursor = self._db.execute(
                "INSERT INTO history (sent_at, portal, method, url, request, status, elapsed_ms,"
                " size, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(),
                    portal,
                    clean.method.upper(),
                    redact(url),
                    json.dumps(request_to_dict(clean)),
                    status,
                    elapsed_ms,
                    size,
                    redact(error),
                ),
            )
            self._db.commit()
            return int(cursor.lastrowid or 0)

    def history(
        self, portal: str | None = None, text: str = "", limit: int = 500
    ) -> list[HistoryEntry]:
        sql = "SELECT * FROM history WHERE 1=1"
        args: list[object] = []
        if portal:
            sql += " AND portal = ?"
            args.append(portal)
        for word in text.split():
            sql += " AND (url LIKE ? OR method LIKE ? OR CAST(status AS TEXT) LIKE ?)"
            args += [f"%{word}%"] * 3
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        with self._using():
            rows = self._db.execute(sql, args).fetchall()
        return [_entry(row) for row in rows]

    def delete(self, entry_id: int) -> None:
        with self._using():
            self._db.execute("DELETE FROM history WHERE id = ?", (entry_id,))
            self._db.commit()
            self._checkpoint()

    def _checkpoint(self) -> None:
        # A deleted row's old page stays in the -wal file until a checkpoint copies the
        # zeroed page (secure_delete) into the database; TRUNCATE then empties the -wal, so
        # the row is gone from every file now, not at a clean exit that a crash may skip.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def clear(self, portal: str | None = None) -> None:
        with self._using():
            if portal:
                self._db.execute("DELETE FROM history WHERE portal = ?", (portal,))
            else:
                self._db.execute("DELETE FROM history")
            self._db.commit()
            self._db.execute("VACUUM")  # deleted rows must not linger in the file
            self._checkpoint()

    def move_portal(self, old: str, new: str) -> None:
        """History and saved requests of portal key `old` now belong to `new` (a saved
        request whose group / name `new` has already stays with `old`)."""
        with self._using():
            self._db.execute("UPDATE history SET portal = ? WHERE portal = ?", (new, old))
            self._db.execute("UPDATE OR IGNORE saved SET portal = ? WHERE portal = ?", (new, old))
            self._db.commit()

    # ----- saved requests
    def save(self, portal: str, group: str, name: str, request: ApiRequest) -> None:
        data = json.dumps(request_to_dict(sanitised(request)))
        with self._using():
            self._db.execute(
                "INSERT INTO saved (portal, grp, name, request, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (portal, grp, name) DO UPDATE SET request = excluded.request,"
                " updated_at = excluded.updated_at",
                (
                    portal,
                    group.strip() or "General",
                    name.strip(),
                    data,
                    datetime.now(UTC).isoformat(),
                ),
            )
            self._db.commit()

    def saved(self, portal: str) -> list[SavedRequest]:
        with self._using():
            rows = self._db.execute(
                "SELECT id, portal, grp, name, request FROM saved WHERE portal = ?"
                " ORDER BY grp COLLATE NOCASE, name COLLATE NOCASE",
                (portal,),
            ).fetchall()
        return [
            SavedRequest(r[0], r[1], r[2], r[3], request_from_dict(json.loads(r[4]))) for r in rows
        ]

    def find_saved(self, portal: str, group: str, name: str) -> SavedRequest | None:
        """The saved request of that group and name (saving again would overwrite it)."""
        key = (group.strip() or "General", name.strip())
        return next((s for s in self.saved(portal) if (s.group, s.name) == key), None)

    def rename_saved(self, saved_id: int, group: str, name: str) -> None:
        """Move a saved request to another group / name; ValueError if that name is taken."""
        group, name = group.strip() or "General", name.strip()
        if not name:
            raise ValueError("A saved request needs a name.")
        with self._using():
            taken = self._db.execute(
                "SELECT 1 FROM saved WHERE id != ? AND grp = ? AND name = ?"
                " AND portal = (SELECT portal FROM saved WHERE id = ?)",
                (saved_id, group, name, saved_id),
            ).fetchone()
            if taken:
                raise ValueError(f"{group} / {name} exists already; choose another name.")
            self._db.execute(
                "UPDATE saved SET grp = ?, name = ?, updated_at = ? WHERE id = ?",
                (group, name, datetime.now(UTC).isoformat(), saved_id),
            )
            self._db.commit()

    def duplicate_saved(self, saved: SavedRequest) -> str:
        """A copy beside `saved` under the first free "name (copy)", "name (copy 2)"…"""
        names = {s.name for s in self.saved(saved.portal) if s.group == saved.group}
        base = _COPY.sub("", saved.name)  # a copy of a copy is "x (copy 2)", not "x (copy) (copy)"
        candidates = (f"{base} (copy{'' if n == 1 else f' {n}'})" for n in range(1, 1000))
        name = next(c for c in candidates if c not in names)
        self.save(saved.portal, saved.group, name, saved.request)
        return name

    def delete_saved(self, saved_id: int) -> None:
        with self._using():
            self._db.execute("DELETE FROM saved WHERE id = ?", (saved_id,))
            self._db.commit()
            self._checkpoint()


_COPY = re.compile(r" \(copy(?: \d+)?\)$")


def _entry(row: tuple[object, ...]) -> HistoryEntry:
    (entry_id, sent_at, portal, method, url, request, status, elapsed, size, error) = row
    return HistoryEntry(
        id=int(str(entry_id)),
        sent_at=datetime.fromisoformat(str(sent_at)),
        portal=str(portal),
        method=str(method),
        url=str(url),
        request=request_from_dict(json.loads(str(request))),
        status=int(str(status)) if status is not None else None,
        elapsed_ms=float(str(elapsed)) if elapsed is not None else None,
        size=int(str(size)) if size is not None else None,
        error=str(error),
    )
