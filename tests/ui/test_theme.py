"""Every colour the app sets reaches 4.5:1 (WCAG) on light and dark palettes (issue 13, item 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from mct_desktop.ui import theme

# Window, Base and AlternateBase of the palettes people really run.
PALETTES = {
    "fusion-light": ("#efefef", "#ffffff", "#f7f7f7"),
    "adwaita-light": ("#f6f5f4", "#ffffff", "#f6f5f4"),
    "windows-light": ("#f0f0f0", "#ffffff", "#f5f5f5"),
    "fusion-dark": ("#353535", "#2a2a2a", "#424242"),
    "breeze-dark": ("#31363b", "#232629", "#31363b"),
    "adwaita-dark": ("#242424", "#1e1e1e", "#2a2a2a"),
    "windows-dark": ("#202020", "#2b2b2b", "#323232"),
}
DARK_TEXT = {"fusion-light", "adwaita-light", "windows-light"}
ROLES = ("success", "warning", "error", "info", "muted")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def test_the_contrast_formula_matches_wcag():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # The report's measurements: the light palette's green and red on a dark window.
    assert theme.contrast_ratio("#0e7a0d", "#353535") < 2.5
    assert theme.contrast_ratio("#b00020", "#353535") < 2.0


@pytest.fixture(params=list(PALETTES))
def palette(request, qapp):
    window, base, alternate = PALETTES[request.param]
    text = "#000000" if request.param in DARK_TEXT else "#ffffff"
    previous = QApplication.palette()
    p = QPalette(previous)
    for role, value in [
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, alternate),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Text, text),
    ]:
        p.setColor(role, QColor(value))
    QApplication.setPalette(p)
    yield (window, base, alternate)
    QApplication.setPalette(previous)


def _assert_readable(name, colour, backgrounds):
    for background in backgrounds:
        ratio = theme.contrast_ratio(colour, background)
        assert ratio >= 4.5, f"{name} {colour} on {background}: {ratio:.2f}:1"


def test_every_colour_is_readable_on_the_palette(palette):
    for role in ROLES:
        _assert_readable(role, theme.colour(role), palette)
    for method in METHODS:
        _assert_readable(method, theme.method_colour(method), palette)
    for status in (200, 201, 204, 301, 404, 429, 500, 503):
        _assert_readable(str(status), theme.status_colour(status), palette)
    for kind in ("number", "keyword", "string", "key"):
        _assert_readable(kind, theme.syntax_colour(kind), palette)
    for kind in ("error", "warning", "success", "info"):
        text, background, _border = theme.message_style(kind)
        _assert_readable(f"{kind} strip", text, [background])


def test_dark_palettes_get_their_own_hues_not_blackened_ones(palette):
    dark = theme.luminance(palette[0]) < 0.18
    assert theme.is_dark() == dark
    green = theme.status_colour(200)
    assert (theme.luminance(green) > 0.3) == dark


def test_an_unreadable_colour_is_moved_until_it_reads():
    moved = theme.readable("#0e7a0d", ("#353535", "#2a2a2a"))
    assert moved != "#0e7a0d" and theme.contrast_ratio(moved, "#2a2a2a") >= 4.5
    assert theme.readable("#0e7a0d", ("#ffffff",)) == "#0e7a0d"


def test_no_colour_literals_left_in_widgets():
    ui = Path(theme.__file__).parent
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b", line.split("  # ")[0]):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def _stylesheet_colour(widget):
    return re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", widget.styleSheet()).group(1)


def test_real_widgets_use_readable_colours(palette, qtbot):
    from mct_desktop.core.catalog.openapi import Operation
    from mct_desktop.ui.console.endpoint_catalog import describe
    from mct_desktop.ui.message_bar import MessageBar, error_label

    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show_error("500 Internal Server Error")
    assert bar.text() == "500 Internal Server Error"
    text, background, _ = theme.message_style("error")
    assert _stylesheet_colour(bar) == text
    _assert_readable("bar", text, [background])
    label = error_label(bar)
    _assert_readable("hint", _stylesheet_colour(label), palette)
    html = describe(Operation("v1", "t", "DELETE", "/api/v1/users/{id}"))
    delete = re.search(r"color:(#[0-9a-fA-F]{6})'>DELETE", html).group(1)
    _assert_readable("DELETE", delete, palette)


def test_the_reference_dark_palette_is_dark_and_readable(qapp):
    previous = QApplication.palette()
    QApplication.setPalette(theme.dark_palette())
    try:
        assert theme.is_dark()
        backgrounds = theme.backgrounds()
        for role in ROLES:
            _assert_readable(role, theme.colour(role), backgrounds)
        for method in METHODS:
            _assert_readable(method, theme.method_colour(method), backgrounds)
    finally:
        QApplication.setPalette(previous)


def test_json_is_coloured_once_there_is_text_and_an_empty_editor_sets_up_nothing(qapp):
    from PySide6.QtWidgets import QPlainTextEdit

    from mct_desktop.ui.console.json_highlighter import JsonHighlighter

    editor = QPlainTextEdit()
    document = editor.document()
    highlighter = JsonHighlighter(document)
    qapp.processEvents()
    assert highlighter._formats == []  # the console's editors start empty: nothing built
    editor.setPlainText('{"name": "Ada", "age": 36, "admin": true}')
    qapp.processEvents()
    ranges = document.firstBlock().layout().formats()
    coloured = {
        document.toPlainText()[r.start : r.start + r.length]: r.format.foreground().color().name()
        for r in ranges
    }
    assert coloured['"name"'] == QColor(theme.syntax_colour("key")).name()
    assert coloured['"Ada"'] == QColor(theme.syntax_colour("string")).name()
    assert coloured["36"] == QColor(theme.syntax_colour("number")).name()
    assert coloured["true"] == QColor(theme.syntax_colour("keyword")).name()
    assert len(highlighter._formats) == 4
