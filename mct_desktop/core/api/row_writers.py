"""Rows streamed to JSON, NDJSON or CSV, with checkpoints so an interrupted run can resume."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import IO, Any

import orjson

FORMATS = ("json", "ndjson", "csv")
BOM = b"\xef\xbb\xbf"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def format_for(path: str) -> str:
    """The format a file name asks for: .json, .ndjson/.jsonl, .csv (others: NDJSON)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "csv"
    return "ndjson"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(row: Any) -> str:
    return _encode_row(row).decode("utf-8")


def _encode_row(row: Any) -> bytes:
    """Compact UTF-8 JSON; orjson is ~10x faster, json takes what it refuses (huge ints)."""
    try:
        return orjson.dumps(row)
    except (TypeError, orjson.JSONEncodeError):
        return _ENCODER.encode(row).encode("utf-8")


class RowWriter:
    """Writes pages of rows; `checkpoint()` after a page is what `resume` truncates back to."""

    def __init__(self, handle: IO[bytes], checkpoint: dict[str, Any] | None = None) -> None:
        self._handle = handle
        self.rows = int((checkpoint or {}).get("rows", 0))
        self.bytes = int((checkpoint or {}).get("bytes", 0))
        self._mark = (self.rows, self.bytes)  # the last checkpoint

    @classmethod
    def open(cls, path: Path, checkpoint: dict[str, Any] | None = None) -> RowWriter:
        """A fresh file, or (with a checkpoint) the file cut back to the checkpoint."""
        handle: IO[bytes]
        if checkpoint is None:
            handle = path.open("wb")
        else:
            handle = path.open("r+b")
            handle.truncate(int(checkpoint["bytes"]))
            handle.seek(0, os.SEEK_END)
        writer = cls(handle, checkpoint)
        if checkpoint is None:
            writer._start()
            writer._mark = (0, writer.bytes)
        return writer

    def _start(self) -> None:
        pass

    def write(self, rows: list[Any]) -> None:
        if rows:
            data = self._encode(rows)
            self._handle.write(data)
            self.bytes += len(data)
            self.rows += len(rows)

    def _encode(self, rows: list[Any]) -> bytes:
        raise NotImplementedError

    def checkpoint(self) -> dict[str, Any]:
        self._handle.flush()
        self._mark = (self.rows, self.bytes)
        return {"rows": self.rows, "bytes": self.bytes}

    def close(self, complete: bool = True) -> None:
        """Finish the file so that it is valid, even after an interruption."""
        self._handle.flush()
        self._handle.close()

    def cut_back(self) -> None:
        """Drop what was written after the last checkpoint (an interrupted page)."""
        self._handle.flush()
        self.rows, self.bytes = self._mark
        self._handle.truncate(self.bytes)
        self._handle.seek(0, os.SEEK_END)


class NdjsonWriter(RowWriter):
    def _encode(self, rows: list[Any]) -> bytes:
        return b"\n".join(map(_encode_row, rows)) + b"\n"


class JsonArrayWriter(RowWriter):
    """One array; its closing bracket is written on close and cut off again on resume."""

    def _start(self) -> None:
        self._handle.write(b"[")
        self.bytes = 1

    def _encode(self, rows: list[Any]) -> bytes:
        lead = b",\n" if self.rows else b"\n"
        return lead + b",\n".join(map(_encode_row, rows))

    def close(self, complete: bool = True) -> None:
        self._handle.write(b"\n]\n" if self.rows else b"]\n")
        super().close(complete)


class CsvWriter(RowWriter):
    """UTF-8 with a BOM (Excel), nested objects as dotted columns, lists as JSON.

    The header comes from the first page; a column first seen later is appended to the
    rows at once and to the header on close, by one streaming rewrite."""

    def __init__(self, handle: IO[bytes], checkpoint: dict[str, Any] | None = None) -> None:
        super().__init__(handle, checkpoint)
        self.columns: list[str] = list((checkpoint or {}).get("columns", []))
        self.header = int((checkpoint or {}).get("header", len(self.columns)))
        self.path = Path(handle.name) if isinstance(getattr(handle, "name", None), str) else None
        self._known = set(self.columns)

    def _start(self) -> None:
        self._handle.write(BOM)
        self.bytes = len(BOM)

    def _encode(self, rows: list[Any]) -> bytes:
        flat = [flatten(row) for row in rows]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        first = not self.columns and self.rows == 0
        for row in flat:
            for key in row:
                if key not in self._known:
                    self._known.add(key)
                    self.columns.append(key)
        if first:
            writer.writerow(self.columns)
            self.header = len(self.columns)
        columns = self.columns
        writer.writerows([[row.get(c, "") for c in columns] for row in flat])
        return out.getvalue().encode("utf-8")

    def checkpoint(self) -> dict[str, Any]:
        return super().checkpoint() | {"columns": self.columns, "header": self.header}

    def close(self, complete: bool = True) -> None:
        super().close(complete)
        # Only a finished file: a resume cuts back to byte offsets of the file as written.
        if complete and self.path is not None and self.header < len(self.columns):
            _rewrite_header(self.path, self.columns)
            self.header = len(self.columns)


def _rewrite_header(path: Path, columns: list[str]) -> None:
    """Replace the header with the full column list, padding the rows written before."""
    temp = path.with_name(path.name + ".tmp")
    with (
        path.open(encoding="utf-8-sig", newline="") as source,
        temp.open("w", encoding="utf-8-sig", newline="") as target,
    ):
        reader = csv.reader(source)
        writer = csv.writer(target, lineterminator="\r\n")
        next(reader, None)
        writer.writerow(columns)
        width = len(columns)
        for row in reader:
            writer.writerow(row + [""] * (width - len(row)))
    os.replace(temp, path)


def flatten(row: Any, prefix: str = "") -> dict[str, str]:
    """`{"a": {"b": 1}, "c": [1, 2]}` -> `{"a.b": "1", "c": "[1,2]"}`; scalars go to `value`."""
    if not isinstance(row, dict):
        return {prefix or "value": _cell(row)}
    out: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            out.update(flatten(value, name))
        else:
            out[name] = _cell(value)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # A text starting like a formula would run in Excel (CSV injection): a leading
        # apostrophe makes it text. Numbers are never strings here, so "-5" stays a number.
        return "'" + value if value.startswith(_FORMULA) else value
    if isinstance(value, list | dict):
        return _dumps(value)
    return str(value)


def writer_class(fmt: str) -> type[RowWriter]:
    return {"json": JsonArrayWriter, "csv": CsvWriter}.get(fmt, NdjsonWriter)
