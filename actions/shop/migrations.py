"""Bring a database created by an earlier version up to schema.py.

`create_all` (SqlShopBackend.__init__) adds new tables but not new columns of existing ones.
`add_missing_columns` runs right after it on every start: it adds each column an existing
table lacks (only nullable ones, so old rows stay valid) and fills it from the data it
replaces (BACKFILL). There is no version table: a column that exists is taken as migrated.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from actions.shop import schema
from actions.shop.backend import COUPON, PARTIAL_REFUND


def add_missing_columns(engine: Engine) -> None:
    for table in schema.metadata.sorted_tables:
        for column in _missing_columns(engine, table):
            if not column.nullable:
                raise RuntimeError(f"{table.name}.{column.name} cannot be added to existing rows")
            added = False
            try:
                with engine.begin() as conn:
                    if conn.dialect.name == "sqlite":
                        # pysqlite runs DDL outside a transaction unless one is begun here: the
                        # column and its backfill must not be committed apart.
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    conn.execute(sa.text(_add_column_sql(engine, table, column)))
                    added = True
                    BACKFILL.get((table.name, column.name), _nothing)(conn)
            except DBAPIError:
                # Another process starting at the same time may have added it first.
                if added or column in _missing_columns(engine, table):
                    raise


def _missing_columns(engine: Engine, table: sa.Table) -> List[sa.Column]:
    existing = {c["name"] for c in sa.inspect(engine).get_columns(table.name)}
    return [c for c in table.columns if c.name not in existing]


def _add_column_sql(engine: Engine, table: sa.Table, column: sa.Column) -> str:
    quote = engine.dialect.identifier_preparer.quote
    column_type = column.type.compile(dialect=engine.dialect)
    return f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {column_type}"


def _nothing(conn: Connection) -> None:
    pass


# Before cases.compensation, a compensation was only a note in the case history (written by
# actions/feedback.py): "coupon SORRY-AB12CD 10%" or "partial refund 18.96 EUR".
_COUPON_NOTE = re.compile(r"^coupon (?P<coupon_code>\S+) (?P<coupon_percent>\d+)%$")
_PARTIAL_REFUND_NOTE = re.compile(r"^partial refund (?P<amount>\d+(?:\.\d+)?) (?P<currency>[A-Z]{3})$")


def compensation_from_notes(history: Any) -> Optional[Dict[str, Any]]:
    """The `cases.compensation` value of a case compensated before the column existed."""
    for entry in history or ():
        note = (entry.get("note") or "").strip()
        for kind, pattern in ((COUPON, _COUPON_NOTE), (PARTIAL_REFUND, _PARTIAL_REFUND_NOTE)):
            match = pattern.match(note)
            if match:
                record = {"kind": kind, "at": entry["at"], **match.groupdict()}
                if kind == COUPON:
                    record["coupon_percent"] = int(record["coupon_percent"])
                return record
    return None


def _backfill_case_compensation(conn: Connection) -> None:
    for row in conn.execute(sa.select(schema.cases.c.id, schema.cases.c.history)).mappings().all():
        record = compensation_from_notes(row["history"])
        if record is not None:
            conn.execute(
                schema.cases.update()
                .where(schema.cases.c.id == row["id"])
                .values(compensation=record)
            )


BACKFILL: Dict[Tuple[str, str], Callable[[Connection], None]] = {
    ("cases", "compensation"): _backfill_case_compensation,
}
