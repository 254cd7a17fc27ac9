r"""Optimistic locking for edit forms: the version a form was opened on, checked on save.

Every edit form of a versioned object carries a hidden ``version`` field holding the
row's ``version`` (:class:`web.models.base.Versioned`) as it was when the form was
rendered; objects that are never updated but superseded (an inventory version, a
run's hand edits, proposals of a pair) carry the number or id of the newest one
instead. On save the view compares it with what is stored now. Why not rely on
SQLAlchemy's ``version_id_col`` alone: both requests read the row *fresh*, so the
ORM only catches two saves racing within the same instant; a person who opened the
form ten minutes ago and saves after a colleague would otherwise overwrite the
colleague silently.

On a mismatch :func:`conflict_page` rolls the request's session back (so nothing of
this request is written, not even an audit entry added before the check) and renders
the 409 page: per field "your value" and "the value saved by <who> at <when>", a link
that reloads the current version (dropping the user's input) and a link back.

The check alone leaves a race: two requests that both read the stored version and
pass the check before either commits. The database settles it at the write. A
versioned row's ORM ``UPDATE … WHERE version = :read`` matches no row for the second
(PostgreSQL's row lock makes it wait for the first commit and then re-check; SQLite's
write lock makes it wait for the first commit), and the ``StaleDataError`` raised at
the request's commit is answered by :func:`lost_race`, the 409 page, instead of a 500.
What is superseded rather than updated needs a write that collides: a new inventory
version takes the next ``number``, which is unique per organisation (the view catches
the ``IntegrityError``); a hand edit of a proposal first :func:`claim`\ s its run
(bumps the run's ``version``), so of two edits made from the same newest edit only one
gets through. The loser at the commit sees the same field table as the early check: a
view that saves registers, with :func:`on_lost_race`, how to build its conflict page
from the stored row, and :func:`lost_race` runs that after the rollback, on the row
as the winner left it.

Who and when come from the row itself where it records them (an inventory version's
``created_by_id``/``created_at``, an edit's ``user_id``/``created_at``, a decision's
``decided_by_id``/``decided_at``), else from the newest audit event of the object
(:func:`last_audited`); no extra ``updated_by`` column was needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from flask import g, render_template, session
from sqlalchemy import select, update
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.wrappers import Response

from taskmodels.messages import format_plain
from web import db as storage
from web.i18n import current_lang, t
from web.models import AuditEvent, User
from web.models.base import Versioned

CONFLICT_STATUS = 409

_REBUILD = "_conflict_if_lost"
"""Key in ``g``: how to show this request's conflict should its save lose at the commit."""

_AT_COMMIT = "_conflict_at_commit"
"""Key in ``g``: set while :func:`lost_race` builds the page (it adds a sentence)."""

RowT = TypeVar("RowT", bound=Versioned)


@dataclass(frozen=True)
class Difference:
    """One field whose submitted value differs from the stored one (texts ready to show)."""

    label: str
    yours: str
    saved: str


@dataclass(frozen=True)
class Saver:
    """Who saved the version now stored, and when (either may be unknown)."""

    who: str | None = None
    when: datetime | None = None


@dataclass(frozen=True)
class Conflict:
    """What the 409 page shows: the differences, the saver, where to go next."""

    differences: list[Difference]
    saver: Saver
    reload_url: str
    back_url: str
    extra: list[str] = field(default_factory=list)


def submitted_version(raw: Any) -> int | None:
    """The version a form sent back, or None when absent or not a whole number."""
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def sent(form_field: Any) -> str | None:
    """What the request really sent for a hidden field (None when it sent nothing).

    Read from ``raw_data`` on purpose: a form built with ``obj=row`` falls back to the
    row's *current* version when the field is missing, which would let a request
    without a version pass the check.
    """
    raw = getattr(form_field, "raw_data", None)
    return str(raw[0]) if raw else None


def require_version(form: Any, current: int) -> bool:
    """True when the form sent its hidden ``version``; else a form error and False.

    A POST without it did not come from the form as rendered now (a page kept open
    from before, a hand-made request): nothing is saved, and the form is shown again
    with the error and the stored version ``current``, so the person can look and
    send it again.
    """
    if sent(form.version) is not None:
        return True
    form.form_errors.append(t("web.conflict.stale_form"))
    form.version.data = str(current)  # shown again on the stored version
    return False


def show(value: Any) -> str:
    """A stored or submitted value as the conflict table writes it (page language)."""
    if value is None or value == "" or value == [] or value == ():
        return "–"
    if isinstance(value, bool):
        return t("web.yes") if value else t("web.no")
    if isinstance(value, int | float | Decimal):
        return format_plain(float(value), current_lang())
    if isinstance(value, list | tuple):
        return "; ".join(show(v) for v in value)
    return str(value)


def differences(fields: Iterable[tuple[str, Any, Any]]) -> list[Difference]:
    """``(label, yours, saved)`` triples reduced to those that differ, rendered.

    Compared after rendering, so ``20`` and ``20.0`` (a form's Decimal against a
    stored float) are not reported as a change.
    """
    out = []
    for label, yours, saved in fields:
        mine, theirs = show(yours), show(saved)
        if mine != theirs:
            out.append(Difference(label, mine, theirs))
    return out


def user_name(user_id: int | None) -> str | None:
    """The account name of ``user_id`` (None when unknown or deleted)."""
    if user_id is None:
        return None
    user = storage.session().get(User, user_id)
    return user.name if user is not None else None


def last_audited(object_type: str, object_id: int, actions: Sequence[str]) -> Saver:
    """Who last did one of ``actions`` to the object, and when, from the audit trail.

    Only change actions are asked for: the trail also records views, and the last
    person to *look* at a candidate is not the one who saved it.
    """
    event = storage.session().scalars(
        select(AuditEvent).where(AuditEvent.object_type == object_type,
                                 AuditEvent.object_id == str(object_id),
                                 AuditEvent.action.in_(list(actions)))
        .order_by(AuditEvent.id.desc()).limit(1)).first()
    if event is None:
        return Saver()
    return Saver(event.user_name, event.at)


def conflict_page(conflict: Conflict) -> tuple[str, int]:
    """Roll back everything this request did, then render the 409 page for ``conflict``.

    The differences were computed before the rollback; rendering afterwards only reads.
    Built for a save that lost at its commit (:func:`lost_race`), the page says so first:
    the other save came in at the same moment, not while the form was open.
    """
    storage.session().rollback()
    if g.get(_AT_COMMIT):
        conflict = replace(conflict, extra=[t("web.conflict.at_commit"), *conflict.extra])
    return render_template("errors/409.html", conflict=conflict), CONFLICT_STATUS


def check_version(current: int, submitted: Any, fields: Iterable[tuple[str, Any, Any]], *,
                  saver: Saver, reload_url: str, back_url: str,
                  extra: Sequence[str] = ()) -> tuple[str, int] | None:
    """None when the form was opened on the stored version, else the 409 page.

    Parameters
    ----------
    current
        The version stored now (a row's ``version``, or the newest number or id of
        what supersedes it).
    submitted
        The form's hidden ``version`` as sent (a missing or garbled one is a conflict
        too: the form was not opened on any known version).
    fields
        ``(label, your value, stored value)`` per field the form edits; only those
        that differ are shown.
    saver
        Who saved the stored version, and when.
    reload_url, back_url
        The edit form afresh (showing the stored version), and the page to go back to.
    extra
        Further sentences for the page (already rendered).

    Returns
    -------
    tuple[str, int] | None
        The rendered 409 page and its status, or None when there is no conflict.
    """
    if submitted_version(submitted) == current:
        return None
    return conflict_page(Conflict(differences(fields), saver, reload_url, back_url,
                                  list(extra)))


def claim(row: Versioned) -> bool:
    """Take ``row`` for this transaction: bump its ``version`` if it still holds the one
    this request read; False when another transaction changed it in between.

    One ``UPDATE … SET version = version + 1 WHERE id = :id AND version = :read``, so
    the check happens in the database at the write, where two racing requests are put
    in order: on PostgreSQL the second waits for the first's row lock and then matches
    no row, on SQLite it waits for the write lock and then matches no row. For writes
    that add rows instead of updating the row they depend on (a proposal's hand edits
    depend on the run), which ``version_id_col`` alone does not see. The in-memory
    version is moved on too, so a later ORM flush of ``row`` checks the bumped value.

    Call it after every read the version check is made of has happened: the version of
    ``row`` was read first (when it was loaded), so a commit in between can only make
    this return False (a conflict page), never let a stale save through.
    """
    db = object_session(row)
    assert db is not None, "claim needs a row loaded in a session"
    table = row.__table__  # type: ignore[attr-defined]
    read = row.version
    result = db.execute(update(table).where(table.c.id == row.id,  # type: ignore[attr-defined]
                                            table.c.version == read)
                        .values(version=table.c.version + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(row, "version", read + 1)
    return True


def stale_page() -> tuple[str, int]:
    """The 409 page without a field table (someone saved first; reload to see it)."""
    return render_template("errors/409.html"), CONFLICT_STATUS


def on_lost_race(model: type[RowT], row_id: int,
                 page: Callable[[RowT], tuple[str, int] | None]) -> None:
    """Say how to show this request's conflict, should its save lose at the commit.

    Call it when the view has made its change and is about to answer "saved". The
    differences cannot be computed then: the row the winner stores is only known after
    the commit failed. So :func:`lost_race` reloads row ``row_id`` of ``model`` in a
    fresh session, after the rollback, and calls ``page`` on it: the view's own conflict
    function (the one it called before saving, whose fields compare the submitted
    values, which the view must not have changed, with the row's), now on the winner's
    row and version.

    Parameters
    ----------
    model, row_id
        The versioned row the save updates (its ``version`` decides the race).
    page
        The view's conflict page for a stored row: ``check_version``'s answer, so None
        when the stored version is the one the form was opened on after all (then the
        page without a table is shown).
    """
    def rebuild() -> tuple[str, int] | None:
        row = storage.session().get(model, row_id)
        return page(row) if row is not None else None  # deleted meanwhile: no table

    setattr(g, _REBUILD, rebuild)


def lost_race(response: Response) -> Response:
    """``response`` turned into the 409 page: this request's save lost at its commit.

    Called by :mod:`web.db` after it rolled the request's session back. The view's
    response (mostly a redirect after a save) is rewritten in place rather than
    replaced, so the headers the other ``after_request`` hooks already set (the
    security headers, which run before the commit hook) stay. The view's flash
    ("saved") is dropped: nothing was saved. When the view registered its conflict
    page (:func:`on_lost_race`) the page has the field table, built from the row as
    the winner stored it (a new session: the request's own one is closed at the end of
    this hook); otherwise it says someone saved first and links back.
    """
    session.pop("_flashes", None)
    rebuild: Callable[[], tuple[str, int] | None] | None = g.pop(_REBUILD, None)
    setattr(g, _AT_COMMIT, True)
    try:
        page = rebuild() if rebuild is not None else None
    finally:
        g.pop(_AT_COMMIT, None)
    response.direct_passthrough = False
    response.set_data((page or stale_page())[0])
    response.status_code = CONFLICT_STATUS
    response.mimetype = "text/html"
    for header in ("Location", "Content-Disposition", "ETag", "Last-Modified"):
        response.headers.pop(header, None)
    return response
