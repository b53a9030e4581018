"""JSON parsing and pretty-printing for big bodies without freezing the GUI thread.

`json.loads` holds the GIL for its whole run (about 100 ms for 20 MB here), which stalls
the GUI thread even when the parse runs in a worker. `loads_in_pieces` walks the outer
containers itself and hands each inner value to the C scanner, so the worker gives the
GIL back between pieces. orjson pretty-prints in a few milliseconds, where the indenting
`json.dumps` is pure Python and takes half a second.
"""

from __future__ import annotations

import gc
import json
from typing import Any

from mct_desktop.core import gc_holds

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
_SPLIT_DEPTH = 3  # containers this deep are walked piece by piece; deeper ones in one call


class JsonSyntaxError(ValueError):
    """Where the text stops being JSON, as `json.JSONDecodeError` reports it."""


SMALL = 1_000_000  # characters: below this the plain C parser is quicker and stalls nothing


def loads_in_pieces(text: str) -> Any:
    if len(text) < SMALL:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise JsonSyntaxError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    # A parse creates only acyclic containers, so the cyclic collector has nothing to find;
    # left on, it would scan the growing tree over and over while holding the GIL. Freezing
    # afterwards keeps the tree out of later scans too; it is freed by reference counting.
    with gc_holds.held():  # counted: another thread's hold may end before or after
        value = _loads(text)
        gc.freeze()
        return value


def _loads(text: str) -> Any:
    try:
        value, end = _value(text, _skip(text, 0), 0)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except IndexError:
        raise JsonSyntaxError("Unexpected end of the JSON text") from None
    end = _skip(text, end)
    if end != len(text):
        line = text.count("\n", 0, end) + 1
        raise JsonSyntaxError(f"Extra data at line {line}")
    return value


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _value(text: str, index: int, depth: int) -> tuple[Any, int]:
    opener = text[index] if index < len(text) else ""
    if depth >= _SPLIT_DEPTH or opener not in "[{":
        return _DECODER.raw_decode(text, index)
    closer = "]" if opener == "[" else "}"
    container: Any = [] if opener == "[" else {}
    index = _skip(text, index + 1)
    if text[index] == closer:
        return container, index + 1
    while True:
        if opener == "{":
            if text[index] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, index
                )
            key, index = _DECODER.raw_decode(text, index)
            index = _skip(text, index)
            if text[index] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
            child, index = _value(text, _skip(text, index + 1), depth + 1)
            container[key] = child
        else:
            child, index = _value(text, index, depth + 1)
            container.append(child)
        index = _skip(text, index)
        if text[index] == closer:
            return container, index + 1
        if text[index] != ",":
            raise json.JSONDecodeError(f"Expecting ',' delimiter or '{closer}'", text, index)
        index = _skip(text, index + 1)


def pretty(value: Any) -> str:
    """Two-space indented JSON, keys in their original order."""
    import orjson  # here: with its uuid and platform, 3.5 ms of every console's start

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        # Integers beyond 64 bits, NaN and the like: the standard library copes.
        return json.dumps(value, indent=2, ensure_ascii=False)
