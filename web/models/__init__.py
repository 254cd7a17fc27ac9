"""The database models (SQLAlchemy 2.0 declarative); the schema itself is made by migrations.

Importing this package registers every table on :data:`Base.metadata`, which the
Alembic environment and the migration test compare against.
"""

from web.models.accounts import ROLES, ApiToken, Organisation, OrganisationMember, User
from web.models.audit import AuditEvent, AuditEventImmutable
from web.models.base import NAMING_CONVENTION, Base, utcnow
from web.models.candidates import Candidate, MatchProposal, Placement, Rating
from web.models.inventory import InventoryVersion
from web.models.review import SUBMISSION_STATES, ReviewDecision, ReviewSubmission
from web.models.runs import FINAL_STATES, RUN_KINDS, RUN_STATES, Edit, Function, Run

__all__ = [
    "NAMING_CONVENTION", "ROLES", "RUN_KINDS", "RUN_STATES", "FINAL_STATES", "SUBMISSION_STATES",
    "ApiToken", "AuditEvent", "AuditEventImmutable", "Base", "Candidate", "Edit", "Function",
    "InventoryVersion", "MatchProposal", "Organisation", "OrganisationMember", "Placement",
    "Rating", "ReviewDecision", "ReviewSubmission", "Run", "User", "utcnow",
]
