"""Light or dark: the few colours the app sets itself, readable on the current palette.

Every colour here is a starting hue for light and for dark palettes, then moved towards
black or white until its WCAG contrast against the palette's real backgrounds (Window and
Base) reaches 4.5:1, so a themed desktop (Breeze Dark, Adwaita, a user's own colours)
gets readable text too. tests/ui/test_theme.py computes every ratio.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

MINIMUM_CONTRAST = 4.5  # WCAG 2 AA for normal text

# Roles: what a colour means, not what it looks like.
_LIGHT = {
    "success": "#0e7a0d",
    "warning": "#8a6d00",
    "error": "#b00020",
    "info": "#0b5cad",
    "muted": "#555555",
}
_DARK = {
    "success": "#7bd88f",
    "warning": "#e6c35c",
    "error": "#ff8a8a",
    "info": "#8ab8f0",
    "muted": "#a8a8a8",
}
_METHODS_LIGHT = {
    "GET": "#0b7a0b",
    "POST": "#a35b00",
    "PUT": "#0451a5",
    "PATCH": "#6f42c1",
    "DELETE": "#b00020",
    "HEAD": "#555555",
    "OPTIONS": "#555555",
}
_METHODS_DARK = {
    "GET": "#7bd88f",
    "POST": "#f0a35e",
    "PUT": "#7ab7ff",
    "PATCH": "#c3a0ff",
    "DELETE": "#ff8a8a",
    "HEAD": "#b0b0b0",
    "OPTIONS": "#b0b0b0",
}
# JSON colouring: numbers, true/false/null, string values, keys.
_SYNTAX_LIGHT = {"number": "#098658", "keyword": "#0000ff", "string": "#a31515", "key": "#0451a5"}
_SYNTAX_DARK = {"number": "#b5cea8", "keyword": "#569cd6", "string": "#ce9178", "key": "#9cdcfe"}
# Message strips carry their own background: text, background, border.
_BARS_LIGHT = {
    "error": ("#8a0010", "#fde7e9", "#f1aeb5"),
    "warning": ("#5c4400", "#fff4ce", "#e5c76b"),
    "success": ("#0e5a12", "#dff6dd", "#9fd89f"),
    "info": ("#0b3d6b", "#e8f1fb", "#a9c8ea"),
}
_BARS_DARK = {
    "error": ("#ffb4ba", "#4a1418", "#8a2a33"),
    "warning": ("#f3d98b", "#3f3413", "#7a6326"),
    "success": ("#a6e3a9", "#163a1a", "#2f6b35"),
    "info": ("#a9cdf2", "#14283d", "#2d4f73"),
}


# A dark palette as Qt's Fusion style draws one: for screenshots and tests of the dark look
# on machines whose desktop has none (Xvfb, CI).
_DARK_PALETTE = {
    "Window": "#353535",
    "WindowText": "#ffffff",
    "Base": "#2a2a2a",
    "AlternateBase": "#424242",
    "ToolTipBase": "#353535",
    "ToolTipText": "#ffffff",
    "PlaceholderText": "#9a9a9a",
    "Text": "#ffffff",
    "Button": "#353535",
    "ButtonText": "#ffffff",
    "BrightText": "#ff5555",
    "Light": "#505050",
    "Midlight": "#454545",
    "Mid": "#2b2b2b",
    "Dark": "#232323",
    "Shadow": "#141414",
    "Highlight": "#2a82da",
    "HighlightedText": "#ffffff",
    "Link": "#66aaff",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in _DARK_PALETTE.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(value))
    for role in ("WindowText", "Text", "ButtonText"):
        palette.setColor(
            QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#7f7f7f")
        )
    return palette


def is_dark() -> bool:
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def backgrounds() -> tuple[str, ...]:
    """The backgrounds text of ours sits on: labels on Window, lists and editors on Base."""
    palette = QGuiApplication.palette()
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)
    return tuple(palette.color(role).name() for role in roles)


def colour(role: str) -> str:
    """`success`, `warning`, `error`, `info` or `muted` text, readable on this palette."""
    return _pick(_DARK if is_dark() else _LIGHT, role)


def method_colour(method: str) -> str:
    table = _METHODS_DARK if is_dark() else _METHODS_LIGHT
    return readable(table.get(method.upper(), _text()), backgrounds())


def status_colour(status: int) -> str:
    if status < 300:
        return colour("success")
    if status < 400:
        return colour("warning")
    return colour("error")


def syntax_colour(kind: str) -> str:
    """`number`, `keyword`, `string` or `key` in highlighted JSON (on Base)."""
    return _pick(_SYNTAX_DARK if is_dark() else _SYNTAX_LIGHT, kind)


def message_style(kind: str) -> tuple[str, str, str]:
    """A message strip's text, background and border (its own background: fixed pairs)."""
    text, background, border = (_BARS_DARK if is_dark() else _BARS_LIGHT)[kind]
    return readable(text, (background,)), background, border


def _pick(table: dict[str, str], role: str) -> str:
    return readable(table[role], backgrounds())


def _text() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()


# ----- WCAG 2 arithmetic (pure: no palette needed)
def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hex_colour: str) -> float:
    r, g, b = (_channel(v) for v in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    a, b = luminance(foreground), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@lru_cache(maxsize=512)
def readable(hex_colour: str, against: tuple[str, ...], minimum: float = MINIMUM_CONTRAST) -> str:
    """`hex_colour`, made lighter or darker (hue kept) until it reaches `minimum` on all."""
    if all(contrast_ratio(hex_colour, bg) >= minimum for bg in against):
        return hex_colour
    dark_background = sum(luminance(bg) for bg in against) / len(against) < 0.18
    r, g, b = (v / 255 for v in _rgb(hex_colour))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    step = 0.02 if dark_background else -0.02
    while 0.0 <= lightness <= 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        candidate = "#{:02x}{:02x}{:02x}".format(
            *(round(v * 255) for v in colorsys.hls_to_rgb(hue, lightness, saturation))
        )
        if all(contrast_ratio(candidate, bg) >= minimum for bg in against):
            return candidate
        if lightness in (0.0, 1.0):
            break
    return "#ffffff" if dark_background else "#000000"  # backgrounds too far apart for any hue
