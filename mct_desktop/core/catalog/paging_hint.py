"""The paging scheme an operation's query parameters imply, from the portal's cached spec."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from mct_desktop.core.api.paging import Kind, Scheme, scheme_from_parameters
from mct_desktop.core.catalog.openapi import Catalog, Operation
from mct_desktop.core.catalog.spec_loader import load_cache
from mct_desktop.core.portal import Portal


def scheme_for(portal: Portal, path: str, method: str = "GET") -> Scheme | None:
    """None when the spec is not cached, the operation is unknown or has no paging."""
    loaded = load_cache(portal)
    if loaded is None:
        return None
    operation = find_operation(loaded.catalog, method, path)
    if operation is None:
        return None
    query = [p for p in operation.parameters if p.location == "query"]
    scheme = scheme_from_parameters(p.name for p in query)
    if scheme is not None and scheme.kind is Kind.PAGE:
        index = next(p for p in query if p.name == scheme.index_param)
        if index.default == "0":  # pages numbered from 0 (pageIndex, often)
            scheme = dataclasses.replace(scheme, first=0)
    return scheme


def find_operation(catalog: Catalog, method: str, path: str) -> Operation | None:
    """The operation whose path template matches `path` (case-insensitive, like ASP.NET)."""
    wanted = urlsplit(path).path.rstrip("/").lower()
    for operation in catalog.operations:
        if operation.method != method.upper():
            continue
        template = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(operation.path.rstrip("/").lower()))
        if re.fullmatch(template, wanted):
            return operation
    return None
