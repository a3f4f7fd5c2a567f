"""Built-in message packs: every template id in every tone and in pt_BR, en and es.

>>> sorted(BUILTIN_LOCALES)
['en', 'es', 'pt_BR']
>>> default_template_id(ActionKind.MESSAGE, -3), default_template_id(ActionKind.MESSAGE, 20)
('reminder_before_due', 'overdue_late')
>>> builtin_template("due_today", locale="pt-BR", tone="friendly").subject
'Hoje é o dia do vencimento'
"""

from __future__ import annotations

from types import MappingProxyType

from babel.core import Locale

from regua._inputs import as_member
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import ActionKind
from regua.templates.builtin import en, es, pt_br
from regua.templates.builtin._pack import TONES, Pack, Tone
from regua.templates.formats import normalize_locale
from regua.templates.template import Template

__all__ = [
    "BUILTIN_LOCALES",
    "BUILTIN_TEMPLATE_IDS",
    "OVERDUE_EARLY_MAX_DAYS",
    "TONES",
    "Tone",
    "builtin_template",
    "default_template_id",
    "pack_locale",
    "template_for",
]

BUILTIN_TEMPLATE_IDS: frozenset[str] = frozenset(
    {
        "reminder_before_due",
        "due_today",
        "overdue_early",
        "overdue_late",
        "call_script",
        "formal_notice",
        "bureau_notice",
        "bureau_listing",
        "protest_notice",
        "handoff_notice",
        "suspension_notice",
        "agreement_proposal",
        "agreement_installment_reminder",
        "broken_agreement",
        "broken_promise",
    }
)
"""Ids of the built-in templates; each exists in every tone and every built-in locale."""

_PACKS: MappingProxyType[str, Pack] = MappingProxyType(
    {pack.locale: pack for pack in (pt_br.PACK, en.PACK, es.PACK)}
)
BUILTIN_LOCALES: frozenset[str] = frozenset(_PACKS)

OVERDUE_EARLY_MAX_DAYS = 14
"""A plain message up to this many days late uses ``overdue_early``, later ``overdue_late``."""

_BY_ACTION = {
    ActionKind.CALL_TASK: "call_script",
    ActionKind.FORMAL_NOTICE: "formal_notice",
    ActionKind.BUREAU_NOTICE: "bureau_notice",
    ActionKind.BUREAU_LISTING: "bureau_listing",
    ActionKind.PROTEST: "protest_notice",
    ActionKind.HANDOFF: "handoff_notice",
    ActionKind.SUSPEND_SERVICE: "suspension_notice",
    # A lawsuit is filed by whoever took the case over; the debtor is told who that is.
    ActionKind.LEGAL: "handoff_notice",
}


def default_template_id(action: ActionKind | str, days_overdue: int) -> str:
    """The built-in template for a step that names none.

    A plain message picks by timing: before the due date, on it, up to
    :data:`OVERDUE_EARLY_MAX_DAYS` late, or later.
    """
    kind = as_member(action, ActionKind, "action")
    if kind is not ActionKind.MESSAGE:
        return _BY_ACTION[kind]
    if days_overdue < 0:
        return "reminder_before_due"
    if days_overdue == 0:
        return "due_today"
    if days_overdue <= OVERDUE_EARLY_MAX_DAYS:
        return "overdue_early"
    return "overdue_late"


#: The built-in messages whose text states when the debt is due: before (-1), on (0) or
#: after (1) the due date.
_TIMING = {"reminder_before_due": -1, "due_today": 0, "overdue_early": 1, "overdue_late": 1}


def template_for(named: str | None, action: ActionKind | str, days_overdue: int) -> str:
    """The template an action uses: the one its step names, else :func:`default_template_id`.

    The one place that makes this choice, for the engine's actions and for rendering an action
    that names no template. A step that names a built-in message stating the timing (a
    reminder "due in 3 days") gets the one for the action's own timing when they disagree:
    planned after its window closed, a reminder may go on the due date, and must not tell the
    debtor that paying on time still avoids the fine.

    >>> template_for(None, "bureau_notice", 31), template_for("my_notice", "bureau_notice", 31)
    ('bureau_notice', 'my_notice')
    >>> [template_for("reminder_before_due", "message", days) for days in (-2, 0, 3)]
    ['reminder_before_due', 'due_today', 'overdue_early']
    """
    if named is None:
        return default_template_id(action, days_overdue)
    timing = _TIMING.get(named)
    if timing is not None and timing != (days_overdue > 0) - (days_overdue < 0):
        return default_template_id(ActionKind.MESSAGE, days_overdue)
    return named


def pack_locale(locale: str) -> str:
    """The built-in pack serving ``locale``: ``pt``/``pt_PT`` → ``pt_BR``, ``en_GB`` → ``en``."""
    language = Locale.parse(normalize_locale(locale)).language
    for name in _PACKS:
        if name.split("_")[0] == language:
            return name
    raise InvalidInputError(
        "locale", f"no built-in messages for {quote(locale)}; built-in: {', '.join(sorted(_PACKS))}"
    )


def builtin_template(
    template_id: str, *, locale: str = "pt_BR", tone: Tone = "neutral"
) -> Template:
    """The built-in :class:`Template` ``template_id`` in the pack for ``locale``, in ``tone``."""
    if template_id not in BUILTIN_TEMPLATE_IDS:
        raise InvalidInputError("template", f"{quote(template_id)} is not a built-in template id")
    if tone not in TONES:
        raise InvalidInputError("tone", f"expected one of {', '.join(TONES)}, got {quote(tone)}")
    pack = _PACKS[pack_locale(locale)]
    subject, body, short = pack.texts(template_id, tone)
    return Template(id=template_id, locale=pack.locale, subject=subject, body=body, short=short)
