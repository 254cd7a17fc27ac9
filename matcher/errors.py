"""Errors the library raises for bad arguments; the command line maps them to exit status 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments that argparse cannot catch (exit status 2)."""
