"""Read a spec document with bounds: its size, what YAML aliases expand to, its nesting."""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import Path
from typing import Any

from mct_desktop.core import gc_holds

# Large real specs are 20-40 MB (Microsoft Graph's is 20 MB); 64 MB leaves room for them
# while a file or server that never ends (`/dev/zero`) stops there instead of eating memory.
MAX_SPEC_BYTES = 64 * 1024 * 1024
# What YAML aliases may add by repetition, in nodes (a long scalar counts one per 100
# characters). A 15 MB document holds about this many; anchors reused across thousands of
# operations stay well below, a "billion laughs" reaches it after a few levels.
MAX_ALIAS_EXPANSION = 1_000_000
_CHUNK = 1024 * 1024


class SpecError(ValueError):
    """The document cannot be read at all (not JSON/YAML, not a spec); for the user."""


def too_large(limit: int) -> str:
    return (
        f"The document is larger than {limit / 1024 / 1024:g} MB, the most a spec may be; "
        "reading stopped there."
    )


def read_spec_file(path: Path, limit: int = MAX_SPEC_BYTES) -> bytes:
    """The file's bytes, read in chunks that stop at `limit` (a device may never end)."""
    data = bytearray()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data += chunk
            if len(data) > limit:
                raise SpecError(too_large(limit))
    return bytes(data)


def parse_document(text: str | bytes, limit: int = MAX_SPEC_BYTES) -> dict[str, Any]:
    """JSON, or YAML when PyYAML can read it; SpecError with the reason otherwise."""
    if len(text) > limit:
        raise SpecError(too_large(limit))
    with paused_gc():
        try:
            data = _load_json(text)
        except RecursionError:
            raise SpecError(_TOO_DEEP) from None
        except ValueError as json_error:
            data = _load_yaml(text, json_error)
    if not isinstance(data, dict):
        raise SpecError("The document is not an OpenAPI or Swagger object.")
    if "openapi" not in data and "swagger" not in data:
        raise SpecError("The document has neither an 'openapi' nor a 'swagger' version field.")
    return data


def paused_gc() -> contextlib.AbstractContextManager[None]:
    """No cyclic collection while a spec is built: it only creates objects that live on,
    and the passes over them were half of `json.loads`' time on a 20 MB spec."""
    return gc_holds.held()


def _load_json(text: str | bytes) -> Any:
    """orjson (Microsoft Graph's 20 MB: 0.36 s against json's 0.6 s); json for what orjson
    refuses but json reads (NaN, integers over 64 bits, lone surrogates)."""
    import orjson  # here: with its uuid and platform, 3.5 ms of every console's start

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "recursion" in str(exc):
            raise RecursionError from None
    return json.loads(text)


_TOO_DEEP = "The document is nested too deeply (over 1000 levels) to be a spec."


def _load_yaml(text: str | bytes, json_error: ValueError) -> Any:
    try:
        import yaml
    except ImportError:
        raise SpecError(f"The document is not JSON ({json_error}).") from None
    try:
        # libyaml's parser when PyYAML has it: several times faster on large specs.
        loader = bounded_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except SpecError:
        raise
    except RecursionError:
        raise SpecError(_TOO_DEEP) from None
    except Exception as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own limit: 1000 levels
            raise SpecError(_TOO_DEEP) from None
        raise SpecError(f"The document is neither JSON nor YAML ({json_error}).") from None


@functools.cache
def bounded_loader(base: Any) -> Any:
    """The safe YAML loader `base` (SafeLoader or libyaml's CSafeLoader), refusing a
    document whose aliases would repeat more than MAX_ALIAS_EXPANSION nodes.

    Constructing shares one object per anchor, so loading itself stays small; the cost
    comes later, from whatever walks the result (`str()`, `json.dump`). Counted here, where
    an alias is met: the constructor reaches an already-built node only through an alias.
    """

    class BoundedLoader(base):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self._weights: dict[int, int] = {}
            self._expansion = 0

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.constructed_objects:  # met again: through an alias
                self._spend(self._weight(node))
            return super().construct_object(node, deep)

        def _spend(self, nodes: int) -> None:
            self._expansion += nodes
            if self._expansion > MAX_ALIAS_EXPANSION:
                raise SpecError(
                    "The document's YAML aliases expand to more than "
                    f"{MAX_ALIAS_EXPANSION:,} nodes (a 'billion laughs' document?); "
                    "it was not loaded."
                )

        def _weight(self, root: Any) -> int:
            """Nodes under `root` with every alias expanded; iterative, memoised."""
            weights = self._weights
            stack: list[tuple[Any, bool]] = [(root, False)]
            open_nodes: set[int] = set()
            while stack:
                node, done = stack.pop()
                key = id(node)
                if done:
                    open_nodes.discard(key)
                    weights[key] = 1 + sum(weights[id(c)] for c in _children(node))
                elif key in weights:
                    continue
                elif isinstance(node.value, str):
                    weights[key] = 1 + len(node.value) // 100
                elif key in open_nodes:
                    raise SpecError("The document's YAML aliases refer to themselves.")
                else:
                    open_nodes.add(key)
                    stack.append((node, True))
                    stack += [(child, False) for child in _children(node)]
            return weights[id(root)]

    # An unquoted `2024-01-31` is a YAML timestamp; JSON has none, and a spec means the text.
    BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    return BoundedLoader


def _timestamp_as_text(loader: Any, node: Any) -> str:
    return str(loader.construct_scalar(node))


def _children(node: Any) -> list[Any]:
    value = node.value
    if isinstance(value, str):
        return []
    children: list[Any] = []
    for item in value:
        if isinstance(item, tuple):  # a mapping's (key, value) pair
            children += item
        else:
            children.append(item)
    return children
