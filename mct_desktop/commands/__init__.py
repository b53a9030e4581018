"""The commands behind the CLI; each takes the parsed arguments and returns an exit code."""
