"""The UCI "Default of Credit Card Clients" data as regua invoices (no file is read here: the
caller reads the CSV, e.g. with :mod:`csv`, and passes its rows).

Data: Yeh, I-C. and Lien, C-H. (2009), Expert Systems with Applications 36(2):2473-2480; UCI
Machine Learning Repository, dataset 350 (CC BY 4.0). Card clients in Taiwan, repayment status
for April-September 2005 (``PAY_6`` .. ``PAY_0``), the bill of each month (``BILL_AMT6`` ..
``BILL_AMT1``, NT dollars) and whether they defaulted in October 2005.

Each client becomes six monthly invoices due on the 15th, April to September 2005. Status
``k >= 1`` ("payment delayed k months") means the bill was paid ``k`` months after its due date;
any other status (-2, -1, 0) means paid on the due date. A payment dated after the analysis
date is not known then: that invoice is still open, as the client still behind at the end of
the data. :data:`AS_OF` (2005-09-30) is the last day observed: every status is known, nothing
of October (the month whose default is predicted) is.

>>> row = {"ID": "7", "PAY_6": "0", "PAY_5": "0", "PAY_4": "-1", "PAY_3": "2", "PAY_2": "2",
...        "PAY_0": "1"}
>>> [(i.id, str(i.due_date), i.is_open(AS_OF)) for i in row_invoices(row)][3:]
[('7-200507', '2005-07-15', False), ('7-200508', '2005-08-15', True),
 ('7-200509', '2005-09-15', True)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from regua.errors import InvalidInputError
from regua.models import Invoice, Payment
from regua.money import DEFAULT_CURRENCY

__all__ = [
    "AS_OF",
    "BILL_COLUMNS",
    "DUE_DATES",
    "FLAT_AMOUNT",
    "STATUS_COLUMNS",
    "client_invoices",
    "row_invoices",
]

AS_OF = date(2005, 9, 30)
"""The analysis date: the last day of the observed months."""
DUE_DATES = tuple(date(2005, month, 15) for month in range(4, 10))
"""April to September 2005, on the 15th."""
STATUS_COLUMNS = ("PAY_6", "PAY_5", "PAY_4", "PAY_3", "PAY_2", "PAY_0")
"""The repayment status columns, in the order of :data:`DUE_DATES`."""
BILL_COLUMNS = ("BILL_AMT6", "BILL_AMT5", "BILL_AMT4", "BILL_AMT3", "BILL_AMT2", "BILL_AMT1")
"""The bill amount columns (NT dollars), in the order of :data:`DUE_DATES`."""
FLAT_AMOUNT = Decimal("100.00")
"""The amount of every invoice when amounts play no part (profiles and scores)."""


def client_invoices(
    client_id: str,
    statuses: Sequence[int],
    amounts: Sequence[Decimal] | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> list[Invoice]:
    """Six monthly invoices (fewer when an amount is not positive: nothing was billed); status
    ``k >= 1`` paid ``k`` months late, anything else on the due date. Without ``amounts`` each
    invoice is :data:`FLAT_AMOUNT` (in the default currency: the amounts mean nothing then)."""
    if len(statuses) != len(DUE_DATES):
        raise InvalidInputError("statuses", f"expected {len(DUE_DATES)} monthly statuses")
    bills = [FLAT_AMOUNT] * len(DUE_DATES) if amounts is None else list(amounts)
    if len(bills) != len(DUE_DATES):
        raise InvalidInputError("amounts", f"expected {len(DUE_DATES)} monthly amounts")
    invoices = []
    for due, status, amount in zip(DUE_DATES, statuses, bills, strict=True):
        if amount <= 0:
            continue
        paid = due + relativedelta(months=status) if status >= 1 else due
        invoices.append(
            Invoice(
                id=f"{client_id}-{due:%Y%m}",
                customer_id=client_id,
                currency=currency,
                amount=amount,
                due_date=due,
                payments=(Payment(date=paid, amount=amount),),
            )
        )
    return invoices


def row_invoices(row: Mapping[str, str], *, bills: bool = False) -> list[Invoice]:
    """The invoices of one CSV row (column name -> text); with ``bills`` each invoice is that
    month's bill in NT dollars (``BILL_AMT*``, currency ``TWD``; months with no positive bill
    left out)."""
    try:
        statuses = [int(row[column]) for column in STATUS_COLUMNS]
        amounts = (
            [Decimal(row[column]).quantize(Decimal("0.01")) for column in BILL_COLUMNS]
            if bills
            else None
        )
        client = str(row["ID"])
    except (KeyError, ValueError, ArithmeticError) as error:
        raise InvalidInputError("row", f"not a UCI client row: {error!r}") from None
    return client_invoices(client, statuses, amounts, "TWD" if bills else DEFAULT_CURRENCY)
