"""The columnar portfolio engine: ``regua.plan``'s decisions over tables (polars).

>>> import regua, regua.columnar, regua.frames
>>> from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
>>> result = regua.columnar.plan(
...     sample_schedule(),
...     regua.frames.to_polars(sample_customers()),
...     regua.frames.to_polars(sample_invoices()),
...     as_of=SAMPLE_AS_OF,
... )
>>> reference = regua.plan(
...     sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF
... )
>>> result.actions.get_column("id").to_list() == [a.id for a in reference.actions]
True
>>> result.rejects.height
0

Needs polars (``pip install regua[polars]``); importing this package without it raises an
ImportError that says so. See ``docs/performance.md`` for what runs on columns and what is
handed to the reference engine per customer.
"""

from regua.columnar.extra import require_polars

require_polars()

from regua.columnar.plan import ColumnarPlan, plan  # noqa: E402

__all__ = ["ColumnarPlan", "plan"]
