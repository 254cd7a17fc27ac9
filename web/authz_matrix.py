"""The authorization matrix: every endpoint × role × own / another's object, as data.

One source of truth for who may open what:

* the server: :func:`verify` runs in ``create_app`` and refuses to start when a view's
  declared roles (``web.access``: what the central check enforces) differ from this
  table, so the check enforces exactly the matrix;
* the test ``tests/web/security/test_matrix.py`` walks every rule of ``app.url_map``
  for anonymous users and every role, on the user's own object and on another side's,
  asserting the status below and that no foreign object's identifying data (its
  pseudonym, display name, organisation name) appears in the body; an endpoint missing
  here fails that test.

Statuses: ``own`` is what a permitted role gets on an object of its own side (a GET,
or for a POST-only endpoint a POST with a valid CSRF token and no fields), ``other``
the same request on the other side's object (404: existence does not leak). A role not
in ``roles`` gets 403; an anonymous user is sent to the login page (302), except on
public endpoints, which answer ``own`` to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

PUBLIC = "<public>"
CONSULTANT, JOB_COACH, UWV_ADVISOR, ADMIN = "consultant", "job_coach", "uwv_advisor", "admin"
ALL = (CONSULTANT, JOB_COACH, UWV_ADVISOR, ADMIN)


@dataclass(frozen=True)
class Rule:
    """Who may open one endpoint, and what they get on their own and another's object."""

    roles: tuple[str, ...]
    own: int = 200
    other: int = 404
    method: str = "GET"
    other_for: tuple[tuple[str, int], ...] = ()
    """Per-role exceptions to ``other`` (e.g. the advisor sees every submission)."""

    def expected_other(self, role: str | None) -> int:
        """The status ``role`` gets on the other side's object."""
        return dict(self.other_for).get(role or "", self.other)


def _r(roles: tuple[str, ...] | str, own: int = 200, other: int = 404,
       method: str = "GET", **other_for: int) -> Rule:
    return Rule((roles,) if isinstance(roles, str) else roles, own, other, method,
                tuple(sorted(other_for.items())))


C, J, A = CONSULTANT, JOB_COACH, UWV_ADVISOR
CJ = (CONSULTANT, JOB_COACH)
CA = (CONSULTANT, UWV_ADVISOR)
# Lists and forms without an object in the URL show each user their own things only,
# so "other" there is the same page (200) and the body check does the work.
MATRIX: dict[str, Rule] = {
    # public and every logged-in user
    "static": _r(PUBLIC, other=200),
    "healthz": _r(PUBLIC, other=200),
    "auth.login": _r(PUBLIC, other=200),
    "auth.language": _r(PUBLIC, 302, 302, "POST"),
    "auth.home": _r(ALL, 302, 302),
    "auth.logout": _r(ALL, 302, 302, "POST"),
    # admin
    "admin.users": _r(ADMIN, other=200),
    "admin.audit": _r(ADMIN, other=200),
    # own: the admin's own account (refused: an admin cannot lock themself out, 302
    # back to the list); other: another account, disabled (302)
    "admin.user_disable": _r(ADMIN, 302, 302, "POST"),
    "admin.user_edit": _r(ADMIN, other=200),  # any account: the admin's own or another's
    # consultant
    "consultant.index": _r(C, other=200),
    "consultant.template": _r(C, other=200),
    "consultant.organisation_new": _r(C, other=200),
    "consultant.organisation": _r(C),
    "consultant.organisation_edit": _r(C),
    "consultant.compare": _r(C),
    "consultant.upload": _r(C),
    "consultant.version": _r(C),
    "consultant.task_edit": _r(C),
    "consultant.run_start": _r(C, 302, method="POST"),
    "consultant.run": _r(C),
    "consultant.run_progress": _r(C),
    "consultant.run_again": _r(C, 302, method="POST"),
    "consultant.run_cancel": _r(C, 302, method="POST"),
    "consultant.proposal_edit": _r(C),
    "consultant.effect": _r(C),
    "consultant.function": _r(C),
    "consultant.submit": _r(C, 302, method="POST"),
    "consultant.report": _r(C),
    "consultant.report_pdf": _r(C),
    "consultant.export_csv": _r(C),
    "consultant.export_xlsx": _r(C),
    # job coach (candidates: the own coach only)
    "coach.index": _r(J, other=200),
    "coach.create": _r(J, other=200),
    "coach.import_candidates": _r(J, other=200),
    "coach.candidate": _r(J),
    "coach.edit": _r(J),
    "coach.erase": _r(J),
    "coach.export": _r(J),
    "coach.monitor": _r(J),
    "coach.rate": _r(J),
    "coach.profile": _r(J),
    "coach.fit": _r(J),
    "coach.compute_fit": _r(J, 302, method="POST"),
    "coach.carve": _r(J, 302, method="POST"),
    "coach.propose": _r(J),
    "coach.answer": _r(J),
    # run_result / pool pages need a match or carve run; the walked world holds only a
    # redesign run, so "own" is 404 here too (the 200 is proven in tests/web/coach/).
    "coach.run_result": _r(J, 404),
    "coach.placements": _r(CJ),
    "coach.pool_new": _r(CJ),
    "coach.pool_run": _r(CJ, 404),
    "coach.pool_progress": _r(CJ, 404),
    "coach.pool_export": _r(CJ, 404),
    # UWV advisor: every submitted function is theirs to judge, so "other" is 200;
    # a consultant sees the history of their own organisation's functions only.
    "review.index": _r(A, other=200),
    "review.submission": _r(A, other=200),
    "review.history": _r(CA, uwv_advisor=200),
}


def allowed_roles(endpoint: str) -> frozenset[str] | None:
    """The roles the matrix permits on ``endpoint`` (``{PUBLIC}`` for public), or None."""
    rule = MATRIX.get(endpoint)
    return None if rule is None else frozenset(rule.roles)


def disagreements(app: Flask) -> list[str]:
    """Endpoints whose declared roles differ from the matrix (one line each)."""
    from web import access

    lines = []
    for endpoint in sorted(app.view_functions):
        expected = allowed_roles(endpoint)
        declared = access.declared_roles(app, endpoint)
        if expected is None or declared is None:
            continue  # missing either way: the matrix test names it
        declared_set = frozenset({PUBLIC}) if declared is access.PUBLIC else frozenset(declared)
        if declared_set != expected:
            lines.append(f"{endpoint}: declared {sorted(declared_set)}, matrix {sorted(expected)}")
    return lines


def verify(app: Flask) -> None:
    """Refuse to start an application whose role declarations disagree with the matrix."""
    wrong = disagreements(app)
    if wrong:
        raise RuntimeError("authorization matrix and role declarations disagree: "
                           + "; ".join(wrong))
