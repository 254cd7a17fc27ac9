"""Generalized-assignment instances in OR-Library format."""
