"""Split a pasted shell command into words as bash would, ANSI-C `$'…'` quoting included."""

from __future__ import annotations

import re

_ANSI_C = re.compile(
    r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.)|(.))",
    re.DOTALL,
)
_SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
           "t": "\t", "v": "\v"}  # fmt: skip


class ShellSyntaxError(ValueError):
    pass


def _ansi_c(match: re.Match[str]) -> str:
    hex2, hex4, hex8, octal, control, other = match.groups()
    if hex2 or hex4 or hex8:
        code = int(hex2 or hex4 or hex8, 16)
        return chr(code) if code <= 0x10FFFF else ""
    if octal:
        return chr(int(octal, 8) & 0xFF)
    if control:
        return chr(ord(control) & 0x1F)
    return _SIMPLE.get(other, other if other in "\\'\"?" else "\\" + other)


def _closing(text: str, start: int, quote: str, *, escapes: bool = True) -> int:
    """Index of the quote that closes the one opened just before `start`."""
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\" and escapes:
            index += 2
            continue
        if char == quote:
            return index
        index += 1
    raise ShellSyntaxError(f"no closing quotation ({quote})")


def split_command(text: str) -> list[str]:
    """Words of `text`: quotes removed, `\\`-newline joined, `#` comments dropped."""
    text = text.replace("\r\n", "\n")
    words: list[str] = []
    current: list[str] = []
    in_word = False
    index = 0
    while index < len(text):
        char = text[index]
        if char in " \t\n":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
            index += 1
        elif char == "#" and not in_word:
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif char == "\\":
            if text[index + 1 : index + 2] == "\n":
                index += 2  # a line continuation
                continue
            current.append(text[index + 1 : index + 2])
            in_word = True
            index += 2
        elif char == "'":
            end = _closing(text, index + 1, "'", escapes=False)
            current.append(text[index + 1 : end])
            in_word, index = True, end + 1
        elif char == "$" and text[index + 1 : index + 2] == "'":
            end = _closing(text, index + 2, "'")
            current.append(_ANSI_C.sub(_ansi_c, text[index + 2 : end]))
            in_word, index = True, end + 1
        elif char == '"' or (char == "$" and text[index + 1 : index + 2] == '"'):
            start = index + (2 if char == "$" else 1)
            end = _closing(text, start, '"')
            inner = text[start:end].replace("\\\n", "")
            current.append(re.sub(r"\\([\\$`\"])", r"\1", inner))
            in_word, index = True, end + 1
        else:
            current.append(char)
            in_word = True
            index += 1
    if in_word:
        words.append("".join(current))
    return words


def looks_like_cmd(text: str) -> bool:
    """Chrome's "Copy as cURL (cmd)" wraps every argument in `^"…^"`."""
    return '^"' in text


def split_cmd(text: str) -> list[str]:
    """Words of a Windows cmd.exe command line, as cmd and then curl.exe's C runtime see it.

    First cmd: `^x` is a literal x, `^` at a line end continues the line, and `^` followed
    by two line ends is one literal line end (how Chrome writes a newline in a value).
    Then the C runtime: `"` quotes, `\\"` is a literal quote, backslashes before a quote
    pair up; other backslashes are literal.
    """
    text = text.replace("\r\n", "\n")
    plain: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "^":
            plain.append(char)
            index += 1
        elif text[index + 1 : index + 3] == "\n\n":
            plain.append("\n")
            index += 3
        elif text[index + 1 : index + 2] == "\n":
            plain.append(" ")
            index += 2
        else:
            plain.append(text[index + 1 : index + 2])
            index += 2
    return _crt_words("".join(plain))


def _crt_words(line: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    in_word = quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            end = index
            while end < len(line) and line[end] == "\\":
                end += 1
            count = end - index
            if line[end : end + 1] == '"':
                current.append("\\" * (count // 2))
                if count % 2:
                    current.append('"')
                    end += 1
            else:
                current.append("\\" * count)
            in_word, index = True, end
        elif char == '"':
            quoted, in_word = not quoted, True
            index += 1
        elif char in " \t\n" and not quoted:
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
            index += 1
        else:
            current.append(char)
            in_word = True
            index += 1
    if quoted:
        raise ShellSyntaxError('no closing quotation (^")')
    if in_word:
        words.append("".join(current))
    return words
