"""The coach's forms; every label and message is a catalogue code (``web.coach.…``)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


class CandidateForm(FlaskForm):
    """A candidate's matching data (FORMATS.md §1 ``candidates``), never a diagnosis."""

    version = HiddenField()  # editing: the row's version the form was opened on

    pseudonym = StringField(
        _l("web.coach.field.pseudonym"),
        validators=[InputRequired(message=_l("web.coach.error.pseudonym_required")),
                    Length(max=64, message=_l("web.coach.error.too_long")),
                    Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("web.coach.error.pseudonym_chars"))])
    display_name = StringField(_l("web.coach.field.display_name"),
                               validators=[Optional(), Length(max=200,
                                           message=_l("web.coach.error.too_long"))])
    min_hours = DecimalField(
        _l("web.coach.field.min_hours"), default=0, places=None,
        validators=[InputRequired(message=_l("web.coach.error.number")),
                    NumberRange(min=0, max=60, message=_l("web.coach.error.hours_range"))])
    max_hours = DecimalField(
        _l("web.coach.field.max_hours"), places=None,
        validators=[InputRequired(message=_l("web.coach.error.max_hours_required")),
                    NumberRange(min=0.5, max=60, message=_l("web.coach.error.hours_range"))])
    productivity = IntegerField(
        _l("web.coach.field.productivity"), default=100,
        validators=[InputRequired(message=_l("web.coach.error.number")),
                    NumberRange(min=1, max=100, message=_l("web.coach.error.productivity"))])
    level = IntegerField(
        _l("web.coach.field.level"), default=1,
        validators=[InputRequired(message=_l("web.coach.error.number")),
                    NumberRange(min=1, max=8, message=_l("web.coach.error.level"))])
    max_lifting_kg = DecimalField(
        _l("web.coach.field.max_lifting_kg"), default=25, places=None,
        validators=[InputRequired(message=_l("web.coach.error.number")),
                    NumberRange(min=0, max=100, message=_l("web.coach.error.lifting"))])
    evening_ok = BooleanField(_l("web.coach.field.evening_ok"), default=True)
    night_ok = BooleanField(_l("web.coach.field.night_ok"), default=False)
    weekend_ok = BooleanField(_l("web.coach.field.weekend_ok"), default=True)
    customer_contact_ok = BooleanField(_l("web.coach.field.customer_contact_ok"), default=True)
    prefers = StringField(_l("web.coach.field.prefers"),
                          validators=[Optional(), Length(max=500,
                                      message=_l("web.coach.error.too_long"))])
    avoids = StringField(_l("web.coach.field.avoids"),
                         validators=[Optional(), Length(max=500,
                                     message=_l("web.coach.error.too_long"))])

    def validate_max_hours(self, field: DecimalField) -> None:
        """The hours window must be a window: the minimum not above the maximum."""
        if field.data is not None and self.min_hours.data is not None \
                and self.min_hours.data > field.data:
            raise ValidationError(_l("web.coach.error.window"))

    def values(self) -> dict[str, object]:
        """The model's column values from the form."""
        return {
            "pseudonym": self.pseudonym.data.strip(),
            "display_name": (self.display_name.data or "").strip() or None,
            "min_hours": float(self.min_hours.data), "max_hours": float(self.max_hours.data),
            "productivity": int(self.productivity.data) / 100,
            "level": int(self.level.data), "max_lifting_kg": float(self.max_lifting_kg.data),
            "evening_ok": bool(self.evening_ok.data), "night_ok": bool(self.night_ok.data),
            "weekend_ok": bool(self.weekend_ok.data),
            "customer_contact_ok": bool(self.customer_contact_ok.data),
            "prefers": _split(self.prefers.data), "avoids": _split(self.avoids.data),
        }


class ImportForm(FlaskForm):
    """A candidates workbook (.xlsx), a candidates.csv, or a .zip of the csv files."""

    file = FileField(_l("web.coach.field.import_file"),
                     validators=[FileRequired(message=_l("web.coach.error.file_required"))])


class ActionForm(FlaskForm):
    """Only the CSRF token: buttons that change state (fit, carve) are POSTs."""


class ProposeForm(FlaskForm):
    """Propose a match; a reason is needed when the solver did not propose this pair.

    ``version``: the id of the newest proposal of this pair when opened (0: none), so
    a second tab or colleague does not propose the same pair twice unknowingly.
    """

    version = HiddenField()

    override_reason = TextAreaField(_l("web.coach.field.override_reason"),
                                    validators=[Optional(), Length(max=2000)])


class HoursField(DecimalField):
    """Weekly hours in a number input: one decimal, and a Dutch comma parses back.

    A number input's value is always written with a point (the browser shows it in
    the reader's own notation); a typed ``20,5`` (a browser without number inputs,
    a pasted value) still means twenty and a half hours rather than an error.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read ``20,5`` as ``20.5`` before the decimal conversion."""
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        if self.raw_data or self.data is None:
            return super()._value()
        return f"{float(self.data):.1f}".removesuffix(".0")


class AnswerForm(FlaskForm):
    """The candidate's own answer; an acceptance becomes a placement (start, hours)."""

    version = HiddenField()  # the proposal's version the form was opened on

    answer = RadioField(_l("web.coach.field.answer"),
                        choices=[SelectChoice("accept", _l("web.coach.answer.accept")),
                                 SelectChoice("decline", _l("web.coach.answer.decline"))],
                        validators=[InputRequired(message=_l("web.coach.error.answer_required"))])
    reason = TextAreaField(_l("web.coach.field.answer_reason"),
                           validators=[Optional(), Length(max=2000)])
    start_date = DateField(_l("web.coach.field.start_date"), validators=[Optional()])
    hours = HoursField(_l("web.coach.field.placement_hours"), places=None,
                         validators=[Optional(), NumberRange(min=0.5, max=60,
                                     message=_l("web.coach.error.hours_range"))])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        """Field checks, then the answer's own needs (run even where a field is empty,
        which ``Optional`` would otherwise stop): a decline carries the person's reason
        in their own words; an acceptance becomes a placement, so it needs its start
        date and weekly hours."""
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if self.answer.data == "decline" and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("web.coach.error.decline_reason")]
            ok = False
        if self.answer.data == "accept":
            if self.start_date.data is None and not self.start_date.errors:
                self.start_date.errors = [*self.start_date.errors, _l("web.coach.error.start_date")]
                ok = False
            if self.hours.data is None and not self.hours.errors:
                self.hours.errors = [*self.hours.errors, _l("web.coach.error.placement_hours")]
                ok = False
        return ok


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (a set of candidates to run a pool against)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PoolRunForm(FlaskForm):
    """A pool-aware match or carve for one organisation against chosen candidates."""

    kind = RadioField(_l("web.coach.field.pool_kind"),
                      choices=[SelectChoice("match", _l("web.coach.pool.kind_match")),
                               SelectChoice("carve", _l("web.coach.pool.kind_carve"))],
                      default="match", validators=[InputRequired()])
    candidates = MultiCheckboxField(
        _l("web.coach.field.pool_candidates"), coerce=int,
        validators=[InputRequired(message=_l("web.coach.error.pool_candidates"))])
    organisation_id = SelectField(_l("web.coach.field.organisation"), coerce=int,
                                  validators=[InputRequired()])
