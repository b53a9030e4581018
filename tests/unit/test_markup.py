"""The console's rich-text escape is the standard library's, without its 0.34 MB import."""

import html

from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.markup import escape


@given(st.text(), st.booleans())
def test_escape_is_html_escape(text, quote):
    assert escape(text, quote) == html.escape(text, quote)


def test_markup_and_quotes_are_escaped():
    escaped = "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;"
    assert escape("<b>\"Tom\" & 'Jerry'</b>") == escaped
    assert escape("a \"b\" 'c'", quote=False) == "a \"b\" 'c'"
