"""Default ShopBackend: any SQLAlchemy database (SQLite by default, PostgreSQL unchanged)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import string
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from actions.shop import lockout, migrations, schema
from actions.shop.backend import (
    CANCELLED,
    CASE_OPEN,
    NOT_YET_SHIPPED,
    Case,
    CaseChange,
    Compensation,
    Destination,
    Order,
    OrderItem,
    OrderNotChangeable,
    Payment,
    PaymentMethod,
    Product,
    ReturnPolicy,
    ShippingOption,
    ShopBackend,
    SizeChart,
    TrackingEvent,
    Variant,
    VariantUnavailable,
    VerificationLock,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "sqlite:///var/shop.sqlite"  # relative to the project root
CASE_ID_ALPHABET = string.ascii_uppercase + string.digits


def database_url() -> str:
    return os.environ.get("SHOP_DATABASE_URL") or DEFAULT_DATABASE_URL


def make_engine(url: Optional[str] = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path and path != ":memory:":
            if not os.path.isabs(path):  # relative SQLite paths are relative to the project
                path = str(PROJECT_ROOT / path)
                url = f"sqlite:///{path}"
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(url, future=True, connect_args={"check_same_thread": False})
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def new_case_id() -> str:
    return "C-" + "".join(secrets.choice(CASE_ID_ALPHABET) for _ in range(6))


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class SqlShopBackend(ShopBackend):
    def __init__(self, url: Optional[str] = None, engine: Optional[Engine] = None) -> None:
        self.engine = engine or make_engine(url)
        schema.metadata.create_all(self.engine)
        migrations.add_missing_columns(self.engine)

    # orders -------------------------------------------------------------
    def get_order(self, order_id: str) -> Optional[Order]:
        with self.engine.connect() as conn:
            return self._load_order(conn, (order_id or "").strip().upper())

    def cancel_order(self, order_id: str) -> Order:
        return self._update_unshipped_order(order_id, status=CANCELLED)

    def change_address(self, order_id: str, address: str) -> Order:
        return self._update_unshipped_order(order_id, shipping_address=address.strip())

    def change_item_variant(
        self, order_id: str, item_sku: str, size: Optional[str], colour: Optional[str]
    ) -> Order:
        with self.engine.begin() as conn:
            order = self._load_order(conn, order_id, for_update=True)
            if order is None or order.status not in NOT_YET_SHIPPED:
                raise OrderNotChangeable(order.status if order else "unknown")
            item = next(i for i in order.items if i.sku == item_sku)
            product = self._load_product(conn, item.product_sku)
            wanted = product.in_stock(size or item.size, colour or item.colour) if product else []
            if not wanted:
                raise VariantUnavailable(item_sku)
            new = wanted[0]
            conn.execute(
                schema.order_items.update()
                .where(schema.order_items.c.order_id == order.id)
                .where(schema.order_items.c.sku == item_sku)
                .values(sku=new.sku, size=new.size, colour=new.colour)
            )
            for sku, delta in ((item_sku, item.quantity), (new.sku, -item.quantity)):
                conn.execute(
                    schema.variants.update()
                    .where(schema.variants.c.sku == sku)
                    .values(stock=schema.variants.c.stock + delta)
                )
            return self._load_order(conn, order.id)

    def _update_unshipped_order(self, order_id: str, **values: Any) -> Order:
        with self.engine.begin() as conn:
            order = self._load_order(conn, order_id, for_update=True)
            if order is None or order.status not in NOT_YET_SHIPPED:
                raise OrderNotChangeable(order.status if order else "unknown")
            conn.execute(
                schema.orders.update().where(schema.orders.c.id == order.id).values(**values)
            )
            return self._load_order(conn, order.id)

    def _load_order(
        self, conn: Connection, order_id: str, for_update: bool = False
    ) -> Optional[Order]:
        query = sa.select(schema.orders).where(schema.orders.c.id == order_id)
        if for_update and conn.dialect.name != "sqlite":
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        if row is None:
            return None
        items = conn.execute(
            sa.select(schema.order_items)
            .where(schema.order_items.c.order_id == order_id)
            .order_by(schema.order_items.c.id)
        ).mappings()
        events = conn.execute(
            sa.select(schema.tracking_events)
            .where(schema.tracking_events.c.order_id == order_id)
            .order_by(schema.tracking_events.c.at)
        ).mappings()
        return Order(
            id=row["id"],
            email=row["email"],
            country=row["country"],
            status=row["status"],
            currency=row["currency"],
            total=row["total"],
            placed_at=row["placed_at"],
            shipping_address=row["shipping_address"],
            carrier=row["carrier"],
            tracking_number=row["tracking_number"],
            eta_earliest=row["eta_earliest"],
            eta_latest=row["eta_latest"],
            shipped_at=row["shipped_at"],
            delivered_at=row["delivered_at"],
            refunded_at=row["refunded_at"],
            refund_amount=row["refund_amount"],
            items=tuple(
                OrderItem(
                    sku=i["sku"],
                    product_sku=i["product_sku"],
                    name=i["name"],
                    category=i["category"],
                    size=i["size"],
                    colour=i["colour"],
                    quantity=i["quantity"],
                    unit_price=i["unit_price"],
                )
                for i in items
            ),
            tracking=tuple(TrackingEvent(e["at"], e["code"], e["location"]) for e in events),
            payments=tuple(
                Payment(
                    at=dt.datetime.fromisoformat(p["at"]),
                    status=p["status"],
                    amount=Decimal(p["amount"]),
                    currency=p["currency"],
                )
                for p in row["payments"]
            ),
        )

    # catalogue and policies ---------------------------------------------
    def list_products(self) -> List[Product]:
        with self.engine.connect() as conn:
            skus = conn.execute(sa.select(schema.products.c.sku).order_by("sku")).scalars().all()
            return [self._load_product(conn, sku) for sku in skus]

    def get_product(self, sku: str) -> Optional[Product]:
        with self.engine.connect() as conn:
            return self._load_product(conn, sku)

    def _load_product(self, conn: Connection, sku: str) -> Optional[Product]:
        row = conn.execute(
            sa.select(schema.products).where(schema.products.c.sku == sku)
        ).mappings().first()
        if row is None:
            return None
        variant_rows = conn.execute(
            sa.select(schema.variants)
            .where(schema.variants.c.product_sku == sku)
            .order_by(schema.variants.c.sku)
        ).mappings()
        chart = row["size_chart"]
        return Product(
            sku=row["sku"],
            name=row["name"],
            category=row["category"],
            materials=row["materials"],
            price=row["price"],
            currency=row["currency"],
            variants=tuple(
                Variant(v["sku"], v["size"], v["colour"], v["stock"]) for v in variant_rows
            ),
            size_chart=SizeChart(chart["measurement"], tuple(tuple(r) for r in chart["rows"]))
            if chart
            else None,
        )

    def resolve_country(self, text: str) -> Optional[Destination]:
        wanted = (text or "").strip().lower()
        if not wanted:
            return None
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(schema.destinations)).mappings():
                if wanted in (row["country"].lower(), row["name"].lower(), *row["aliases"]):
                    return Destination(
                        country=row["country"],
                        name=row["name"],
                        incoterm=row["incoterm"],
                        vat_percent=row["vat_percent"],
                        duty_free_threshold=row["duty_free_threshold"],
                        currency=row["currency"],
                    )
        return None

    def shipping_options(self, country: str) -> List[ShippingOption]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.shipping_methods)
                .where(schema.shipping_methods.c.country == country)
            ).mappings()
            options = [
                ShippingOption(
                    r["method"], r["carrier"], r["cost"], r["currency"], r["min_days"], r["max_days"]
                )
                for r in rows
            ]
        return sorted(options, key=lambda o: o.cost)  # in Python: SQLite keeps money as text

    def payment_methods(self, country: Optional[str] = None) -> List[PaymentMethod]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.payment_methods).order_by(schema.payment_methods.c.position)
            ).mappings()
            return [
                PaymentMethod(r["code"], r["name"])
                for r in rows
                if r["countries"] is None or (country and country in r["countries"])
            ]

    def return_policy(self, country: str) -> Optional[ReturnPolicy]:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.return_policies).where(
                    schema.return_policies.c.country == country
                )
            ).mappings().first()
        if row is None:
            return None
        return ReturnPolicy(
            **{**row, "non_returnable_categories": tuple(row["non_returnable_categories"])}
        )

    # cases --------------------------------------------------------------
    def open_case(
        self,
        order_id: str,
        case_type: str,
        item_sku: str = "",
        reason: str = "",
        evidence_url: Optional[str] = None,
        requested_resolution: Optional[str] = None,
    ) -> Tuple[Case, bool]:
        key = (order_id, case_type, item_sku or "")
        existing = self._find_case(*key)
        if existing is not None:
            return existing, False
        created_at = now()
        case_id = new_case_id()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    schema.cases.insert().values(
                        id=case_id,
                        type=case_type,
                        order_id=order_id,
                        item_sku=item_sku or "",
                        reason=reason or "",
                        evidence_url=evidence_url,
                        requested_resolution=requested_resolution,
                        status=CASE_OPEN,
                        created_at=created_at,
                        updated_at=created_at,
                        history=[_history_entry(created_at, CASE_OPEN, "opened")],
                        return_label=f"RL-{case_id[2:]}" if case_type in ("return", "exchange") else None,
                    )
                )
        except IntegrityError:
            # A concurrent request opened the same case first: that one is the case.
            existing = self._find_case(*key)
            if existing is None:
                raise
            return existing, False
        return self.get_case(case_id), True

    def _find_case(self, order_id: str, case_type: str, item_sku: str) -> Optional[Case]:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.cases).where(
                    schema.cases.c.order_id == order_id,
                    schema.cases.c.type == case_type,
                    schema.cases.c.item_sku == item_sku,
                )
            ).mappings().first()
        return _case_from_row(row) if row else None

    def get_case(self, case_id: str) -> Optional[Case]:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.cases).where(schema.cases.c.id == (case_id or "").strip().upper())
            ).mappings().first()
        return _case_from_row(row) if row else None

    def cases_for_order(self, order_id: str) -> List[Case]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.cases)
                .where(schema.cases.c.order_id == order_id)
                .order_by(schema.cases.c.created_at)
            ).mappings()
            return [_case_from_row(r) for r in rows]

    def add_case_event(self, case_id: str, status: str, note: str = "") -> Case:
        at = now()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(schema.cases).where(schema.cases.c.id == case_id)
            ).mappings().one()
            conn.execute(
                schema.cases.update()
                .where(schema.cases.c.id == case_id)
                .values(
                    status=status,
                    updated_at=at,
                    history=[*row["history"], _history_entry(at, status, note)],
                )
            )
        return self.get_case(case_id)

    def grant_compensation(
        self, case_id: str, compensation: Compensation, status: str = "resolved"
    ) -> Tuple[Case, bool]:
        at = now()
        compensation = replace(compensation, at=at)
        table = schema.cases
        with self.engine.begin() as conn:
            # The conditional UPDATE is the guard: it takes the row's write lock, and of two
            # concurrent grants only the first finds compensation still NULL.
            granted = conn.execute(
                table.update()
                .where(table.c.id == case_id, table.c.compensation.is_(None))
                .values(compensation=_compensation_record(compensation))
            ).rowcount == 1
            if granted:
                history = conn.execute(
                    sa.select(table.c.history).where(table.c.id == case_id)
                ).scalar_one()
                conn.execute(
                    table.update()
                    .where(table.c.id == case_id)
                    .values(
                        status=status,
                        updated_at=at,
                        history=[*history, _history_entry(at, status, compensation.note)],
                    )
                )
        return self.get_case(case_id), granted

    # verification failures ------------------------------------------------
    def fail_verification(
        self, order_id: str, at: dt.datetime, window: dt.timedelta
    ) -> VerificationLock:
        table, key = schema.verification_failures, _order_key(order_id)
        with self.engine.begin() as conn:
            conn.execute(
                table.delete().where(table.c.order_id == key, table.c.failed_at < at - 2 * window)
            )
            conn.execute(table.insert().values(order_id=key, failed_at=at))
            failures = conn.execute(
                sa.select(table.c.failed_at)
                .where(table.c.order_id == key, table.c.failed_at >= at - window)
            ).scalars().all()
        return VerificationLock(len(failures), lockout.lock_end(failures, window))

    def record_verification_failure(self, order_id: str, at: dt.datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                schema.verification_failures.insert().values(
                    order_id=_order_key(order_id), failed_at=at
                )
            )

    def verification_failures(self, order_id: str, since: dt.datetime) -> List[dt.datetime]:
        table = schema.verification_failures
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(table.c.failed_at)
                    .where(table.c.order_id == _order_key(order_id), table.c.failed_at >= since)
                    .order_by(table.c.failed_at, table.c.id)
                ).scalars()
            )

    def clear_verification_failures(
        self, order_id: str, before: Optional[dt.datetime] = None
    ) -> None:
        table = schema.verification_failures
        query = table.delete().where(table.c.order_id == _order_key(order_id))
        if before is not None:
            query = query.where(table.c.failed_at < before)
        with self.engine.begin() as conn:
            conn.execute(query)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(schema.orders)).scalar() == 0


def _order_key(order_id: str) -> str:
    return (order_id or "").strip().upper()[:16]


def _history_entry(at: dt.datetime, status: str, note: str) -> Dict[str, str]:
    return {"at": at.isoformat(), "status": status, "note": note}


def _compensation_record(compensation: Compensation) -> Dict[str, Any]:
    return {
        "kind": compensation.kind,
        "at": compensation.at.isoformat(),
        "coupon_code": compensation.coupon_code,
        "coupon_percent": compensation.coupon_percent,
        "amount": None if compensation.amount is None else str(compensation.amount),
        "currency": compensation.currency,
    }


def _compensation_from_record(record: Optional[Dict[str, Any]]) -> Optional[Compensation]:
    if not record:
        return None
    return Compensation(
        kind=record["kind"],
        coupon_code=record.get("coupon_code"),
        coupon_percent=record.get("coupon_percent"),
        amount=None if record.get("amount") is None else Decimal(record["amount"]),
        currency=record.get("currency"),
        at=dt.datetime.fromisoformat(record["at"]),
    )


def _case_from_row(row: Any) -> Case:
    return Case(
        id=row["id"],
        type=row["type"],
        order_id=row["order_id"],
        item_sku=row["item_sku"],
        reason=row["reason"],
        evidence_url=row["evidence_url"],
        requested_resolution=row["requested_resolution"],
        status=row["status"],
        created_at=row["created_at"],
        history=tuple(
            CaseChange(dt.datetime.fromisoformat(h["at"]), h["status"], h.get("note", ""))
            for h in row["history"]
        ),
        return_label=row["return_label"],
        compensation=_compensation_from_record(row["compensation"]),
    )
