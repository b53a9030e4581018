"""Sign-in in the user's own Chromium-family browser, driven over the DevTools protocol."""
