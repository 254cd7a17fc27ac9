"""Hand-written templates behind tools/make_examples.py (not part of the package)."""
