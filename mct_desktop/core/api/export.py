"""A whole portal to a folder: every list an administrator can read, the reports as sent,
and manifest.json; a dataset that fails is recorded and the export goes on."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mct_desktop.core.api.client import ApiClient, ApiError, Cancelled
from mct_desktop.core.api.fetch_all import Interrupted, api_fetch, fetch_all, state_path
from mct_desktop.core.api.pager import PagingProgress
from mct_desktop.core.api.paging import Kind, PagingError, Scheme
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.core.tokens import utc_now

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Dataset:
    """One list or report the export reads: its name, its API path, and how it pages."""

    name: str
    path: str
    report: str = ""  # a file as the server sends it: its extension; "" for a list
    scheme: Scheme | None = None  # known paging; None: the spec's, else probing


# Paths from the MCT API's list endpoints (shared/mct-api: "Paging is not uniform", "Reports").
DATASETS = [
    Dataset("users", "/api/v1/admin/users", scheme=Scheme(Kind.OFFSET, "skip", "take")),
    Dataset("administrators", "/api/v1/admin/globaladministrators"),
    Dataset("courses", "/api/v1/Courses"),
    Dataset("learning-paths", "/api/v1/learningpaths"),
    Dataset("categories", "/api/v2/admin/categoriesAndCourses"),
    Dataset("groups", "/api/v1/Groups"),
    Dataset("organizations", "/api/v1/organization", scheme=Scheme(Kind.PAGE, "page", "pageSize")),
    Dataset("certificates", "/api/v1/Certificates"),
    Dataset("users-report", "/api/v1/Reports/Users", report=".csv"),
    Dataset("users-report-zip", "/api/v3/Reports/Users", report=".zip"),
]
NAMES = [d.name for d in DATASETS]


class ExportError(Exception):
    """The export cannot start (a bad --only, a folder holding another export)."""


@dataclass
class ExportProgress:
    """For a progress line or a per-dataset progress bar."""

    dataset: str
    index: int  # 1-based
    count: int
    rows: int = 0
    total: int | None = None
    done: bool = False
    error: str = ""
    paging: PagingProgress | None = None
    bytes: int = 0  # when done
    earlier: bool = False  # done by the run this one resumes: not fetched again


@dataclass
class Export:
    """One `mct-desktop export` run: the portal, the folder, which datasets, the format."""

    portal: Portal
    directory: Path
    only: list[str] = field(default_factory=list)
    fmt: str = "ndjson"
    resume: bool = False
    page_size: int = 100
    # The cached spec's paging for a path (the catalog layer supplies it).
    scheme_hint: Callable[[str], Scheme | None] | None = None
    cancel: threading.Event | None = None
    on_progress: Callable[[ExportProgress], None] | None = None

    def datasets(self) -> list[Dataset]:
        unknown = [n for n in self.only if n not in NAMES]
        if unknown:
            raise ExportError(f"Unknown dataset {unknown[0]!r}; choose from {', '.join(NAMES)}.")
        return [d for d in DATASETS if not self.only or d.name in self.only]

    def run(self, client: ApiClient) -> dict[str, Any]:
        """Export; returns the manifest. Raises ExportError, or Interrupted (resumable)."""
        chosen = self.datasets()
        manifest = self._start_manifest()
        entries: dict[str, Any] = manifest["datasets"]
        for index, dataset in enumerate(chosen, start=1):
            previous = entries.get(dataset.name)
            if self.resume and previous and previous.get("error") is None and previous.get("end"):
                rows, size = previous.get("rows") or 0, previous.get("bytes") or 0
                self._report(
                    ExportProgress(
                        dataset.name, index, len(chosen), rows, done=True, bytes=size, earlier=True
                    )
                )
                continue
            entry = entries[dataset.name] = {
                "source": dataset.path,
                "file": self._file_name(dataset),
                "rows": None,
                "bytes": 0,
                "start": _now(),
                "end": None,
                "error": None,
            }
            self._save(manifest)
            event = ExportProgress(dataset.name, index, len(chosen))
            self._report(event)
            try:
                if dataset.report:
                    self._report_file(client, dataset, entry)
                else:
                    self._list(client, dataset, entry, event)
            except Interrupted as exc:
                entry["error"] = "interrupted"
                entry["rows"] = exc.rows
                self._save(manifest)
                raise
            except (PagingError, ApiError, AuthError, RequestError, OSError) as exc:
                entry["error"] = str(exc)
            entry["end"] = _now()
            event.done, event.error, event.rows = True, entry["error"] or "", entry["rows"] or 0
            event.bytes = entry["bytes"] or 0
            self._report(event)
            self._save(manifest)
        manifest["end"] = _now()
        manifest["complete"] = all(e.get("error") is None for e in entries.values())
        self._save(manifest)
        return manifest

    def _file_name(self, dataset: Dataset) -> str:
        return dataset.name + (dataset.report or "." + self.fmt)

    def _list(
        self, client: ApiClient, dataset: Dataset, entry: dict[str, Any], event: ExportProgress
    ) -> None:
        target = self.directory / entry["file"]
        scheme = dataset.scheme or (self.scheme_hint(dataset.path) if self.scheme_hint else None)
        resume = self.resume and state_path(target).exists()
        if not resume:
            state_path(target).unlink(missing_ok=True)

        def progress(paging: PagingProgress) -> None:
            event.rows, event.total, event.paging = paging.rows, paging.total, paging
            self._report(event)

        outcome = fetch_all(
            api_fetch(client, self.portal, ApiRequest("GET", dataset.path), self.cancel),
            dataset.path,
            [],
            output=target,
            scheme=scheme,
            size=self.page_size,
            resume=resume,
            identity=f"GET {dataset.path}",
            cancel=self.cancel,
            on_progress=progress,
        )
        entry["rows"], entry["bytes"] = outcome.rows, target.stat().st_size
        entry["paging"] = outcome.scheme.describe() if outcome.scheme else None

    def _report_file(self, client: ApiClient, dataset: Dataset, entry: dict[str, Any]) -> None:
        try:
            response = client.send(self.portal, ApiRequest("GET", dataset.path), cancel=self.cancel)
        except (Cancelled, KeyboardInterrupt):
            raise Interrupted(0, None) from None
        try:
            if not response.ok:
                raise PagingError(f"HTTP {response.status} {response.reason}".strip())
            # Byte for byte as the server sent it: a BOM, a ZIP, whatever it is.
            response.save_to(self.directory / entry["file"])
            entry["bytes"] = response.size
            entry["content_type"] = response.content_type
        finally:
            response.discard()

    def _start_manifest(self) -> dict[str, Any]:
        path = self.directory / MANIFEST
        if path.exists():
            if not self.resume:
                raise ExportError(
                    f"{self.directory} holds an export already: add --resume to continue it, "
                    "or choose an empty folder."
                )
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
                if manifest.get("portal") != self.portal.base_url:
                    raise ExportError(
                        f"{self.directory} holds an export of {manifest.get('portal')}, "
                        f"not of {self.portal.base_url}."
                    )
                manifest["end"], manifest["complete"] = None, False
                return dict(manifest)
            except (OSError, ValueError) as exc:
                raise ExportError(f"{path} cannot be read ({exc}).") from None
        self.directory.mkdir(parents=True, exist_ok=True)
        return {
            "portal": self.portal.base_url,
            "start": _now(),
            "end": None,
            "complete": False,
            "format": self.fmt,
            "datasets": {},
        }

    def _save(self, manifest: dict[str, Any]) -> None:
        path = self.directory / MANIFEST
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.replace(temp, path)

    def _report(self, event: ExportProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(event)


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of an export in `directory` (to offer resuming it), or None."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _now() -> str:
    stamp: datetime = utc_now()
    return stamp.isoformat(timespec="seconds")
