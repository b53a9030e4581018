"""Every page of a list into a file (or a stream), resumable after an interruption."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mct_desktop.core.api.client import ApiClient, Cancelled
from mct_desktop.core.api.pager import Fetch, Pager, PagingProgress, Query, Reply
from mct_desktop.core.api.paging import PagingError, Scheme
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.row_writers import NdjsonWriter, RowWriter, format_for, writer_class
from mct_desktop.core.portal import Portal

STATE_VERSION = 1


class Interrupted(Exception):
    """Stopped by Ctrl+C or Cancel; what was written is kept and can be resumed."""

    def __init__(self, rows: int, path: Path | None) -> None:
        where = f" are in {path}" if path else " were written"
        super().__init__(f"Interrupted after {rows:,} rows; they{where}.")
        self.rows = rows
        self.path = path


@dataclass
class Outcome:
    """What a fetch-all wrote: rows, pages, the server's total, and how it paged."""

    rows: int
    pages: int
    total: int | None
    scheme: Scheme | None
    bytes: int
    note: str = ""


def state_path(output: Path) -> Path:
    """The small file beside the output that `--resume` reads."""
    return output.with_name(output.name + ".resume.json")


def api_fetch(
    client: ApiClient, portal: Portal, template: ApiRequest, cancel: threading.Event | None
) -> Fetch:
    """A Fetch over ApiClient: fresh token, one refresh on 401, per-portal TLS."""

    def fetch(target: str, query: Query) -> Reply:
        request = dataclasses.replace(template, target=target, query=query)
        response = client.send(portal, request, cancel=cancel)
        try:
            return Reply(
                response.status, response.reason, response.read_bytes(), response.retry_after
            )
        finally:
            response.discard()

    return fetch


def fetch_all(
    fetch: Fetch,
    target: str,
    query: Query,
    *,
    output: Path | None = None,
    stream: IO[bytes] | None = None,
    scheme: Scheme | None = None,
    size: int = 100,
    resume: bool = False,
    identity: str = "",
    cancel: threading.Event | None = None,
    on_progress: Callable[[PagingProgress], None] | None = None,
) -> Outcome:
    """Write every row of the list at `target` to `output` (format by extension) or to
    `stream` (NDJSON). `identity` names the source in the state file, so that a resume
    never continues another list. Raises PagingError, Interrupted, ApiError, AuthError."""
    saved = _load_state(output, identity) if output is not None and resume else None
    if output is not None and not resume and state_path(output).exists():
        raise PagingError(
            f"{output} holds an interrupted run: add --resume to continue it, or delete "
            f"{state_path(output).name} to start over."
        )
    pager = Pager(
        fetch,
        target,
        query,
        scheme,
        size=size,
        cancel=cancel,
        on_progress=on_progress,
        resume=saved["pager"] if saved else None,
    )
    writer: RowWriter
    if output is None:
        assert stream is not None
        writer = NdjsonWriter(stream)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        kind = writer_class(format_for(str(output)))
        writer = kind.open(output, saved["writer"] if saved else None)
    try:
        for rows in pager:
            writer.write(rows)
            if output is not None:
                _save_state(output, identity, pager, writer.checkpoint())
            else:
                stream.flush()  # type: ignore[union-attr]
    except (KeyboardInterrupt, Cancelled):
        if output is not None:
            writer.cut_back()
            writer.close(complete=False)
        raise Interrupted(writer.rows, output) from None
    except BaseException:
        if output is not None:
            writer.cut_back()
            writer.close(complete=False)
        raise
    if output is not None:
        writer.close()
        state_path(output).unlink(missing_ok=True)
    return Outcome(pager.rows, pager.pages, pager.total, pager.scheme, writer.bytes, pager.note)


def _save_state(output: Path, identity: str, pager: Pager, checkpoint: dict[str, Any]) -> None:
    data = {
        "version": STATE_VERSION,
        "source": identity,
        "pager": pager.state(),
        "writer": checkpoint,
    }
    path = state_path(output)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, path)


def _load_state(output: Path, identity: str) -> dict[str, Any] | None:
    path = state_path(output)
    if not path.exists():
        if output.exists():
            raise PagingError(f"Nothing to resume: {path.name} is missing beside {output}.")
        return None  # nothing written yet: a fresh start
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            raise ValueError("another version")
        if data.get("source") != identity:
            raise PagingError(
                f"{path.name} belongs to another request ({data.get('source')}); "
                "run that request with --resume, or delete the file to start over."
            )
        if not output.exists() or output.stat().st_size < int(data["writer"]["bytes"]):
            raise PagingError(f"{output} is shorter than {path.name} records; start over.")
        return dict(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PagingError(f"{path} cannot be read ({exc}); delete it to start over.") from None
