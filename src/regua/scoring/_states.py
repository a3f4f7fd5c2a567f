"""The state of an invoice on a day, as collections views count it: an aging bucket while it is
open, ``prescribed`` once its debt prescribed (:mod:`regua.prescription`), ``paid`` once nothing
is owed; and the portfolio these views read, from models, mappings or a DataFrame.

Written-off debt is the prescribed state: regua's models carry no write-off, and the one debt a
creditor must stop collecting by law is the prescribed one (the host that writes off earlier
marks those invoices itself, with a tag, and groups by it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from regua._inputs import InvoiceIds, many
from regua.errors import InvalidInputError
from regua.limits import MAX_PRESCRIPTION_YEARS, quote
from regua.models import Invoice
from regua.models.invoice import paid_by
from regua.prescription import is_prescribed
from regua.scoring.metrics import AgingBucket, _buckets, _Currency

if TYPE_CHECKING:
    import polars as pl

__all__ = ["PAID", "PRESCRIBED", "States", "invoice_list", "table"]

PAID = "paid"
"""The state of an invoice on which nothing is owed (paid in full, or overpaid)."""
PRESCRIBED = "prescribed"
"""The state of an open invoice whose debt prescribed (no demand of any kind any more)."""


class States:
    """Bucket labels in order, then ``prescribed`` and ``paid``; :meth:`of` classifies."""

    __slots__ = ("buckets", "labels", "years")

    def __init__(
        self,
        buckets: Sequence[AgingBucket | tuple[str, int | None, int | None]],
        prescription_years: int,
    ) -> None:
        self.buckets = _buckets(buckets)
        if (
            isinstance(prescription_years, bool)
            or not isinstance(prescription_years, int)
            or not 1 <= prescription_years <= MAX_PRESCRIPTION_YEARS
        ):
            raise InvalidInputError(
                "prescription_years",
                f"must be a whole number from 1 to {MAX_PRESCRIPTION_YEARS}, "
                f"got {quote(prescription_years)}",
            )
        self.years = prescription_years
        names = [b.label for b in self.buckets]
        for reserved in (PRESCRIBED, PAID):
            if reserved in names:
                raise InvalidInputError("buckets", f"the label {reserved!r} is a state of its own")
        self.labels: tuple[str, ...] = (*names, PRESCRIBED, PAID)

    def of(self, invoice: Invoice, day: date) -> str:
        """The state of ``invoice`` at the end of ``day`` (payments after it ignored)."""
        return self.owing(invoice, day)[0]

    def owing(self, invoice: Invoice, day: date) -> tuple[str, Decimal]:
        """The state at the end of ``day`` and the balance owed then."""
        balance = invoice.amount - paid_by(invoice.amount, invoice.payments, day)
        if balance <= 0:
            return PAID, balance
        if invoice.due_date < day and is_prescribed(invoice.due_date, day, self.years):
            return PRESCRIBED, balance
        days = (day - invoice.due_date).days
        return next(b.label for b in self.buckets if b.holds(days)), balance

    def overdue(self, label: str) -> bool:
        """True for a state of past-due debt: a bucket after the first, or prescribed."""
        return label not in (PAID, self.buckets[0].label)


def invoice_list(invoices: object) -> list[Invoice]:
    """The invoices as models: a list (any iterable) of models or mappings, or a pandas or
    polars DataFrame of invoices (as :func:`regua.frames.to_polars` writes them); each invoice
    once (by customer and id), in one currency."""
    library = type(invoices).__module__.split(".", 1)[0]
    if library in ("polars", "pandas") and hasattr(invoices, "columns"):
        from regua import frames

        frame: Any = invoices
        reader = frames.from_polars if library == "polars" else frames.from_pandas
        items: Iterable[Any] = reader(frame, Invoice)
    else:
        items = many(invoices, Invoice, "invoices")  # type: ignore[arg-type]
    currency = _Currency()
    ids = InvoiceIds()
    out = []
    for i, item in enumerate(items):
        invoice = currency.check(item, i)
        ids.add(invoice.customer_id, invoice.id, i)
        out.append(invoice)
    return out


def table(records: list[dict[str, Any]], columns: Mapping[str, str]) -> pl.DataFrame:
    """A polars DataFrame of ``records`` with exact dtypes; ``columns`` name and type the
    columns of an empty table (``"str"``, ``"int"``, ``"date"``, ``"money"``, ``"share"``,
    ``"tenth"``, ``"bool"``)."""
    from regua._extras import require
    from regua.frames import records_to_polars

    lib = require("polars", "polars")
    dtypes = {
        "str": lib.String,
        "bool": lib.Boolean,
        "int": lib.Int64,
        "date": lib.Date,
        "money": lib.Decimal(38, 2),
        "share": lib.Decimal(38, 4),
        "tenth": lib.Decimal(38, 1),
    }
    if not records:
        empty = lib.DataFrame(schema={name: dtypes[kind] for name, kind in columns.items()})
        return cast("pl.DataFrame", empty)
    frame: pl.DataFrame = records_to_polars(records)
    # Each column of one type whatever the values, so that the tables of two periods stack: a
    # column of nulls only was text, a share of whole numbers Decimal(38, 0). Only ever
    # widened, never rounded: money keeps the places its values have (a dinar's three).
    fixed = []
    for name, kind in columns.items():
        dtype, want = frame.schema.get(name), dtypes[kind]
        if dtype is None or dtype == want:
            continue
        if frame.get_column(name).null_count() == frame.height or (
            isinstance(dtype, lib.Decimal)
            and isinstance(want, lib.Decimal)
            and kind != "money"
            and (dtype.scale or 0) < (want.scale or 0)
        ):
            fixed.append(lib.col(name).cast(want))
    return frame.with_columns(fixed)
