"""Copies of demo orders for tests that change an order or open cases on it, so tests sharing
one stack never see each other's changes."""
import sqlalchemy as sa

from actions.shop import schema
from actions.shop.sql_backend import SqlShopBackend


def copy_order(shop: SqlShopBackend, source: str, new_id: str, **changes) -> None:
    """Inserts a copy of demo order `source` (with its items and tracking) as `new_id`."""
    with shop.engine.begin() as conn:
        if conn.execute(sa.select(schema.orders.c.id).where(schema.orders.c.id == new_id)).first():
            return
        order = conn.execute(sa.select(schema.orders).where(schema.orders.c.id == source)).mappings().one()
        conn.execute(schema.orders.insert().values({**order, "id": new_id, **changes}))
        for table in (schema.order_items, schema.tracking_events):
            rows = conn.execute(sa.select(table).where(table.c.order_id == source)).mappings().all()
            for row in rows:
                conn.execute(table.insert().values(
                    {**{k: v for k, v in row.items() if k != "id"}, "order_id": new_id}))
