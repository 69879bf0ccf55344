"""The shop's rules, as pure functions of orders, policies and today's date.

Each decision carries a `code` (which response explains it) and the values that rule
used, so the buyer is told the rule that applies, not just "no".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any, Dict, Optional

from actions.shop.backend import (
    CANCELLED,
    DELIVERED,
    IN_TRANSIT,
    LOST,
    NOT_YET_SHIPPED,
    REFUNDED,
    Case,
    Order,
    OrderItem,
    ReturnPolicy,
    SizeChart,
)


@dataclass(frozen=True)
class Decision:
    code: str
    allowed: bool
    facts: Dict[str, Any] = field(default_factory=dict)


def can_change_before_shipment(order: Order) -> Decision:
    if order.status in NOT_YET_SHIPPED:
        return Decision("not_shipped", True)
    return Decision(order.status, False)


def days_since_delivery(order: Order, today: dt.date) -> Optional[int]:
    if order.delivered_at is None:
        return None
    return (today - order.delivered_at.date()).days


def return_eligibility(
    order: Order,
    item: OrderItem,
    policy: ReturnPolicy,
    today: dt.date,
    unused: Optional[bool] = None,
) -> Decision:
    """Can this item be returned? `unused` is None until the buyer has told us."""
    if order.status == REFUNDED:
        return Decision("already_refunded", False)
    if order.status != DELIVERED:
        return Decision("not_delivered", False, {"status": order.status})
    facts = {
        "country": policy.country,
        "window_days": policy.window_days,
        "days_since_delivery": days_since_delivery(order, today),
        "category": item.category,
    }
    if facts["days_since_delivery"] > policy.window_days:
        return Decision("window_expired", False, facts)
    if item.category in policy.non_returnable_categories:
        return Decision("category_excluded", False, facts)
    if unused is False and policy.requires_unused:
        return Decision("item_used", False, facts)
    last_day = order.delivered_at.date() + dt.timedelta(days=policy.window_days)
    return Decision("eligible", True, {**facts, "last_day": last_day})


def days_late(order: Order, today: dt.date) -> int:
    if order.eta_latest is None or order.status != IN_TRANSIT:
        return 0
    return max(0, (today - order.eta_latest).days)


def delivery_assessment(order: Order, policy: ReturnPolicy, today: dt.date) -> Decision:
    """What to tell a buyer whose parcel has not arrived, and whether to open a dispute."""
    facts = {"days_late": days_late(order, today), "threshold_days": policy.late_dispute_after_days}
    if order.status in NOT_YET_SHIPPED:
        return Decision("not_shipped", False, facts)
    if order.status == LOST:
        return Decision("lost", True, facts)
    if order.status == DELIVERED:
        # The carrier says delivered, the buyer says not received: that is a dispute.
        return Decision("delivered_not_received", True, facts)
    if order.status in (REFUNDED, CANCELLED):
        return Decision(order.status, False, facts)
    if facts["days_late"] > policy.late_dispute_after_days:
        return Decision("dispute", True, facts)
    in_customs = bool(order.tracking) and order.tracking[-1].code == "customs"
    if facts["days_late"] > 0:
        return Decision("late_in_customs" if in_customs else "late", False, facts)
    return Decision("in_customs" if in_customs else "on_time", False, facts)


def partial_refund_limit(order: Order, policy: ReturnPolicy) -> Decimal:
    limit = order.total * Decimal(policy.partial_refund_max_percent) / Decimal(100)
    return limit.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def compensation_eligibility(order: Order, case: Optional[Case]) -> Decision:
    """May the buyer be offered (or given) a coupon or partial refund for bad feedback?

    Once per case, and only for an order that was delivered and not refunded: a parcel still on
    its way (or lost, or never sent) has its own remedies, and a refund already returned the
    money. The case's `compensation` record decides, not its history notes.
    """
    given = case.compensation if case is not None else None
    if given is not None:
        return Decision("already_compensated", False, {"compensation": given})
    if order.status == REFUNDED:
        return Decision("already_refunded", False, {"status": order.status})
    if order.status != DELIVERED:
        return Decision("not_delivered", False, {"status": order.status})
    return Decision("eligible", True)


def duplicate_charges(order: Order) -> int:
    """How many captured payments beyond the first one."""
    return max(0, sum(1 for p in order.payments if p.status == "captured") - 1)


_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)\s*(cm|mm|in|inch|inches|\")?", re.IGNORECASE)
_INCH_CM = 2.54


def parse_measurement_cm(text: str) -> Optional[float]:
    """"24.5 cm", "chest 96cm", "9.6 in", "245mm" -> centimetres."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "cm").lower()
    if unit == "mm":
        return value / 10
    if unit in ("in", "inch", "inches", '"'):
        return round(value * _INCH_CM, 1)
    return value


def recommend_size(chart: SizeChart, measurement_cm: float) -> Decision:
    """The size whose chart range holds the measurement; between sizes, the larger one."""
    facts: Dict[str, Any] = {"measurement_cm": measurement_cm, "measurement": chart.measurement}
    rows = sorted(chart.rows, key=lambda r: r[1])
    if measurement_cm < rows[0][1]:
        return Decision("below_chart", False, {**facts, "size": rows[0][0]})
    for size, low, high in rows:
        if low <= measurement_cm <= high:
            return Decision("fits", True, {**facts, "size": size})
        if measurement_cm < low:  # in the gap between two rows: size up
            return Decision("fits", True, {**facts, "size": size})
    return Decision("above_chart", False, {**facts, "size": rows[-1][0]})
