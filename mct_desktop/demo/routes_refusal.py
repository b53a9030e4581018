"""Recorded refusal pages: the demo's sign-in provider refusing the embedded browser."""

from __future__ import annotations

from mct_desktop.demo import pages
from mct_desktop.demo.http import Handler, Request, route


@route("GET", r"/v3/signin/rejected")
def google_rejected(h: Handler, req: Request) -> None:
    h.send_html(
        pages.plain_page(
            "Sign in - Google Accounts",
            "<h1>Couldn\u2019t sign you in</h1>"
            "<p>This browser or app may not be secure. <a href='#'>Learn more</a></p>"
            "<p>Try using a different browser. If you\u2019re already using a supported "
            "browser, you can try again to sign in.</p>",
        )
    )


@route("GET", r"/common/login")
def entra_refused(h: Handler, req: Request) -> None:
    h.send_html(
        pages.plain_page(
            "Sign in to your account",
            "<h1>You can't get there from here</h1>"
            "<p>This application contains sensitive information and can only be accessed "
            "from:</p><p>Devices or client applications that meet Contoso management "
            "compliance policy.</p><h2>Troubleshooting details</h2>"
            "<p>Device platform: Linux<br>Device state: Unregistered<br>"
            "Error Code: 53000</p>",
        )
    )
