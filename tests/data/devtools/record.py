"""Record the DevTools events of real Chromium sign-ins against the demo portal.

Run under a display from the repository root, e.g.
`xvfb-run -a python tests/data/devtools/record.py tests/data/devtools relative-fragment foreign`.
Names: a LocationStyle, `foreign` (a token URL pushed by another origin), and any of them
with `-network-only` (no Fetch interception, so the browser follows the token redirect).
Tokens, ports and codes are replaced, so the files hold no secret.
"""

import base64
import contextlib
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote

from mct_desktop.core.session.browser.devtools import DevToolsConnection
from mct_desktop.core.session.browser.launch import BrowserProcess
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.demo import DemoPortal

KEEP = {
    "Network.requestWillBeSent",
    "Network.responseReceived",
    "Network.loadingFailed",
    "Fetch.requestPaused",
}
DROP = ("timing", "securityDetails", "headersText", "connectTiming", "initiator")


def record(name: str) -> tuple[list[dict], DemoPortal, str]:
    network_only = name.endswith("-network-only")
    base = name.removesuffix("-network-only")
    style = "relative-fragment" if base == "foreign" else base
    with DemoPortal(location_style=style, auto_sign_in="admin@contoso.demo") as demo:
        browser = BrowserProcess(Path("/usr/bin/chromium"), None)
        browser.start()
        c = DevToolsConnection(*browser.wait_for_port(20))
        page = next(t for t in c.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        attached = c.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})
        s = attached["sessionId"]
        c.call("Network.enable", session=s)
        if not network_only:
            pattern = {"urlPattern": "*", "resourceType": "Document", "requestStage": "Response"}
            c.call("Fetch.enable", {"patterns": [pattern]}, session=s)
        start = demo.sign_in_origin + "/b2c/foreign-redirect" if base == "foreign" else None
        c.notify("Page.navigate", {"url": start or demo.url + "/ExternalAuthentication/Login"}, s)
        events = []
        end = time.monotonic() + 2.5
        while time.monotonic() < end:
            e = c.next_event(0.2)
            if not e or e["method"] not in KEEP:
                continue
            p = e["params"]
            for key in DROP:
                for part in (p, p.get("response"), p.get("redirectResponse"), p.get("request")):
                    if isinstance(part, dict):
                        part.pop(key, None)
            events.append(e)
            if e["method"] == "Fetch.requestPaused":
                rid = p["requestId"]
                if "/ExternalAuthentication/Callback" in p["request"]["url"]:
                    body = base64.b64encode(b"<h1>Signed in</h1>").decode()
                    c.notify("Fetch.fulfillRequest", {"requestId": rid, "responseCode": 200,
                                                      "body": body}, s)  # fmt: skip
                else:
                    c.notify("Fetch.continueRequest", {"requestId": rid}, s)
        c.notify("Browser.close")
        c.close()
        browser.stop()
    return events, demo, page["targetId"]


def callback_location(events: list[dict]) -> str | None:
    for e in events:
        p = e["params"]
        if e["method"] == "Fetch.requestPaused" and "Callback" in p["request"]["url"]:
            headers = {h["name"].lower(): h["value"] for h in p.get("responseHeaders", [])}
        elif "Callback" in (p.get("redirectResponse") or {}).get("url", ""):
            headers = {k.lower(): v for k, v in p["redirectResponse"]["headers"].items()}
        else:
            continue
        return headers.get("location")
    return None


def main() -> None:
    out_dir = Path(sys.argv[1])
    for name in sys.argv[2:]:
        events, demo, frame = record(name)
        text = json.dumps(events)
        location = callback_location(events)
        pair = None
        if location:
            with contextlib.suppress(ValueError):  # the `none` style carries no token
                pair = parse_callback_location(location)
        if pair:
            for secret, fake in (
                (pair.access_token, "RECORDED.ACCESS.TOKEN"),
                (pair.refresh_token or "", "RECORDED-REFRESH-TOKEN"),
            ):
                if secret:
                    text = text.replace(quote(secret, safe=""), fake).replace(secret, fake)
        text = re.sub(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", "RECORDED.ACCESS.TOKEN", text)
        text = re.sub(r"code=[\w-]+", "code=RECORDED-CODE", text)
        text = text.replace(demo.url, "http://127.0.0.1:40123")
        text = text.replace(demo.sign_in_origin, "http://localhost:40123")
        text = re.sub(rf":{demo.port}\b", ":40123", text)
        data = {
            "chromium": "156.0.8078.108 (Debian 12), headed under Xvfb",
            "portal": "http://127.0.0.1:40123",
            "main_frame": frame,
            "events": json.loads(text),
        }
        (out_dir / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")
        print(name, len(events))


if __name__ == "__main__":
    main()
