"""The command line: ``python -m matcher COMMAND ...``."""

from matcher.cli.main import UsageError, add_common_options, build_parser, main

__all__ = ["UsageError", "add_common_options", "build_parser", "main"]
