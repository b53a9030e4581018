"""The API console: request editor, response view, history and saved requests."""
