"""Window geometry, splitter sizes and the open request tabs, kept between runs (no secrets)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mct_desktop.core import paths

if TYPE_CHECKING:
    from mct_desktop.core.api.request import ApiRequest

MAX_TABS = 30


class UiState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "ui-state.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.data = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value

    # The request modules are imported by the methods that need them: the window reads its
    # geometry from here before its first paint, and the console's requests only after it.
    def last_request(self) -> ApiRequest | None:
        from mct_desktop.core.api.request import request_from_dict

        raw = self.data.get("last_request")
        try:
            return request_from_dict(raw) if isinstance(raw, dict) else None
        except (ValueError, TypeError, AssertionError):
            return None

    def set_last_request(self, request: ApiRequest) -> None:
        from mct_desktop.core.api.request import request_to_dict
        from mct_desktop.core.api.sanitise import sanitised

        # Stripped like history: a typed Authorization header is not kept.
        self.data["last_request"] = request_to_dict(sanitised(request))

    def tabs(self) -> tuple[list[ApiRequest], int]:
        """The request tabs of the last run and the current one; else the last request."""
        from mct_desktop.core.api.request import request_from_dict

        raw = self.data.get("tabs")
        requests = []
        if isinstance(raw, list):
            for item in raw[:MAX_TABS]:
                try:
                    if isinstance(item, dict):
                        requests.append(request_from_dict(item))
                except (ValueError, TypeError, AssertionError):
                    continue
        current = self.data.get("current_tab")
        if not requests:
            last = self.last_request()
            return ([last] if last else []), 0
        return requests, current if isinstance(current, int) else 0

    def set_tabs(self, requests: list[ApiRequest], current: int) -> None:
        from mct_desktop.core.api.request import request_to_dict
        from mct_desktop.core.api.sanitise import sanitised

        # Each stripped like history: no typed credential survives in ui-state.
        self.data["tabs"] = [request_to_dict(sanitised(r)) for r in requests[:MAX_TABS]]
        self.data["current_tab"] = current
        if 0 <= current < len(requests):
            self.set_last_request(requests[current])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ui-state-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.data, handle)
        os.replace(tmp, self.path)
