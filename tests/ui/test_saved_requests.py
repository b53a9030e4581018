"""Saved requests: confirm before overwriting, rename, duplicate; history rows that tell two
`GET /api/v1/users` apart (issue 13, item 17)."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QStyleOptionViewItem

from mct_desktop.core.api.history import HistoryEntry, RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui import theme
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console import history_rows
from mct_desktop.ui.console.console import ApiConsole

USERS = ApiRequest("GET", "/api/v1/users", query=[("page", "1")])


@pytest.fixture
def console(qtbot):
    service = PortalService()
    service.add_portal("https://contoso.azurefd.net", "Contoso")
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def answer(monkeypatch, texts, yes_no=()):
    """Type `texts` into the name dialogs, one per call; answer `yes_no` to the questions."""
    texts, yes_no, asked = list(texts), list(yes_no), []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (texts.pop(0), True))

    def question(_parent, title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes_no.pop(0) else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def saved_names(console):
    return [(s.group, s.name, s.request.target) for s in console.store.saved(console.portal.key)]


def test_saving_under_an_existing_name_asks_first(console, monkeypatch):
    answer(monkeypatch, ["Users / list"])
    console.editor.load(USERS)
    console._on_save_request()
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    asked = answer(monkeypatch, ["Users / list", "Users / profile"], [False])
    console._on_save_request()  # No: asked for another name, the first one is kept
    assert asked and "exists already" in asked[0]
    assert saved_names(console) == [
        ("Users", "list", "/api/v1/users"),
        ("Users", "profile", "/api/v2/Profile"),
    ]
    answer(monkeypatch, ["Users / list"], [True])
    console._on_save_request()  # Yes: replaced
    assert ("Users", "list", "/api/v2/Profile") in saved_names(console)
    assert len(saved_names(console)) == 2


def test_rename_and_duplicate_a_saved_request(console, monkeypatch):
    history = console.history
    history.save_request("Users", "list", USERS)
    history.saved.setCurrentItem(history.saved.topLevelItem(0).child(0))
    history.duplicate_saved.click()
    history.duplicate_saved.click()
    assert [n for _g, n, _t in saved_names(console)] == ["list", "list (copy 2)", "list (copy)"]
    assert history.saved.currentItem().data(0, Qt.ItemDataRole.UserRole).name == "list (copy 2)"
    answer(monkeypatch, ["People / all users"])
    history.rename_saved.click()
    assert ("People", "all users", "/api/v1/users") in saved_names(console)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    answer(monkeypatch, ["Users / list"])
    history.rename_saved.click()  # taken: refused with a reason, nothing lost
    assert warned and "exists already" in warned[0]
    assert len(saved_names(console)) == 3


def entry(status, query, hour, elapsed=12.0):
    return HistoryEntry(
        id=hour,
        sent_at=datetime.now(UTC).replace(hour=hour % 24, minute=5, second=9),
        portal="p",
        method="GET",
        url="https://contoso.azurefd.net/api/v1/users",
        request=ApiRequest("GET", "/api/v1/users", query=query),
        status=status,
        elapsed_ms=elapsed,
        size=10,
        error="" if status else "timed out",
    )


def test_history_rows_show_query_status_and_time(qtbot):
    first = history_rows.history_item(entry(200, [("page", "1")], 9))
    second = history_rows.history_item(entry(500, [("page", "2")], 10))
    assert first.text() != second.text()
    assert first.text().splitlines()[0] == "GET /api/v1/users?page=1"
    assert second.text().splitlines()[1].startswith("500 · ")
    local = entry(200, [], 9).sent_at.astimezone().strftime("%H:%M:%S")
    assert local in first.text() or "-" in first.text().splitlines()[1]
    assert history_rows.history_item(entry(None, [], 9)).text().splitlines()[1].startswith("error")


@pytest.mark.parametrize("dark", [False, True])
def test_history_status_colours_are_readable_in_both_palettes(qtbot, dark):
    app = QApplication.instance()
    previous = app.palette()
    if dark:
        app.setPalette(theme.dark_palette())
    try:
        base = theme.backgrounds()[1]
        for status in (200, 301, 404, 500, None):
            ink = history_rows.outcome_colour(entry(status, [], 9))
            assert theme.contrast_ratio(ink, base) >= theme.MINIMUM_CONTRAST, (status, ink)
        assert history_rows.outcome_colour(entry(500, [], 9)) == theme.colour("error")
        assert history_rows.outcome_colour(entry(200, [], 9)) == theme.colour("success")
    finally:
        app.setPalette(previous)


def test_history_list_paints_the_status_in_its_colour(console):
    item = history_rows.history_item(entry(500, [("page", "2")], 9))
    console.history.list.addItem(item)
    console.history.list.resize(300, 200)
    index = console.history.list.model().index(console.history.list.count() - 1, 0)
    delegate = console.history.list.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(console.history.list)
    option.rect = console.history.list.visualRect(index)
    option.rect.moveTo(0, 0)
    size = delegate.sizeHint(option, index)
    assert size.height() >= 2 * option.fontMetrics.height()
    image = QImage(300, size.height(), QImage.Format.Format_RGB32)
    image.fill(console.history.list.palette().base().color())
    painter = QPainter(image)
    option.rect.setSize(size.expandedTo(option.rect.size()))
    delegate.paint(painter, option, index)
    painter.end()
    wanted = theme.colour("error").lower()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(size.height() // 2, size.height())
    }
    assert wanted in colours  # the "500" in the second line
    assert not isinstance(QModelIndex(), type(None))


def test_history_and_saved_lists_are_read_when_shown(console, monkeypatch):
    # The console starts on its endpoints: the database stays closed until a list is shown.
    history = console.history
    assert console.store._opened is None
    reads, original = [], console.store.history
    spy = lambda *a, **k: reads.append(a) or original(*a, **k)  # noqa: E731
    monkeypatch.setattr(console.store, "history", spy)
    other = PortalService().add_portal("https://other.example")
    history.set_portal(other.key)  # hidden: nothing read, the database still closed
    assert reads == [] and console.store._opened is None
    console.store.record(console.portal.key, USERS, "https://x/api/v1/users", status=200)
    history.set_portal(console.portal.key)
    assert reads == []
    history.show_history()
    assert len(reads) == 1 and history.list.count() == 1
    answer(monkeypatch, ["Users / list"])
    console.editor.load(USERS)
    console._on_save_request()  # and the Saved list comes to the front
    assert history.currentWidget().isAncestorOf(history.saved)
    assert history.saved.topLevelItem(0).text(0) == "Users"
