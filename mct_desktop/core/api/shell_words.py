"""Split a pasted shell command into words as bash would, ANSI-C `$'…'` quoting included."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass
class ShellWords:
    """A command line split as a POSIX shell would, and notes on what was left out."""

    words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what of the line was left out, and why


class _Builder:
    """Collects words as the characters come; a redirection's target word is noted, not kept."""

    def __init__(self) -> None:
        self.result = ShellWords()
        self.current: list[str] = []
        self.in_word = False
        self.redirection = ""  # an operator whose target word comes next

    def add(self, text: str) -> None:
        self.current.append(text)
        self.in_word = True

    def end_word(self) -> None:
        if not self.in_word:
            return
        word = "".join(self.current)
        self.current, self.in_word = [], False
        if self.redirection:
            self.result.notes.append(
                f"The shell redirection {self.redirection} {word} was ignored."
            )
            self.redirection = ""
        else:
            self.result.words.append(word)

    def redirect(self, operator: str) -> None:
        if self.in_word and "".join(self.current).isdigit():  # `2>`: a file descriptor
            self.current, self.in_word = [], False
        self.end_word()
        self.redirection = operator


_OPERATOR = re.compile(r"<<?<?|>>?&?|<&")


def split_command(text: str) -> ShellWords:
    """Words of `text` as bash reads them: quotes removed, `\\`-newline joined, `#` comments,
    redirections (`> out`, `2>&1`) and anything after `|`, `;` or `&` left out with a note."""
    text = text.replace("\r\n", "\n")
    out = _Builder()
    index = 0
    while index < len(text):
        char = text[index]
        if char in " \t\n":
            out.end_word()
            index += 1
        elif char == "#" and not out.in_word:
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif char in "|;&":
            out.end_word()
            rest = " ".join(text[index:].split())
            shown = rest if len(rest) <= 30 else rest[:30] + "…"
            out.result.notes.append(f"{shown!r} was ignored: it is not part of the curl command.")
            break
        elif char in "<>":
            operator = _OPERATOR.match(text, index)
            assert operator is not None
            if operator[0].startswith("<<"):
                raise ShellSyntaxError("a here-document or here-string (<<) cannot be imported")
            out.redirect(operator[0])
            index = operator.end()
        elif char == "\\":
            if text[index + 1 : index + 2] != "\n":  # else a line continuation
                out.add(text[index + 1 : index + 2])
            index += 2
        elif char == "'":
            end = _closing(text, index + 1, "'", escapes=False)
            out.add(text[index + 1 : end])
            index = end + 1
        elif char == "$" and text[index + 1 : index + 2] == "'":
            end = _closing(text, index + 2, "'")
            out.add(_ANSI_C.sub(_ansi_c, text[index + 2 : end]))
            index = end + 1
        elif char == '"' or (char == "$" and text[index + 1 : index + 2] == '"'):
            start = index + (2 if char == "$" else 1)
            end = _closing(text, start, '"')
            inner = text[start:end].replace("\\\n", "")
            out.add(re.sub(r"\\([\\$`\"])", r"\1", inner))
            index = end + 1
        else:
            out.add(char)
            index += 1
    out.end_word()
    return out.result


# Chrome's "Copy as cURL (cmd)" wraps every argument in `^"…^"`, the URL first, and ends
# continued lines with ` ^`. A `^"` elsewhere (a bash body holding `"^"`) is not a sign.
_CMD_START = re.compile(r'^\s*curl(?:\.exe)?\s+\^"', re.IGNORECASE)
_CMD_CONTINUATION = re.compile(r"\s\^\r?\n")


def looks_like_cmd(text: str) -> bool:
    """A command copied for Windows cmd.exe rather than for bash."""
    return bool(_CMD_START.match(text) or _CMD_CONTINUATION.search(text))


def split_cmd(text: str) -> ShellWords:
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
    return ShellWords(words=_crt_words("".join(plain)))


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
