"""The advisor's decision form; a return carries its reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError


class DecisionForm(FlaskForm):
    """Approve, or return with a reason the consultant can act on."""

    version = HiddenField()  # the submission's version the page was opened on

    verdict = RadioField(_l("web.review.field.verdict"),
                         choices=[SelectChoice("approved", _l("web.review.verdict.approved")),
                                  SelectChoice("returned", _l("web.review.verdict.returned"))],
                         validators=[InputRequired(message=_l("web.review.error.verdict"))])
    reason = TextAreaField(_l("web.review.field.reason"), validators=[Length(max=4000)])

    def validate_reason(self, field: TextAreaField) -> None:
        """A returned function needs a reason (the consultant must know what to change)."""
        if self.verdict.data == "returned" and not (field.data or "").strip():
            raise ValidationError(_l("web.review.error.reason"))
