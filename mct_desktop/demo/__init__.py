"""The bundled demo portal: a local server that behaves like an MCT portal to this app."""

from mct_desktop.demo.server import DemoPortal
from mct_desktop.demo.state import LocationStyle, RecordedRequest

__all__ = ["DemoPortal", "LocationStyle", "RecordedRequest"]
