"""HTML of the demo portal's pages, kept apart from the request handling."""

from __future__ import annotations

from html import escape

from mct_desktop.demo.accounts import ACCOUNTS, DEMO_PASSWORD

_STYLE = """
body{font-family:system-ui,sans-serif;background:#f3f4f7;margin:0;color:#1b1b1f}
.card{max-width:380px;margin:48px auto;background:#fff;padding:28px 32px;border-radius:8px;
box-shadow:0 2px 12px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 4px} .sub{color:#666;font-size:13px;margin-bottom:18px}
label{display:block;font-size:13px;margin:12px 0 4px} input{width:100%;padding:8px;
box-sizing:border-box;border:1px solid #aaa;border-radius:4px;font-size:14px}
button{margin-top:18px;width:100%;padding:10px;background:#0067b8;color:#fff;border:0;
border-radius:4px;font-size:15px;cursor:pointer} .err{color:#b00020;font-size:13px;margin-top:10px}
.hint{font-size:12px;color:#555;margin-top:18px;border-top:1px solid #eee;padding-top:12px}
code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
"""


def _page(title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    ).encode()


def sign_in_page(state: str, error: str = "", email: str = "") -> bytes:
    """A B2C-like sign-in form; the demo accounts are listed on it."""
    accounts = "".join(
        f"<li><code>{escape(a.email)}</code> ({escape(a.role)})</li>" for a in ACCOUNTS.values()
    )
    error_html = f"<div class='err' id='error'>{escape(error)}</div>" if error else ""
    return _page(
        "Sign in - Contoso Demo",
        f"""<div class='card'><h1>Contoso Demo</h1>
<div class='sub'>Sign in with your email address</div>
<form method='post' action='/b2c/authorize' id='signin'>
<input type='hidden' name='state' value='{escape(state)}'>
<label for='email'>Email address</label>
<input id='email' name='email' type='email' value='{escape(email)}' autofocus>
<label for='password'>Password</label>
<input id='password' name='password' type='password'>
<button type='submit' id='next'>Sign in</button>{error_html}</form>
<div class='hint'>Demo portal accounts (password <code>{DEMO_PASSWORD}</code>):
<ul>{accounts}</ul></div></div>""",
    )


def portal_home(base_url: str) -> bytes:
    return _page(
        "Contoso Demo - Community Training",
        f"""<div class='card'><h1>Contoso Demo Community Training</h1>
<div class='sub'>A demo portal bundled with MCT Desktop at {escape(base_url)}</div>
<p>Sign in at <code>/ExternalAuthentication/Login</code>.</p></div>""",
    )


def error_page(title: str, message: str) -> bytes:
    return _page(title, f"<div class='card'><h1>{escape(title)}</h1><p>{escape(message)}</p></div>")


def plain_page(title: str, body_html: str) -> bytes:
    """A provider's page in a card; `body_html` is the demo's own fixed markup."""
    return _page(title, f"<div class='card'>{body_html}</div>")
