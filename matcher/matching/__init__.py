"""Fit rules, scoring and the assignment of candidates to new functions."""
