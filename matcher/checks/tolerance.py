"""The one tolerance of the independent evaluators.

Hours and kilograms are decimals typed by people and divided by productivities, so
every comparison of hours or kilograms in :mod:`matcher.checks` allows this much
slack, and no other. The scorer (:mod:`matcher.matching.fit`) defines its own
constant of the same value on purpose: an evaluator that imported the scorer's
would share any mistake in it.
"""

from __future__ import annotations

TOLERANCE = 1e-6
"""Slack on every hours and kilogram comparison (hours per week, kg)."""
