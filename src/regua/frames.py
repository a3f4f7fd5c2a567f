"""DataFrame interop: regua rows and models to pandas or polars and back, with exact dtypes.

pandas and polars are optional (``pip install regua[pandas]`` / ``regua[polars]``) and imported
only inside these functions, so ``import regua`` never pays for them.

Column types, chosen so that nothing is lost on the way out or back:

==============================  ===============================  ===============================
value                           pandas                           polars
==============================  ===============================  ===============================
``Decimal`` (money, rates)      ``decimal128(38, s)[pyarrow]``   ``Decimal(38, s)``
``date``                        ``date32[day][pyarrow]``         ``Date``
aware ``datetime``              ``timestamp[us, tz=UTC]``        ``Datetime("us", "UTC")``
``int``, ``bool``, ``str``      ``int64``, ``bool``, ``string``  ``Int64``, ``Boolean``, ``String``
enums                           their string value               their string value
tuples, frozensets              ``object`` holding lists         ``List(...)``
nested models (``payments``)    ``object`` holding dicts         ``List(Struct(...))``
mappings (``contacts``)         ``object``: ``{key, value}``     ``List(Struct(key, value))``
==============================  ===============================  ===============================

Why pyarrow ``decimal128`` for pandas rather than an ``object`` column of ``Decimal``: it is
exact like ``Decimal`` (a scaled 128-bit integer), but sums and group-bys run vectorized in
Arrow instead of one Python object at a time, it writes to Parquet as a decimal, and it is the
same physical type polars uses, so a frame moves between the two without conversion. The scale
``s`` of a column is the largest number of decimal places among its values (2 for BRL money;
more for rates), so every value fits exactly; a column with no values gets scale 2.
Instants are stored in UTC: a column cannot hold one time zone per row, and an aware datetime
read back compares equal to the original (same instant).
Frozensets are written sorted, so the same data always gives the same frame.

Mappings are lists of ``{"key": ..., "value": ...}`` entries in both libraries (Arrow's map
layout): a column of dicts would become a Parquet struct of the union of their keys (read back
with nulls for the keys a row lacks) and cannot be written at all when every dict is empty.

Reading back accepts what a Parquet file gives in each library: numpy arrays (pandas' default
and ``numpy_nullable`` backends), Arrow values (``dtype_backend="pyarrow"``, polars), mappings
as entry lists or as dicts (a null value meaning the key is absent). Money must not arrive as
floats: a float column of a ``Decimal`` field (``read_csv`` makes one) is accepted only when
every value is exactly its printed decimal; otherwise one error names the column and says how
to read it (as text, or as ``Decimal``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from pydantic import AwareDatetime, BaseModel, FutureDate, PastDate, TypeAdapter

from regua._extras import require
from regua._inputs import many
from regua.batch import BatchResult, from_records
from regua.errors import InvalidInputError, ReguaError

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import polars as pl

__all__ = [
    "from_pandas",
    "from_polars",
    "records_to_pandas",
    "records_to_polars",
    "to_pandas",
    "to_polars",
]

M = TypeVar("M", bound=BaseModel)

_DEFAULT_SCALE = 2
_PRECISION = 38


@dataclass(frozen=True, slots=True)
class _Kind:
    """The column type of a field, independent of the DataFrame library."""

    name: str  # decimal, date, datetime, int, float, bool, str, list, struct, map, object
    item: _Kind | None = None  # element kind of a list
    fields: tuple[tuple[str, _Kind], ...] = ()  # of a struct
    scale: int = _DEFAULT_SCALE  # of a decimal


_OBJECT = _Kind("object")


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return object
            annotation = args[0]
        else:
            return annotation


def _kind_of_annotation(annotation: Any) -> _Kind:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, frozenset, set):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if len(args) != 1:
            return _OBJECT
        return _Kind("list", item=_kind_of_annotation(args[0]))
    if origin is dict:
        return _Kind("map")
    if not isinstance(annotation, type):
        return _OBJECT
    if issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation):
        fields = tuple(
            (name, _kind_of_annotation(hint)) for name, hint in _field_types(annotation).items()
        )
        return _Kind("struct", fields=fields)
    if issubclass(annotation, Enum | str):
        return _Kind("str")
    for python_type, name in _SCALARS:
        if issubclass(annotation, python_type):
            return _Kind(name)
    return _OBJECT


# Order matters: bool is an int, datetime is a date. pydantic's constrained date and datetime
# types are marker classes at run time, not subclasses.
_SCALARS: tuple[tuple[type, str], ...] = (
    (AwareDatetime, "datetime"),
    (PastDate, "date"),
    (FutureDate, "date"),
    (bool, "bool"),
    (int, "int"),
    (float, "float"),
    (Decimal, "decimal"),
    (datetime, "datetime"),
    (date, "date"),
    (str, "str"),
)


def _scalar_name(value: Any) -> str:
    if isinstance(value, Enum | str):
        return "str"
    if isinstance(value, Mapping):
        return "struct"
    if isinstance(value, list | tuple | frozenset | set):
        return "list"
    for python_type, name in _SCALARS:
        if isinstance(value, python_type):
            return name
    return "object"


def _infer(values: Sequence[Any]) -> _Kind:
    """The kind of a column of plain values: nested dicts are structs (their keys the union of
    the keys seen), lists take the kind of their elements, ints mixed with floats are floats."""
    present = [v for v in values if v is not None]
    names = {_scalar_name(v) for v in present}
    if not names:
        return _Kind("str")
    if names == {"int", "float"}:
        return _Kind("float")
    if len(names) > 1:
        return _OBJECT
    name = names.pop()
    if name == "list":
        return _Kind("list", item=_infer([x for v in present for x in v]))
    if name == "struct":
        keys: dict[Any, None] = {}
        for v in present:
            keys.update(dict.fromkeys(v))
        if not all(isinstance(k, str) for k in keys):
            return _OBJECT
        return _Kind("struct", fields=tuple((k, _infer([v.get(k) for v in present])) for k in keys))
    return _with_scale(_Kind(name), present)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _with_scale(kind: _Kind, values: Iterable[Any]) -> _Kind:
    """Fill in decimal scales (largest places among the values), recursing into lists/structs."""
    if kind.name == "decimal":
        places = [_places(v) for v in values if isinstance(v, Decimal)]
        return _Kind("decimal", scale=max(places, default=_DEFAULT_SCALE))
    if kind.name == "list" and kind.item is not None:
        inner = [v for seq in values if seq is not None for v in seq]
        return _Kind("list", item=_with_scale(kind.item, inner))
    if kind.name == "struct":
        rows = [v for v in values if isinstance(v, Mapping)]
        fields = tuple(
            (name, _with_scale(sub, [r.get(name) for r in rows])) for name, sub in kind.fields
        )
        return _Kind("struct", fields=fields)
    return kind


def _normalize(value: Any) -> Any:
    """Plain Python values: enums to their value, frozensets sorted, tuples to lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted((_normalize(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_normalize(v) for v in value]
    if isinstance(value, Mapping):
        return {_normalize(k): _normalize(v) for k, v in value.items()}
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _columns(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    rows = list(many(records, "mappings (rows)", "records"))
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return {name: [_normalize(row.get(name)) for row in rows] for name in names}


def _kinds_from_values(columns: Mapping[str, list[Any]]) -> dict[str, _Kind]:
    return {name: _infer(values) for name, values in columns.items()}


def _field_types(model: type[Any]) -> dict[str, Any]:
    """The fields of a model or of a result dataclass, in order, with their annotations."""
    if issubclass(model, BaseModel):
        return {name: info.annotation for name, info in model.model_fields.items()}
    hints = typing.get_type_hints(model, include_extras=True)
    return {field.name: hints[field.name] for field in dataclasses.fields(model)}


def _kinds_from_model(model: type[Any], columns: Mapping[str, list[Any]]) -> dict[str, _Kind]:
    return {
        name: _with_scale(_kind_of_annotation(hint), columns[name])
        for name, hint in _field_types(model).items()
    }


def _dump(item: Any) -> dict[str, Any]:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="python")
    dumped: dict[str, Any] = TypeAdapter(type(item)).dump_python(item, mode="python")
    return dumped


def _model_columns(
    items: Iterable[Any], model: type[Any] | None
) -> tuple[dict[str, list[Any]], dict[str, _Kind]]:
    rows = list(many(items, "regua models", "items"))
    if model is None:
        if not rows:
            raise ReguaError("to_pandas/to_polars: pass model= when items may be empty")
        model = type(rows[0])
    if not (
        isinstance(model, type)
        and (issubclass(model, BaseModel) or dataclasses.is_dataclass(model))
    ):
        raise ReguaError(f"model: expected a regua model or result type, got {model!r}")
    for i, item in enumerate(rows):
        if not isinstance(item, model):
            raise ReguaError(f"items[{i}]: expected {model.__name__}, got {type(item).__name__}")
    names = list(_field_types(model))
    columns: dict[str, list[Any]] = {name: [] for name in names}
    for item in rows:
        dumped = _dump(item)
        for name in names:
            # A field left out of dumps when empty (an action's fee) is still a column.
            value = dumped[name] if name in dumped else getattr(item, name)
            columns[name].append(_normalize(value))
    return columns, _kinds_from_model(model, columns)


# pandas ---------------------------------------------------------------------------------------


def _pandas_frame(columns: Mapping[str, list[Any]], kinds: Mapping[str, _Kind]) -> pd.DataFrame:
    pd = require("pandas", "pandas")
    pa = require("pyarrow", "pandas")
    data = {}
    for name, values in columns.items():
        kind = kinds[name]
        arrow_type = {
            "decimal": pa.decimal128(_PRECISION, kind.scale),
            "date": pa.date32(),
            "datetime": pa.timestamp("us", tz="UTC"),
            "int": pa.int64(),
            "float": pa.float64(),
            "bool": pa.bool_(),
            "str": pa.string(),
        }.get(kind.name)
        if arrow_type is None:
            if _has_map(kind):
                values = [_map_entries(kind, v) for v in values]
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.Series(
                pa.array(values, type=arrow_type), dtype=pd.ArrowDtype(arrow_type)
            )
    return pd.DataFrame(data, columns=list(columns))


def _has_map(kind: _Kind) -> bool:
    if kind.name == "map":
        return True
    if kind.item is not None:
        return _has_map(kind.item)
    return any(_has_map(sub) for _, sub in kind.fields)


def _map_entries(kind: _Kind, value: Any) -> Any:
    """``value`` with its mappings as lists of ``{key, value}`` entries (the rest unchanged)."""
    if value is None:
        return None
    if kind.name == "map":
        return [{"key": str(k), "value": None if v is None else str(v)} for k, v in value.items()]
    if kind.name == "list" and kind.item is not None:
        return [_map_entries(kind.item, v) for v in value]
    if kind.name == "struct":
        return {name: _map_entries(sub, value.get(name)) for name, sub in kind.fields}
    return value


def records_to_pandas(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A pandas DataFrame of plain rows (``list[dict]``), one column per key, exact dtypes.

    Column types come from the values (see the module docs): ``Decimal`` stays exact.

    >>> from decimal import Decimal
    >>> df = records_to_pandas([{"bucket": "1-5", "amount": Decimal("10.50")},
    ...                         {"bucket": "6-30", "amount": Decimal("2.25")}])
    >>> str(df["amount"].dtype), df["amount"].sum()
    ('decimal128(38, 2)[pyarrow]', Decimal('12.75'))
    """
    columns = _columns(records)
    return _pandas_frame(columns, _kinds_from_values(columns))


def to_pandas(items: Iterable[Any], model: type[Any] | None = None) -> pd.DataFrame:
    """A pandas DataFrame of regua models or results (``explain(...).rows``, rendered messages
    …), one column per field, typed from the model or the result's dataclass.

    ``model`` is needed only when ``items`` may be empty (the columns come from its fields).

    >>> from regua.samples import sample_invoices
    >>> df = to_pandas(sample_invoices())
    >>> str(df["amount"].dtype), str(df["due_date"].dtype), len(df)
    ('decimal128(38, 2)[pyarrow]', 'date32[day][pyarrow]', 72)
    >>> from_pandas(df, type(sample_invoices()[0])) == sample_invoices()
    True
    """
    columns, kinds = _model_columns(items, model)
    return _pandas_frame(columns, kinds)


def _model_kinds(model: type[BaseModel]) -> dict[str, _Kind]:
    return {name: _kind_of_annotation(info.annotation) for name, info in model.model_fields.items()}


def _plain(kind: _Kind, value: Any) -> Any:
    """A frame cell as the plain value the model validates: nulls to None, numpy and pandas
    scalars and arrays to Python values, mapping entries (or a struct's non-null keys) to a dict,
    and a nested struct's nulls left out so that its fields take their defaults."""
    if value is None:
        return None
    module = type(value).__module__
    if module.startswith(("numpy", "pandas")):
        value = _from_library(value)
        if value is None:
            return None
    elif isinstance(value, float) and value != value:
        return None
    if kind.name == "map":
        if isinstance(value, Mapping):
            return {k: _plain(_OBJECT, v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            entries = [e for e in value if isinstance(e, Mapping)]
            if len(entries) == len(value):
                return {
                    e["key"]: _plain(_OBJECT, e["value"])
                    for e in entries
                    if e.get("value") is not None
                }
        return value
    if kind.name == "list" and kind.item is not None and isinstance(value, list):
        return [_plain(kind.item, v) for v in value]
    if kind.name == "struct" and isinstance(value, Mapping):
        known = dict(kind.fields)
        plain = {k: _plain(known.get(k, _OBJECT), v) for k, v in value.items()}
        return {k: v for k, v in plain.items() if v is not None}
    if isinstance(value, list):
        return [_plain(_OBJECT, v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(_OBJECT, v) for k, v in value.items()}
    return value


def _from_library(value: Any) -> Any:
    """A numpy or pandas value as a Python one (arrays as lists); None for a null."""
    pd = require("pandas", "pandas")
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    tolist = getattr(value, "tolist", None)
    if getattr(value, "ndim", 0) and callable(tolist):  # an array (Parquet list cells)
        return list(tolist())
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item):
        plain = item()
        return None if isinstance(plain, float) and plain != plain else plain
    return value


@overload
def from_pandas(df: pd.DataFrame, model: type[M], *, errors: Literal["raise"] = ...) -> list[M]: ...


@overload
def from_pandas(
    df: pd.DataFrame, model: type[M], *, errors: Literal["collect"]
) -> BatchResult[M]: ...


def from_pandas(
    df: pd.DataFrame, model: type[M], *, errors: Literal["raise", "collect"] = "raise"
) -> list[M] | BatchResult[M]:
    """Validate every row of ``df`` into ``model``; the inverse of :func:`to_pandas`.

    A null in a column whose field has a default means the default. ``errors`` works as in
    :func:`regua.batch.from_records`: a bad row raises :class:`~regua.errors.InvalidInputError`
    naming its position and field, or with ``"collect"`` the good rows come back in a
    :class:`~regua.batch.BatchResult` with one error per bad row.
    """
    _frame(df, "pandas", "itertuples")
    kinds = _model_kinds(model)
    names = [str(c) for c in df.columns]
    floats = [name for name in names if _is_float(kinds, name, df[name].dtype)]
    for name in floats:
        _check_float_money(name, df[name].tolist(), _PANDAS_HINT)
    return _validate(model, _pandas_rows(df, names, kinds), errors)


_PANDAS_HINT = (
    "read it as text (pandas.read_csv(..., dtype={{{name!r}: str}})) "
    "or as Decimal (converters={{{name!r}: decimal.Decimal}})"
)
_POLARS_HINT = (
    "read it as text (polars.read_csv(..., schema_overrides={{{name!r}: polars.String}})) "
    "or cast it to polars.Decimal before the floats are made"
)


def _is_float(kinds: Mapping[str, _Kind], name: str, dtype: Any) -> bool:
    kind = kinds.get(name)
    return kind is not None and kind.name == "decimal" and "float" in str(dtype).lower()


def _check_float_money(name: str, values: Iterable[Any], hint: str) -> None:
    """Refuse a float column of a money field unless every value is exactly what it prints.

    Checked once per column, before the rows: otherwise every noisy row fails on its own and
    no message says that the column was read the wrong way.
    """
    for i, value in enumerate(values):
        if isinstance(value, float) and value == value and Decimal(value) != Decimal(repr(value)):
            raise InvalidInputError(
                name,
                f"the column holds floats, and rows[{i}] ({value!r}) has no exact binary value; "
                f"money must be read exactly: {hint.format(name=name)}",
            )


def _pandas_rows(
    df: pd.DataFrame, names: list[str], kinds: Mapping[str, _Kind]
) -> Iterator[dict[str, Any]]:
    columns = [(name, kinds.get(name, _OBJECT)) for name in names]
    return (
        {name: _plain(kind, v) for (name, kind), v in zip(columns, values, strict=True)}
        for values in df.itertuples(index=False, name=None)
    )


# polars ---------------------------------------------------------------------------------------


def _polars_dtype(pl: Any, kind: _Kind) -> Any:
    simple = {
        "date": pl.Date,
        "datetime": pl.Datetime("us", "UTC"),
        "int": pl.Int64,
        "float": pl.Float64,
        "bool": pl.Boolean,
        "str": pl.String,
    }
    if kind.name == "decimal":
        return pl.Decimal(_PRECISION, kind.scale)
    if kind.name in simple:
        return simple[kind.name]
    if kind.name == "list" and kind.item is not None:
        inner = _polars_dtype(pl, kind.item)
        return None if inner is None else pl.List(inner)
    if kind.name == "struct":
        fields = {name: _polars_dtype(pl, sub) for name, sub in kind.fields}
        if any(dtype is None for dtype in fields.values()):
            return None
        return pl.Struct(fields)
    if kind.name == "map":
        return pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    return None


def _polars_frame(columns: Mapping[str, list[Any]], kinds: Mapping[str, _Kind]) -> pl.DataFrame:
    polars = require("polars", "polars")
    series = []
    for name, values in columns.items():
        kind = kinds[name]
        dtype = _polars_dtype(polars, kind)
        if dtype is None:
            series.append(polars.Series(name, values, dtype=polars.Object))
        else:
            converted = [_map_entries(kind, v) for v in values]
            series.append(polars.Series(name, converted, dtype=dtype, strict=True))
    frame: pl.DataFrame = polars.DataFrame(series)
    return frame


def records_to_polars(records: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A polars DataFrame of plain rows (``list[dict]``), one column per key, exact dtypes.

    >>> from decimal import Decimal
    >>> df = records_to_polars([{"bucket": "1-5", "amount": Decimal("10.50")},
    ...                         {"bucket": "6-30", "amount": Decimal("2.25")}])
    >>> str(df.schema["amount"]), df["amount"].sum()
    ('Decimal(precision=38, scale=2)', Decimal('12.75'))
    """
    columns = _columns(records)
    return _polars_frame(columns, _kinds_from_values(columns))


def to_polars(items: Iterable[Any], model: type[Any] | None = None) -> pl.DataFrame:
    """A polars DataFrame of regua models or results (``explain(...).rows``, rendered messages
    …), one column per field, typed from the model or the result's dataclass.

    Mappings such as ``Customer.contacts`` become lists of ``{key, value}`` structs (Arrow's
    map layout), nested models such as ``Invoice.payments`` lists of structs.

    >>> from regua.samples import sample_customers
    >>> df = to_polars(sample_customers())
    >>> from_polars(df, type(sample_customers()[0])) == sample_customers()
    True
    """
    columns, kinds = _model_columns(items, model)
    return _polars_frame(columns, kinds)


@overload
def from_polars(df: pl.DataFrame, model: type[M], *, errors: Literal["raise"] = ...) -> list[M]: ...


@overload
def from_polars(
    df: pl.DataFrame, model: type[M], *, errors: Literal["collect"]
) -> BatchResult[M]: ...


def from_polars(
    df: pl.DataFrame, model: type[M], *, errors: Literal["raise", "collect"] = "raise"
) -> list[M] | BatchResult[M]:
    """Validate every row of ``df`` into ``model``; the inverse of :func:`to_polars`.

    Nulls and ``errors`` as in :func:`from_pandas`.
    """
    _frame(df, "polars", "iter_rows")
    kinds = _model_kinds(model)
    for name, dtype in df.schema.items():
        if _is_float(kinds, name, dtype):
            _check_float_money(name, df[name].to_list(), _POLARS_HINT)
    rows = (
        {name: _plain(kinds.get(name, _OBJECT), v) for name, v in row.items()}
        for row in df.iter_rows(named=True)
    )
    return _validate(model, rows, errors)


# both -----------------------------------------------------------------------------------------


def _frame(df: object, library: str, method: str) -> None:
    if not callable(getattr(df, method, None)) or isinstance(df, type):
        raise InvalidInputError("df", f"expected a {library} DataFrame, got {type(df).__name__}")


def _validate(
    model: type[M], rows: Iterable[dict[str, Any]], errors: Literal["raise", "collect"]
) -> list[M] | BatchResult[M]:
    optional = {name for name, info in model.model_fields.items() if not info.is_required()}
    cleaned = ({k: v for k, v in row.items() if v is not None or k not in optional} for row in rows)
    if errors == "collect":
        return from_records(cleaned, model, errors="collect")
    if errors != "raise":
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    return from_records(cleaned, model)
