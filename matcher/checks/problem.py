"""A broken rule as data: code, subject and the message in Dutch and English.

Every evaluator in :mod:`matcher.checks` reports what it finds as :class:`Problem`
values. The code is a catalogue code (``check.…``); the messages are rendered from
:mod:`taskmodels.messages` when the problem is made, so a stored verdict reads the
same tomorrow without the catalogue at hand.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from taskmodels.messages import ParamValue, text


class Problem(BaseModel):
    """One broken rule.

    Attributes
    ----------
    code:
        The rule's catalogue code, e.g. ``check.match.lifting``.
    subject:
        What breaks it: a function (``FN-KEU-1``), a task (``T3``) or a pair
        (``K1 -> FN-KEU-1``).
    message_nl, message_en:
        The rule's message, rendered in each language.
    params:
        The message's parameters, so a reader can render it again in their own
        language (``msg(code, **params)``).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    subject: str
    message_nl: str
    message_en: str
    params: dict[str, ParamValue] = Field(default_factory=dict)

    def message(self, lang: str = "nl") -> str:
        """The message in ``lang`` (``nl`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_nl

    def __str__(self) -> str:
        return f"{self.subject}: {self.message_en}"


def problem(code: str, subject: str, **params: ParamValue) -> Problem:
    """A :class:`Problem` with both messages rendered from the catalogue code ``code``."""
    return Problem(code=code, subject=subject, message_nl=text(code, "nl", **params),
                   message_en=text(code, "en", **params), params=dict(params))
