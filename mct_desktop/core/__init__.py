"""Pure logic of MCT Desktop: no Qt imports allowed here (tests/unit/test_layout.py checks)."""
