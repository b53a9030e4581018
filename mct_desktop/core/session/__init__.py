"""Signing in and keeping tokens: callback capture, token client and manager, vault, settings."""
