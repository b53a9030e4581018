"""What a long run says, the same in a terminal line and in the app: progress, identity."""

from __future__ import annotations

import shlex

from mct_desktop.core.api.pager import PagingProgress
from mct_desktop.core.api.request import ApiRequest


def duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def progress_line(progress: PagingProgress) -> str:
    """'1,200 of 2,345 rows · 12 pages · 850 rows/s · ETA 0:00:01 · waiting 2 s (why)'."""
    of = f" of {progress.total:,}" if progress.total is not None else ""
    text = f"{progress.rows:,}{of} rows · {progress.pages:,} pages"
    text += f" · {progress.rate:,.0f} rows/s"
    if progress.eta is not None:
        text += f" · ETA {duration(progress.eta)}"
    if progress.waiting:
        text += f" · waiting {progress.waiting:g} s ({progress.why[:60]})"
    return text


def fetch_identity(request: ApiRequest) -> str:
    """What names a list in its resume file: the CLI's `--resume` and the app's Resume
    must agree, so that either continues a run the other began."""
    query = shlex.join(f"{k}={v}" for k, v in request.query)
    return f"GET {request.target} {query}".strip()
