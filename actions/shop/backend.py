"""The shop-backend interface the actions talk to, and the records it returns.

Adapter point for a real platform (Shopify, WooCommerce, Magento, …): subclass
`ShopBackend`, implement every abstract method against the platform's API (map its
orders, products and policies onto the dataclasses below), and select it with
`SHOP_BACKEND=package.module:ClassName`. The class is built with no arguments, so it
reads its own configuration (API keys, URLs) from the environment. Cases and the
verification-failure counts may stay in the default SQL store: `SqlShopBackend` can be
subclassed and only the order and catalogue methods overridden. See docs/shop-backend.md.
"""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import List, Optional, Sequence, Tuple

from actions.shop import lockout

# Order states. "late" is not a state: it is derived from `eta_latest`.
AWAITING_PAYMENT = "awaiting_payment"
PAID = "paid"
IN_TRANSIT = "in_transit"
DELIVERED = "delivered"
LOST = "lost"
REFUNDED = "refunded"
CANCELLED = "cancelled"
ORDER_STATES = (AWAITING_PAYMENT, PAID, IN_TRANSIT, DELIVERED, LOST, REFUNDED, CANCELLED)
NOT_YET_SHIPPED = (AWAITING_PAYMENT, PAID)

CASE_TYPES = (
    "return",
    "exchange",
    "damaged",
    "wrong_item",
    "not_as_described",
    "delivery_dispute",
    "complaint",
    "payment",
)
CASE_OPEN = "open"
# What a case can be compensated with (actions/feedback.py); a case is compensated at most once.
COUPON = "coupon"
PARTIAL_REFUND = "partial_refund"


class ShopError(Exception):
    """Base class for refusals the backend reports to the actions."""


class OrderNotChangeable(ShopError):
    """The order is past the state in which the requested change is allowed."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class VariantUnavailable(ShopError):
    """The requested size/colour does not exist or is out of stock."""


@dataclass(frozen=True)
class SizeChart:
    measurement: str  # e.g. "foot_length_cm", "chest_cm"
    rows: Tuple[Tuple[str, float, float], ...]  # (size, min, max) in the measurement unit


@dataclass(frozen=True)
class Variant:
    sku: str
    size: Optional[str]
    colour: Optional[str]
    stock: int


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    materials: str
    price: Decimal
    currency: str
    variants: Tuple[Variant, ...] = ()
    size_chart: Optional[SizeChart] = None

    @property
    def sizes(self) -> List[str]:
        """Smallest first: XS, S, M, L, XL (not alphabetically), 36, 37, 38."""
        return sorted(_unique(v.size for v in self.variants if v.size), key=size_order)

    @property
    def colours(self) -> List[str]:
        return _unique(v.colour for v in self.variants if v.colour)

    def in_stock(self, size: Optional[str] = None, colour: Optional[str] = None) -> List[Variant]:
        return [
            v
            for v in self.variants
            if v.stock > 0
            and (size is None or (v.size or "").lower() == size.lower())
            and (colour is None or (v.colour or "").lower() == colour.lower())
        ]


@dataclass(frozen=True)
class Destination:
    country: str  # ISO 3166-1 alpha-2
    name: str
    incoterm: str  # "DDP": duties and taxes prepaid by the shop; "DAP": buyer pays on delivery
    vat_percent: Decimal
    duty_free_threshold: Decimal
    currency: str


@dataclass(frozen=True)
class ShippingOption:
    method: str  # "standard", "express"
    carrier: str
    cost: Decimal
    currency: str
    min_days: int
    max_days: int


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    name: str


@dataclass(frozen=True)
class ReturnPolicy:
    country: str
    window_days: int
    non_returnable_categories: Tuple[str, ...]
    return_shipping_paid_by: str  # "shop" or "buyer"
    requires_unused: bool
    return_address: str
    partial_refund_max_percent: int
    coupon_percent: int
    late_dispute_after_days: int


@dataclass(frozen=True)
class OrderItem:
    sku: str
    product_sku: str
    name: str
    category: str
    size: Optional[str]
    colour: Optional[str]
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class TrackingEvent:
    at: dt.datetime
    code: str  # "label_created", "picked_up", "in_transit", "customs", "out_for_delivery", "delivered", ...
    location: str


@dataclass(frozen=True)
class Payment:
    at: dt.datetime
    status: str  # "declined", "captured", "refunded"
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Order:
    id: str
    email: str
    country: str
    status: str
    currency: str
    total: Decimal
    placed_at: dt.datetime
    shipping_address: str
    items: Tuple[OrderItem, ...]
    carrier: Optional[str] = None
    tracking_number: Optional[str] = None
    eta_earliest: Optional[dt.date] = None
    eta_latest: Optional[dt.date] = None
    shipped_at: Optional[dt.datetime] = None
    delivered_at: Optional[dt.datetime] = None
    refunded_at: Optional[dt.datetime] = None
    refund_amount: Optional[Decimal] = None
    tracking: Tuple[TrackingEvent, ...] = ()
    payments: Tuple[Payment, ...] = ()

    @property
    def shipped(self) -> bool:
        return self.status not in NOT_YET_SHIPPED and self.status != CANCELLED


@dataclass(frozen=True)
class CaseChange:
    at: dt.datetime
    status: str
    note: str = ""


@dataclass(frozen=True)
class Compensation:
    """What a case was compensated with: a coupon (code, percent) or a partial refund
    (amount, currency). `at` is set by the backend when it grants it."""

    kind: str  # COUPON or PARTIAL_REFUND
    coupon_code: Optional[str] = None
    coupon_percent: Optional[int] = None
    amount: Optional[Decimal] = None
    currency: Optional[str] = None
    at: Optional[dt.datetime] = None

    @property
    def note(self) -> str:
        """The line agents read in the case history."""
        if self.kind == COUPON:
            return f"coupon {self.coupon_code} {self.coupon_percent}%"
        return f"partial refund {self.amount:.2f} {self.currency}"


@dataclass(frozen=True)
class Case:
    id: str
    type: str
    order_id: str
    item_sku: str
    reason: str
    evidence_url: Optional[str]
    requested_resolution: Optional[str]
    status: str
    created_at: dt.datetime
    history: Tuple[CaseChange, ...] = field(default_factory=tuple)
    return_label: Optional[str] = None
    compensation: Optional[Compensation] = None


@dataclass(frozen=True)
class VerificationLock:
    """An order number's failed ownership checks within the cool-down window, the latest
    included, and when its lock ends (None: not locked)."""

    failures: int
    until: Optional[dt.datetime]


class ShopBackend(abc.ABC):
    """Everything the conversation needs from the shop. Implementations must be thread-safe."""

    # orders -------------------------------------------------------------
    @abc.abstractmethod
    def get_order(self, order_id: str) -> Optional[Order]:
        """The order, or None. Never show its content to an unverified buyer."""

    def find_order_for_buyer(self, order_id: str, email: str) -> Optional[Order]:
        """The order if `email` is the one it was placed with, else None (same as unknown)."""
        order = self.get_order(order_id)
        if order is None or order.email.strip().lower() != (email or "").strip().lower():
            return None
        return order

    @abc.abstractmethod
    def cancel_order(self, order_id: str) -> Order:
        """Cancel before shipment; raises OrderNotChangeable afterwards."""

    @abc.abstractmethod
    def change_address(self, order_id: str, address: str) -> Order:
        """Change the delivery address before shipment; raises OrderNotChangeable afterwards."""

    @abc.abstractmethod
    def change_item_variant(
        self, order_id: str, item_sku: str, size: Optional[str], colour: Optional[str]
    ) -> Order:
        """Swap an item for another size/colour before shipment.

        Raises OrderNotChangeable after shipment, VariantUnavailable when out of stock.
        """

    # catalogue and policies ---------------------------------------------
    @abc.abstractmethod
    def list_products(self) -> List[Product]:
        ...

    @abc.abstractmethod
    def get_product(self, sku: str) -> Optional[Product]:
        ...

    def find_product(self, text: str) -> Optional[Product]:
        """Best catalogue match for a product mention ("sneakers", "the dress")."""
        words = [w for w in (text or "").lower().replace("-", " ").split() if len(w) > 2]
        best, best_score = None, 0
        for product in self.list_products():
            name = product.name.lower().replace("-", " ")
            score = sum(1 for w in words if w in name or w.rstrip("s") in name)
            if score > best_score:
                best, best_score = product, score
        return best

    @abc.abstractmethod
    def resolve_country(self, text: str) -> Optional[Destination]:
        """A destination from a name, alias or ISO code ("Spain", "España", "ES")."""

    @abc.abstractmethod
    def shipping_options(self, country: str) -> List[ShippingOption]:
        ...

    @abc.abstractmethod
    def payment_methods(self, country: Optional[str] = None) -> List[PaymentMethod]:
        ...

    @abc.abstractmethod
    def return_policy(self, country: str) -> Optional[ReturnPolicy]:
        ...

    # cases --------------------------------------------------------------
    @abc.abstractmethod
    def open_case(
        self,
        order_id: str,
        case_type: str,
        item_sku: str = "",
        reason: str = "",
        evidence_url: Optional[str] = None,
        requested_resolution: Optional[str] = None,
    ) -> Tuple[Case, bool]:
        """Open a case, or return the existing one for (order, type, item).

        Returns (case, created). Must be atomic: a case is never lost or duplicated.
        """

    @abc.abstractmethod
    def get_case(self, case_id: str) -> Optional[Case]:
        ...

    @abc.abstractmethod
    def cases_for_order(self, order_id: str) -> List[Case]:
        ...

    @abc.abstractmethod
    def add_case_event(self, case_id: str, status: str, note: str = "") -> Case:
        """Append a status change to the case history and make it the current status."""

    @abc.abstractmethod
    def grant_compensation(
        self, case_id: str, compensation: Compensation, status: str = "resolved"
    ) -> Tuple[Case, bool]:
        """Record `compensation` on the case unless it already has one.

        Returns (case, granted). Must be atomic: of two conversations compensating the same case
        at once, one is granted and the other gets the case with the first one's compensation.
        A grant also makes `status` the current status and adds `compensation.note` to the
        history, in the same transaction.
        """

    # verification failures ------------------------------------------------
    # The lock-out against guessing order emails (actions/verification.py) counts failed
    # checks per order number here, so it holds across /restart, new sessions, other
    # conversations and action-server processes. The rule (3 failures within the cool-down)
    # is lockout.lock_end. Order numbers that match no order are stored like real ones (no
    # enumeration). Times are naive UTC datetimes.
    @abc.abstractmethod
    def fail_verification(
        self, order_id: str, at: dt.datetime, window: dt.timedelta
    ) -> VerificationLock:
        """Record a failed check of `order_id` at `at` and return its failures since
        `at - window` and when its lock ends (lockout.lock_end over them), in one transaction.
        Failures older than two windows may be forgotten on the way.

        Must be durable and visible at once to every process (a shared store, not memory).
        """

    def verification_lock_end(
        self, order_id: str, now: dt.datetime, window: dt.timedelta
    ) -> Optional[dt.datetime]:
        """When the lock of `order_id` ends if it is still locked at `now`, else None."""
        # A lock still running at `now` started less than a window ago, with failures up to a
        # window before that.
        end = lockout.lock_end(self.verification_failures(order_id, since=now - 2 * window), window)
        return end if end is not None and end > now else None

    @abc.abstractmethod
    def record_verification_failure(self, order_id: str, at: dt.datetime) -> None:
        """Remember that ownership of `order_id` (known or not) failed to verify at `at`.

        Must be durable and visible at once to every process (a shared store, not memory).
        """

    @abc.abstractmethod
    def verification_failures(self, order_id: str, since: dt.datetime) -> List[dt.datetime]:
        """When `order_id` failed to verify at or after `since`, oldest first."""

    @abc.abstractmethod
    def clear_verification_failures(
        self, order_id: str, before: Optional[dt.datetime] = None
    ) -> None:
        """Forget the failures of `order_id`: all of them (its owner has just verified), or
        only those older than `before` (housekeeping)."""


LETTER_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")


def size_order(size: str) -> Tuple[int, float, str]:
    """Letter sizes by their order, then numeric sizes by value, then anything else by name."""
    if size.upper() in LETTER_SIZES:
        return (0, LETTER_SIZES.index(size.upper()), "")
    try:
        return (1, float(size.replace(",", ".")), "")
    except ValueError:
        return (2, 0.0, size)


def _unique(values: Sequence[str]) -> List[str]:
    seen: List[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen
