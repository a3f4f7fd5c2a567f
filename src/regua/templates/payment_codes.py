"""The Pix code and boleto line a message carries: the host's, checked, or a Pix code regua
generates for the action from the creditor's key."""

from __future__ import annotations

from collections.abc import Mapping

from regua.boleto import parse_line
from regua.errors import InvalidInputError, TemplateError
from regua.models import Action
from regua.money import check_places
from regua.pix import normalize_key, parse_brcode, txid_for
from regua.pix.brcode import MAX_AMOUNT
from regua.templates.creditor import Creditor

__all__ = ["payment_cautions", "payment_codes"]


def _host_code(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        if name == "pix_code":
            parse_brcode(value)
        else:
            parse_line(value)
    except InvalidInputError as err:
        what = "Pix code" if name == "pix_code" else "boleto line"
        raise TemplateError(f"context.{name}", f"is not a valid {what}: {err.reason}") from None
    return value


def payment_codes(
    data: Action | Mapping[str, object],
    supplied: Mapping[str, str],
    creditor: Creditor | None,
) -> dict[str, str]:
    """``pix_code`` and ``boleto_line`` for a message about ``data``.

    A code the host supplied (``supplied``: from the action's context or the mapping, as
    formatted and checked for size and control characters) is checked with
    :func:`~regua.pix.parse_brcode` or :func:`~regua.boleto.parse_line`; a bad one is a
    :class:`~regua.errors.TemplateError` naming ``context.pix_code`` or ``context.boleto_line``.
    Without a host Pix code, an :class:`~regua.models.Action` in reais with an amount due gets
    one from the creditor's ``pix_key``, for that amount, with :func:`~regua.pix.txid_for` the
    action as its txid. An action in another currency gets none (Pix pays reais only), nor one
    for more than the BR Code's 9,999,999,999.99 (:func:`payment_cautions` says so).
    """
    codes: dict[str, str] = {}
    for name in ("pix_code", "boleto_line"):
        code = _host_code(name, supplied.get(name))
        if code is not None:
            codes[name] = code
    if (
        "pix_code" not in codes
        and isinstance(data, Action)
        and _creditor_key_applies(data, creditor)
        and data.amount_due <= MAX_AMOUNT
    ):
        assert creditor is not None  # (the key applies)
        amount = check_places(data.amount_due, "BRL", "action.amount_due")
        codes["pix_code"] = creditor.pix_code(amount=amount, txid=txid_for(data))
    return codes


def _creditor_key_applies(action: Action, creditor: Creditor | None) -> bool:
    """Whether the creditor's Pix key is a way to pay ``action``: the creditor has one and
    the debt is in reais (an amount due is always above 0). Whether a code can carry the
    amount is the other half: :func:`payment_codes` makes one, :func:`payment_cautions` says
    why there is none."""
    return creditor is not None and creditor.pix_key is not None and action.currency == "BRL"


def payment_cautions(action: Action, creditor: Creditor | None) -> list[str]:
    """Where a code the host put in ``action.context`` (already checked as a code) disagrees
    with the message: a Pix code or boleto line for another amount than the action's (in
    reais), or a Pix code paying another key than the creditor's. Cautions, not errors: an
    updated total, or a second key of the creditor's, are lawful; a wrong or forged code is
    what they catch. Also a Pix code or a boleto line in reais on an action in another currency
    (the code pays another debt than the message states), and where the message has no Pix code
    although the creditor has a key: the amount due is more than a Pix code can carry (the
    message goes with the other ways to pay)."""
    cautions = []
    pix, boleto = action.context.get("pix_code"), action.context.get("boleto_line")
    in_reais = action.currency == "BRL"
    if not pix and _creditor_key_applies(action, creditor) and action.amount_due > MAX_AMOUNT:
        cautions.append(
            f"pix_code: none, the amount due {action.amount_due} is more than a Pix code can"
            f" carry ({MAX_AMOUNT})"
        )
    if pix:
        code = parse_brcode(pix)
        if not in_reais:
            cautions.append(f"pix_code: pays reais (BRL), but the action is in {action.currency}")
        if in_reais and code.amount is not None and code.amount != action.amount_due:
            cautions.append(
                f"pix_code: charges {code.amount}, not the action's amount due {action.amount_due}"
            )
        key = creditor.pix_key if creditor is not None else None
        if key is not None and code.key is not None and normalize_key(code.key).value != key:
            cautions.append(f"pix_code: pays the key {code.key}, not the creditor's {key}")
    if boleto:
        if not in_reais:
            cautions.append(
                f"boleto_line: pays reais (BRL), but the action is in {action.currency}"
            )
        amount = parse_line(boleto).amount
        if in_reais and amount is not None and amount != action.amount_due:
            cautions.append(
                f"boleto_line: charges {amount}, not the action's amount due {action.amount_due}"
            )
    return cautions
