"""Who may open what: role declarations, the one central check, and scoped loaders.

Every view declares the roles it needs, with :func:`roles` / :func:`public` on the
view or :func:`guard_blueprint` once for a whole blueprint (a view's own declaration
wins). :func:`check_access` runs before any view code: not logged in → the login page;
wrong role → 403; an endpoint that declares nothing → 403 as well (and a test walks
the URL map so that never ships).

Scope lives in the query, not after it: each ``load_*`` selects only what the current
user may see and answers 404 otherwise, so whether an object exists never leaks.
List pages use the matching ``visible_*`` selects, so lists and pages agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import Select, exists, false, select
from werkzeug.wrappers import Response

from web import db as storage
from web.models import (
    ROLES,
    Candidate,
    Function,
    InventoryVersion,
    Organisation,
    OrganisationMember,
    ReviewSubmission,
    Run,
    User,
)

CONSULTANT, JOB_COACH, UWV_ADVISOR, ADMIN = ROLES
PUBLIC: frozenset[str] = frozenset({"<public>"})
"""The declaration of a page anyone may open (login, health check, static files)."""

ROLE_HOME: dict[str, str] = {
    CONSULTANT: "consultant.index",
    JOB_COACH: "coach.index",
    UWV_ADVISOR: "review.index",
    ADMIN: "admin.users",
}
"""Each role's landing page (the consultant's comes from the consultant blueprint)."""

NAV: dict[str, tuple[tuple[str, str], ...]] = {
    CONSULTANT: (("consultant.index", "web.nav.organisations"),),
    JOB_COACH: (("coach.index", "web.nav.caseload"),),
    UWV_ADVISOR: (("review.index", "web.nav.review_queue"),),
    ADMIN: (("admin.users", "web.nav.users"),),
}
"""Navigation per role: (endpoint, catalogue code). Areas append their own entries;
an entry whose endpoint is not registered is left out of the menu."""

_NO_USER_ENDPOINTS = frozenset({"static", "healthz"})
F = TypeVar("F", bound=Callable[..., Any])
_ATTR = "required_roles"


def roles(*names: str) -> Callable[[F], F]:
    """Declare the roles that may open a view: ``@roles(CONSULTANT)``."""
    unknown = set(names) - set(ROLES)
    if unknown or not names:
        raise ValueError(f"unknown or no roles: {sorted(unknown)}")

    def mark(view: F) -> F:
        setattr(view, _ATTR, frozenset(names))
        return view

    return mark


def public(view: F) -> F:
    """Declare a view anyone may open, logged in or not."""
    setattr(view, _ATTR, PUBLIC)
    return view


def logged_in(view: F) -> F:
    """Declare a view every logged-in user may open, whatever the role."""
    return roles(*ROLES)(view)


def guard_blueprint(bp: Blueprint, *names: str) -> Blueprint:
    """Declare once the roles for every view of ``bp`` that declares none itself."""
    roles(*names)  # validates the names
    setattr(bp, _ATTR, frozenset(names))
    return bp


def declared_roles(app: Flask, endpoint: str) -> frozenset[str] | None:
    """The roles ``endpoint`` declares (on the view, else its blueprint), or None."""
    view = app.view_functions.get(endpoint)
    declared = getattr(view, _ATTR, None)
    if declared is None and "." in endpoint:
        bp = app.blueprints.get(endpoint.rsplit(".", 1)[0])
        declared = getattr(bp, _ATTR, None)
    return declared


def current_user() -> User | None:
    """The logged-in user of this request, or None."""
    return g.get("user")


def load_logged_in_user() -> None:
    """Set ``g.user`` from the session; an ended session (disabled, logged out elsewhere)
    is cleared here, before any view sees it."""
    g.user = None
    user_id = session.get("user_id")
    # The health check and static files must answer without a database round trip.
    if user_id is None or request.endpoint in _NO_USER_ENDPOINTS:
        return
    user = storage.session().get(User, user_id)
    if user is None or not user.active or session.get("session_version") != user.session_version:
        session.clear()
        return
    g.user = user


def check_access() -> Response | None:
    """The one central check (registered as ``before_request`` after the user loader)."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: Flask answers 404 itself
        return None
    declared = declared_roles(current_app, endpoint)
    if declared is None:
        current_app.logger.error("endpoint %s declares no roles; refused", endpoint)
        abort(403)
    if declared is PUBLIC:
        return None
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if user.role not in declared:
        abort(403)
    return None


def home_endpoint(user: User) -> str | None:
    """Where ``user`` lands after login (None when the role's area is not built yet)."""
    endpoint = ROLE_HOME.get(user.role)
    return endpoint if endpoint in current_app.view_functions else None


def nav_items(user: User | None) -> list[tuple[str, str]]:
    """The menu of ``user``'s role, only with endpoints that exist."""
    if user is None:
        return []
    return [(e, code) for e, code in NAV.get(user.role, ()) if e in current_app.view_functions]


# --- scoped selects: what the current user may see -------------------------------------

def _user() -> User:
    user = current_user()
    if user is None:  # loaders run only behind check_access; reaching here is a bug
        abort(404)
    return user


def _member_of(organisation_id_col: Any, user: User) -> Any:
    return exists().where(
        OrganisationMember.organisation_id == organisation_id_col,
        OrganisationMember.user_id == user.id,
    )


def visible_organisations() -> Select[Any]:
    """Organisations the user works for (an admin sees all; an advisor none)."""
    user = _user()
    stmt = select(Organisation).order_by(Organisation.name)
    if user.role == ADMIN:
        return stmt
    if user.role in (CONSULTANT, JOB_COACH):
        return stmt.where(_member_of(Organisation.id, user))
    return stmt.where(false())


def visible_functions() -> Select[Any]:
    """Functions: of one's organisations (consultant, coach); submitted ones (advisor)."""
    user = _user()
    stmt = select(Function).order_by(Function.id)
    if user.role in (CONSULTANT, JOB_COACH):
        return stmt.where(_member_of(Function.organisation_id, user))
    if user.role == UWV_ADVISOR:
        return stmt.where(exists().where(ReviewSubmission.function_id == Function.id))
    return stmt.where(false())


def visible_submissions() -> Select[Any]:
    """Review submissions: every one for an advisor, one's organisations' for a consultant."""
    user = _user()
    stmt = select(ReviewSubmission).order_by(ReviewSubmission.submitted_at.desc())
    if user.role == UWV_ADVISOR:
        return stmt
    if user.role == CONSULTANT:
        return stmt.where(_member_of(ReviewSubmission.organisation_id, user))
    return stmt.where(false())


def visible_candidates() -> Select[Any]:
    """Candidates: only a coach's own caseload (nobody else sees a candidate row)."""
    user = _user()
    stmt = select(Candidate).order_by(Candidate.pseudonym)
    if user.role == JOB_COACH:
        return stmt.where(Candidate.coach_id == user.id)
    return stmt.where(false())


# --- loaders: one object by id, in scope or 404 --------------------------------------

def _one(stmt: Select[Any]) -> Any:
    obj = storage.session().scalars(stmt.limit(1)).first()
    if obj is None:
        abort(404)
    return obj


def load_organisation(organisation_id: int) -> Organisation:
    """An organisation the user works for, else 404."""
    org: Organisation = _one(visible_organisations().where(Organisation.id == organisation_id))
    return org


def load_inventory_version(
    version_id: int, organisation: Organisation | None = None
) -> InventoryVersion:
    """An inventory version of one of the user's organisations (of ``organisation``
    when given: a version id under another organisation's URL is 404 too)."""
    orgs = visible_organisations().with_only_columns(Organisation.id)
    stmt = select(InventoryVersion).where(
        InventoryVersion.id == version_id, InventoryVersion.organisation_id.in_(orgs)
    )
    if organisation is not None:
        stmt = stmt.where(InventoryVersion.organisation_id == organisation.id)
    version: InventoryVersion = _one(stmt)
    return version


def load_run(run_id: int, organisation: Organisation | None = None) -> Run:
    """A run of one of the user's organisations (of ``organisation`` when given)."""
    orgs = visible_organisations().with_only_columns(Organisation.id)
    stmt = select(Run).where(Run.id == run_id, Run.organisation_id.in_(orgs))
    if organisation is not None:
        stmt = stmt.where(Run.organisation_id == organisation.id)
    run: Run = _one(stmt)
    return run


def load_function(function_id: int, run: Run | None = None) -> Function:
    """A function the user may see (see :func:`visible_functions`), of ``run`` when given."""
    stmt = visible_functions().where(Function.id == function_id)
    if run is not None:
        stmt = stmt.where(Function.run_id == run.id)
    function: Function = _one(stmt)
    return function


def load_submission(submission_id: int) -> ReviewSubmission:
    """A review submission the user may see, else 404."""
    sub: ReviewSubmission = _one(
        visible_submissions().where(ReviewSubmission.id == submission_id)
    )
    return sub


def load_candidate(candidate_id: int) -> Candidate:
    """One of the current coach's own candidates, else 404."""
    cand: Candidate = _one(visible_candidates().where(Candidate.id == candidate_id))
    return cand


def load_user(user_id: int) -> User:
    """Any account, for an admin only; else 404."""
    if _user().role != ADMIN:
        abort(404)
    user: User = _one(select(User).where(User.id == user_id))
    return user


def init_app(app: Flask) -> None:
    """Register the user loader and the central check, in that order, before any view."""
    app.before_request(load_logged_in_user)
    app.before_request(check_access)

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {"current_user": current_user(), "nav_items": nav_items(current_user())}
