"""Errors the library raises: bad arguments (exit status 2), and answers its own checks rejected."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments that argparse cannot catch (exit status 2)."""


class AnswerRejected(RuntimeError):
    """An independent evaluator rejected a solver's answer: a bug, never bad input.

    Every pipeline re-checks its answer before returning it and raises a subclass of
    this (``ProposalRejected``, ``MatchCheckError``, ``CarvingRejected``, ...) instead of
    handing out a proposal that breaks a rule; the message names the broken rules.
    """
