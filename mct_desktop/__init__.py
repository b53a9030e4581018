"""MCT Desktop: sign in to a Microsoft Community Training portal and call its API."""

__version__ = "0.1.0"
APP_NAME = "mct-desktop"


def __getattr__(name: str) -> object:
    # `connect` loads httpx and the core on first use (PEP 562): the CLI's start-up stays
    # light. By name, not an import statement: the core imports this package for its
    # version, and the package must not import the core back.
    if name == "connect":
        import importlib

        return importlib.import_module("mct_desktop.client").connect
    raise AttributeError(f"module 'mct_desktop' has no attribute {name!r}")
