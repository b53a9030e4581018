# Types of the package for checkers: `connect` is a lazy attribute at run time (__init__.py).
from mct_desktop.client import connect as connect

__version__: str
APP_NAME: str
