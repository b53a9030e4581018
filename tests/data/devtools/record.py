"""Record DevTools events of a real Chromium sign-in against the demo portal (tokens replaced)."""

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
    "Network.responseReceivedExtraInfo",
}
out_dir = Path(sys.argv[1])
for name in sys.argv[2:]:
    style, start = (
        (name, None) if name != "foreign" else ("relative-fragment", "/b2c/foreign-redirect")
    )
    with DemoPortal(location_style=style, auto_sign_in="admin@contoso.demo") as demo:
        b = BrowserProcess(Path("/usr/bin/chromium"), None)
        b.start()
        port, path = b.wait_for_port(20)
        c = DevToolsConnection(port, path)
        page = next(t for t in c.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        s = c.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})[
            "sessionId"
        ]
        c.call("Network.enable", session=s)
        url = (
            demo.url + "/ExternalAuthentication/Login"
            if start is None
            else demo.sign_in_origin + start
        )
        c.call("Page.navigate", {"url": url}, session=s)
        events = []
        end = time.monotonic() + 2.5
        while time.monotonic() < end:
            e = c.next_event(0.2)
            if e and e["method"] in KEEP:
                p = e["params"]
                for k in (
                    "timing",
                    "securityDetails",
                    "headersText",
                    "connectTiming",
                    "siteHasCookieInOtherPartition",
                ):
                    p.pop(k, None)
                    if isinstance(p.get("response"), dict):
                        p["response"].pop(k, None)
                    if isinstance(p.get("redirectResponse"), dict):
                        p["redirectResponse"].pop(k, None)
                events.append(e)
        c.notify("Browser.close")
        c.close()
        b.stop()
    text = json.dumps(events)
    for e in events:
        rr = e["params"].get("redirectResponse") or {}
        if "/ExternalAuthentication/Callback" in rr.get("url", ""):
            loc = next(v for k, v in rr["headers"].items() if k.lower() == "location")
            try:
                pair = parse_callback_location(loc)
            except Exception:
                break
            for secret, fake in (
                (pair.access_token, "RECORDED.ACCESS.TOKEN"),
                (pair.refresh_token or "", "RECORDED-REFRESH-TOKEN"),
            ):
                if secret:
                    text = text.replace(quote(secret, safe=""), fake).replace(secret, fake)
            break
    text = re.sub(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", "RECORDED.ACCESS.TOKEN", text)
    text = text.replace(demo.url, "http://127.0.0.1:40123").replace(
        demo.sign_in_origin, "http://localhost:40123"
    )
    text = re.sub(rf":{demo.port}\b", ":40123", text)
    data = {
        "chromium": "156.0.8078.108 (Debian 12), headed under Xvfb",
        "portal": "http://127.0.0.1:40123",
        "main_frame": page["targetId"],
        "events": json.loads(text),
    }
    (out_dir / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")
    print(name, len(events))
