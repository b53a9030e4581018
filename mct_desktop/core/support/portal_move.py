"""Move what the app keeps per portal (history, saved requests, variables, cached spec)
from one address to another: the demo portal's data follows it to a new port."""

from __future__ import annotations

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.variables import VariableStore
from mct_desktop.core.catalog.spec_loader import move_cache
from mct_desktop.core.portal import Portal


def move_portal_data(old: Portal, new: Portal) -> None:
    if old.key == new.key:
        return
    store = RequestStore()
    try:
        store.move_portal(old.key, new.key)
    finally:
        store.close()
    VariableStore().move_portal(old.key, new.key)
    move_cache(old, new)
