"""What the app needs around the features: logs, diagnostics, system check, UI state."""
