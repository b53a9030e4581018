"""MCT Desktop: sign in to a Microsoft Community Training portal and call its API."""

__version__ = "0.1.0"
APP_NAME = "mct-desktop"
