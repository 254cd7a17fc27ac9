"""Forms of the consultant's area; labels and messages are catalogue codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from taskmodels.catalogue import DIMENSION_IDS


class OrganisationForm(FlaskForm):
    """Name and sector of an employer."""

    name = StringField(_l("web.consultant.org.name"), validators=[
        InputRequired(message=_l("web.consultant.org.name_required")), Length(max=200)])
    sector = StringField(_l("web.consultant.org.sector"), validators=[Optional(), Length(max=100)])
    version = HiddenField()  # the row's version the form was opened on (web.concurrency)


class UploadForm(FlaskForm):
    """An inventory workbook (.xlsx) or a folder of .csv files as a .zip."""

    file = FileField(_l("web.consultant.upload.file"), validators=[
        FileRequired(message=_l("web.consultant.upload.file_required")),
        FileAllowed(["xlsx", "zip"], message=_l("web.consultant.upload.file_kind")),
    ])
    note = StringField(_l("web.consultant.upload.note"), validators=[Optional(), Length(max=500)])


def _demand_field(dim: str) -> IntegerField:
    return IntegerField(_l(f"dim.{dim}"), validators=[
        InputRequired(message=_l("web.consultant.task.demand_required")),
        NumberRange(1, 5, message=_l("web.consultant.task.demand_range"))])


class TaskForm(FlaskForm):
    """What a consultant may change of a task: separable, core, hours, demands.

    ``version`` is the organisation's newest inventory version number when the form
    was opened: saving makes a new version from this one, so a newer one saved by
    someone else meanwhile is a conflict (``web.concurrency``).
    """

    version = HiddenField()
    separable = BooleanField(_l("web.consultant.task.separable"))
    core = BooleanField(_l("web.consultant.task.core"))
    hours_per_week = DecimalField(_l("web.consultant.task.hours"), places=2, validators=[
        InputRequired(message=_l("web.consultant.task.hours_required")),
        NumberRange(min=0.01, max=10000, message=_l("web.consultant.task.hours_range"))])


for _dim in DIMENSION_IDS:  # one field per catalogue dimension: d_pace, d_social, ...
    setattr(TaskForm, f"d_{_dim}", _demand_field(_dim))


class StartRunForm(FlaskForm):
    """Start a redesign of one inventory version."""

    time_limit = IntegerField(_l("web.consultant.run.time_limit"), default=10, validators=[
        InputRequired(message=_l("web.consultant.run.time_limit_required")),
        NumberRange(1, 600, message=_l("web.consultant.run.time_limit_range"))])
    # One worker and a fixed seed make a run reproducible: a re-run of an interrupted
    # run reaches the same result (stored in the run's options, reused by "run again").
    seed = IntegerField(_l("web.runs.option.seed"), default=0, validators=[
        Optional(), NumberRange(0, 2**31 - 1, message=_l("web.runs.option.seed_range"))])
    workers = IntegerField(_l("web.runs.option.workers"), default=1, validators=[
        Optional(), NumberRange(1, 8, message=_l("web.runs.option.workers_range"))])


class ActionForm(FlaskForm):
    """A button that changes state (cancel, submit for review): only the CSRF token."""


class SubmitForm(FlaskForm):
    """Submit a function for review: ``version`` is the proposal's newest hand edit id
    (0 for none) on the page, so what is submitted is what the consultant saw."""

    version = HiddenField()


class MoveForm(FlaskForm):
    """Move hours of a task between functions, or back to its current role."""

    action = HiddenField(default="move")
    version = HiddenField()  # the proposal's newest hand edit id (0: none) when opened
    task_id = SelectField(_l("web.consultant.edit.task"), validate_choice=True)
    from_role = SelectField(_l("web.consultant.edit.from_role"), validate_choice=True)
    to_role = SelectField(_l("web.consultant.edit.to_role"), validate_choice=True)
    hours = FloatField(_l("web.consultant.edit.hours"), validators=[
        InputRequired(message=_l("web.consultant.edit.hours_required")),
        NumberRange(min=0.01, message=_l("web.consultant.edit.hours_range"))])


class RemoveForm(FlaskForm):
    """Remove a new function (its hours go back to the current roles)."""

    action = HiddenField(default="remove")
    version = HiddenField()  # the proposal's newest hand edit id (0: none) when opened
    role_id = SelectField(_l("web.consultant.edit.function"), validate_choice=True)


class LockForm(FlaskForm):
    """Lock a task out of the redesign (it stays with its current role)."""

    action = HiddenField(default="lock")
    version = HiddenField()  # the proposal's newest hand edit id (0: none) when opened
    lock_task_id = SelectField(_l("web.consultant.edit.lock_task"), validate_choice=True)
