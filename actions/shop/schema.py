"""Tables of the embedded shop database (SQLAlchemy Core; SQLite or PostgreSQL)."""

from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()



class Money(TypeDecorator):
    """Exact decimal money: NUMERIC where the database has it, text on SQLite (no float)."""

    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(20))
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value).quantize(Decimal("0.01"))
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value).quantize(Decimal("0.01"))


products = Table(
    "products",
    metadata,
    Column("sku", String(32), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("category", String(40), nullable=False),
    Column("materials", String(200), nullable=False),
    Column("price", Money(), nullable=False),
    Column("currency", String(3), nullable=False),
    # {"measurement": "foot_length_cm", "rows": [[size, min, max], ...]} or null
    Column("size_chart", JSON),
)

variants = Table(
    "variants",
    metadata,
    Column("sku", String(48), primary_key=True),
    Column("product_sku", String(32), ForeignKey("products.sku"), nullable=False),
    Column("size", String(16)),
    Column("colour", String(32)),
    Column("stock", Integer, nullable=False),
)

destinations = Table(
    "destinations",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("aliases", JSON, nullable=False),  # lower-case names in several languages
    Column("incoterm", String(3), nullable=False),
    Column("vat_percent", Money(), nullable=False),
    Column("duty_free_threshold", Money(), nullable=False),
    Column("currency", String(3), nullable=False),
)

shipping_methods = Table(
    "shipping_methods",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("country", String(2), ForeignKey("destinations.country"), nullable=False),
    Column("method", String(20), nullable=False),
    Column("carrier", String(40), nullable=False),
    Column("cost", Money(), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("min_days", Integer, nullable=False),
    Column("max_days", Integer, nullable=False),
)

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(40), nullable=False),
    Column("countries", JSON),  # null: available everywhere
    Column("position", Integer, nullable=False),
)

return_policies = Table(
    "return_policies",
    metadata,
    Column("country", String(2), ForeignKey("destinations.country"), primary_key=True),
    Column("window_days", Integer, nullable=False),
    Column("non_returnable_categories", JSON, nullable=False),
    Column("return_shipping_paid_by", String(8), nullable=False),
    Column("requires_unused", Boolean, nullable=False),
    Column("return_address", String(200), nullable=False),
    Column("partial_refund_max_percent", Integer, nullable=False),
    Column("coupon_percent", Integer, nullable=False),
    Column("late_dispute_after_days", Integer, nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("email", String(120), nullable=False),
    Column("country", String(2), nullable=False),
    Column("status", String(20), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total", Money(), nullable=False),
    Column("placed_at", DateTime, nullable=False),
    Column("shipping_address", Text, nullable=False),
    Column("carrier", String(40)),
    Column("tracking_number", String(40)),
    Column("eta_earliest", Date),
    Column("eta_latest", Date),
    Column("shipped_at", DateTime),
    Column("delivered_at", DateTime),
    Column("refunded_at", DateTime),
    Column("refund_amount", Money()),
    Column("payments", JSON, nullable=False),  # [{"at", "status", "amount", "currency"}]
    Column("is_demo", Boolean, nullable=False, default=False),
)

order_items = Table(
    "order_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(16), ForeignKey("orders.id"), nullable=False),
    Column("sku", String(48), nullable=False),
    Column("product_sku", String(32), nullable=False),
    Column("name", String(120), nullable=False),
    Column("category", String(40), nullable=False),
    Column("size", String(16)),
    Column("colour", String(32)),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Money(), nullable=False),
)

tracking_events = Table(
    "tracking_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(16), ForeignKey("orders.id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("code", String(30), nullable=False),
    Column("location", String(80), nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(12), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("order_id", String(16), ForeignKey("orders.id"), nullable=False),
    Column("item_sku", String(48), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("evidence_url", Text),
    Column("requested_resolution", String(30)),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("history", JSON, nullable=False),  # [{"at", "status", "note"}]
    Column("return_label", String(20)),
    # {"kind", "at", "coupon_code", "coupon_percent", "amount", "currency"}, or NULL until the
    # case is compensated; set at most once (SqlShopBackend.grant_compensation). Added to older
    # databases on start (migrations.py).
    Column("compensation", JSON(none_as_null=True)),
    UniqueConstraint("order_id", "type", "item_sku", name="uq_case_per_order_type_item"),
)

# One row per failed ownership check (an order number with the wrong email), shared by every
# conversation and action-server process, so a lock-out survives /restart and new sessions.
# `order_id` is not a foreign key: numbers that match no order are counted the same way, so a
# locked unknown number behaves like a locked real one. Created by create_all on start
# (SqlShopBackend.__init__) in existing databases too; rows of an order go when its owner
# verifies.
verification_failures = Table(
    "verification_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(16), nullable=False),
    Column("failed_at", DateTime, nullable=False),  # UTC
    Index("ix_verification_failures_order_time", "order_id", "failed_at"),
)

# One row: the date the demo data was last aligned with "today" (see seed.refresh_demo_dates).
seed_info = Table(
    "seed_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("anchor_date", Date, nullable=False),
)
