"""The only package that imports OR-Tools.

Every model here takes plain Python data (dense integer indices, built by the
caller from stable string ids) and returns plain Python results with
:class:`matcher.results.SolverStats`. Nothing outside this package imports ortools.
"""
