"""The console's start without PySide6's `Qt` namespace: what stands in for it says the same."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLabel, QSplitter, QTabWidget

from mct_desktop.ui import qt_namespace
from mct_desktop.ui.console.key_value_table import KeyValueTable


def test_the_stand_in_values_are_qts_own():
    assert Qt.ItemDataRole.DisplayRole == qt_namespace.DISPLAY_ROLE
    assert Qt.ItemDataRole.ForegroundRole == qt_namespace.FOREGROUND_ROLE
    assert Qt.ItemDataRole.UserRole == qt_namespace.USER_ROLE
    assert Qt.Orientation.Vertical.value == qt_namespace.VERTICAL
    assert Qt.TextFormat.PlainText.value == qt_namespace.PLAIN_TEXT
    assert Qt.TextElideMode.ElideRight.value == qt_namespace.ELIDE_RIGHT


def test_the_namespace_on_first_use_is_pysides_own():
    assert qt_namespace.Qt.ItemFlag is Qt.ItemFlag
    assert qt_namespace.Qt.Key.Key_Return is Qt.Key.Key_Return
    with pytest.raises(AttributeError):
        qt_namespace.Qt.NoSuchEnum  # noqa: B018


def test_enum_properties_are_set_from_their_values(qtbot):
    splitter, label, tabs = QSplitter(), QLabel(), QTabWidget()
    for widget in (splitter, label, tabs):
        qtbot.addWidget(widget)
    qt_namespace.set_enum(splitter, "orientation", qt_namespace.VERTICAL)
    qt_namespace.set_enum(label, "textFormat", qt_namespace.PLAIN_TEXT)
    qt_namespace.set_enum(tabs, "elideMode", qt_namespace.ELIDE_RIGHT)
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert tabs.elideMode() == Qt.TextElideMode.ElideRight
    with pytest.raises(ValueError, match="no writable property 'orientaton'"):
        qt_namespace.set_enum(splitter, "orientaton", 2)  # a typo is not a dynamic property
    assert splitter.dynamicPropertyNames() == []


@pytest.fixture
def table(qtbot):
    widget = KeyValueTable()
    qtbot.addWidget(widget)
    widget.set_fixed_rows([("Authorization", "Bearer eyJh…(900 chars)", "added by the app")])
    widget.set_pairs([("X-Trace", "1")])
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _routes(table):
    """Each way an editor is asked for, as a function of the item."""

    def double_click(item):
        centre = table.visualItemRect(item).center()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    def key(item, *, text=""):
        table.setCurrentItem(item)
        if text:
            QTest.keyClicks(table, text)
        else:
            QTest.keyClick(table, Qt.Key.Key_F2)

    return {
        "editItem": table.editItem,
        "double click": double_click,
        "F2": key,
        "typing": lambda item: key(item, text="typed"),
    }


@pytest.mark.parametrize("route", ["editItem", "double click", "F2", "typing"])
def test_no_editor_opens_on_a_fixed_row_however_it_is_asked_for(qtbot, table, route):
    ask = _routes(table)[route]
    ask(table.item(0, 1))
    assert table.state() != QAbstractItemView.State.EditingState
    assert table.fixed_rows() == [("Authorization", "Bearer eyJh…(900 chars)")]
    # The user's own row opens an editor by the same route: the route itself works here.
    ask(table.item(1, 1))
    assert table.state() == QAbstractItemView.State.EditingState


def test_a_fixed_row_is_greyed_with_its_note(table):
    grey = table.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    for column in (0, 1):
        item = table.item(0, column)
        assert item.foreground().color() == grey
        assert item.toolTip() == "added by the app"
    assert table.pairs() == [("X-Trace", "1")]
