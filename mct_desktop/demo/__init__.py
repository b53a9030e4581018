"""The bundled demo portal: a local server that behaves like an MCT portal to this app."""

from mct_desktop.demo.http import RecordedRequest
from mct_desktop.demo.server import DemoPortal, LocationStyle

__all__ = ["DemoPortal", "LocationStyle", "RecordedRequest"]
