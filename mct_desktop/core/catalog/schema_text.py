"""A schema as indented JSON with its `$ref`s inlined, written only as far as it is shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

SHOWN_CHARS = 20_000
_MAX_DEPTH = 64


def schema_text(node: Any, lookup: Callable[[str], Any] | None, limit: int = SHOWN_CHARS) -> str:
    """What `json.dumps(inlined, indent=2)` starts with, cut at `limit` characters.

    Inlining a Stripe schema in full and dumping it made 3-7 MB of text per operation for
    a pane that shows 20 K characters; this stops writing there. A recursive `$ref` is
    `{"$recursive": name}`, as in the inlined schema.
    """
    writer = _Writer(lookup, limit)
    try:
        writer.write(node, (), 0, "")
    except _Full:
        return "".join(writer.out)[:limit] + "\n…"
    return "".join(writer.out)


class _Full(Exception):
    """The text reached its limit: nothing more is written."""


class _Writer:
    def __init__(self, lookup: Callable[[str], Any] | None, limit: int) -> None:
        self.lookup = lookup
        self.limit = limit
        self.size = 0
        self.out: list[str] = []

    def put(self, text: str) -> None:
        self.out.append(text)
        self.size += len(text)
        if self.size > self.limit:
            raise _Full

    def write(self, node: Any, stack: tuple[str, ...], depth: int, indent: str) -> None:
        while self.lookup and isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            name = ref.rsplit("/", 1)[-1]
            if ref in stack or len(stack) > _MAX_DEPTH:
                node = {"$recursive": name}
                break
            try:
                target = self.lookup(ref)
            except ValueError as exc:
                node = {"description": f"({exc})"}
                break
            stack = (*stack, ref)
            node = {"title": name, **target} if isinstance(target, dict) else target
        if depth > _MAX_DEPTH and isinstance(node, dict | list):
            cut = {"description": "(schema nested too deeply)"}
            self.put(json.dumps(cut, indent=2).replace("\n", "\n" + indent))
            return
        inner = indent + "  "
        if isinstance(node, dict) and node:
            separator = "{\n"
            for key, value in node.items():
                self.put(f"{separator}{inner}{json.dumps(str(key))}: ")
                separator = ",\n"
                self.write(value, stack, depth + 1, inner)
            self.put(f"\n{indent}}}")
        elif isinstance(node, list) and node:
            separator = "[\n"
            for value in node:
                self.put(separator + inner)
                separator = ",\n"
                self.write(value, stack, depth + 1, inner)
            self.put(f"\n{indent}]")
        else:
            self.put(json.dumps(node, default=str))
