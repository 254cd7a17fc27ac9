"""Validated domain data and spreadsheet I/O for inclusive job redesign.

This layer imports neither OR-Tools nor Flask nor SQLAlchemy.
"""

from taskmodels.catalogue import DIMENSION_IDS, DIMENSIONS
from taskmodels.models import Candidate, CandidatePool, Inventory, Rating, Role, Task

__all__ = [
    "DIMENSIONS", "DIMENSION_IDS", "Candidate", "CandidatePool", "Inventory", "Rating",
    "Role", "Task",
]
