"""Demo shop data: catalogue, destinations and their policies, and orders in every state.

    python -m actions.shop.seed          # load when the database is empty, else refresh dates
    python -m actions.shop.seed --reset  # wipe everything (cases too) and load again

Order dates are relative to today. A database seeded on an earlier day has its demo
orders shifted forward on the next run (and when the action server starts), so
"delivered 6 days ago" stays true.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from decimal import Decimal
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from actions.shop import schema
from actions.shop.sql_backend import SqlShopBackend, database_url, make_engine

logger = logging.getLogger(__name__)

CURRENCY = "EUR"
EU_RETURNS = "Returns Hub, Calle de Alcalá 120, 28009 Madrid, Spain"
US_RETURNS = "Returns Dept., 400 Harbor Blvd, Newark, NJ 07114, USA"
APAC_RETURNS = "Returns Centre, 9 Changi South St 3, Singapore 486348"
LATAM_RETURNS = "Centro de Devoluções, Rua Augusta 1500, São Paulo SP 01304-001, Brazil"

FOOT_CHART = {
    "measurement": "foot_length_cm",
    "rows": [
        ["36", 22.5, 23.0], ["37", 23.1, 23.8], ["38", 23.9, 24.5], ["39", 24.6, 25.2],
        ["40", 25.3, 25.9], ["41", 26.0, 26.6], ["42", 26.7, 27.3], ["43", 27.4, 28.0],
        ["44", 28.1, 28.7], ["45", 28.8, 29.4],
    ],
}
CHEST_CHART = {
    "measurement": "chest_cm",
    "rows": [["XS", 78, 83], ["S", 84, 89], ["M", 90, 96], ["L", 97, 103], ["XL", 104, 111]],
}

# sku, name, category, materials, price, size chart, sizes, colours, stock per variant
PRODUCTS = [
    ("SNK-TRAIL", "Trail-running sneakers", "footwear", "recycled mesh upper, rubber outsole",
     "89.90", FOOT_CHART, [r[0] for r in FOOT_CHART["rows"]], ["black", "blue"], 12),
    ("HP-WL", "Wireless headphones", "electronics", "aluminium, protein-leather cushions",
     "129.00", None, [None], ["black", "white"], 30),
    ("CASE-PH", "Phone case", "accessories", "recycled TPU", "19.90", None, [None],
     ["clear", "green", "black"], 100),
    ("DRS-LIN", "Linen summer dress", "apparel", "100% linen", "74.50", CHEST_CHART,
     ["XS", "S", "M", "L", "XL"], ["white", "red"], 6),
    ("SW-FIT", "Smartwatch", "electronics", "aluminium case, silicone strap", "199.00", None,
     [None], ["black", "silver"], 15),
    ("BAG-LTH", "Leather handbag", "bags", "full-grain leather, cotton lining", "249.00", None,
     [None], ["brown", "black"], 4),
    ("TEE-COT", "Organic cotton T-shirt", "apparel", "100% organic cotton", "24.90",
     CHEST_CHART, ["XS", "S", "M", "L", "XL"], ["white", "black", "green"], 40),
    ("SWM-ONE", "One-piece swimsuit", "swimwear", "recycled polyamide, elastane", "59.00",
     CHEST_CHART, ["XS", "S", "M", "L"], ["black", "blue"], 10),
]

# Variants sold out right now (sku, size, colour): stock 0.
SOLD_OUT = {("DRS-LIN", "XL", "red")}

# code, name, aliases, incoterm, VAT %, duty-free threshold (EUR)
DESTINATIONS = [
    ("ES", "Spain", ["españa", "espana", "spanien", "espagne"], "DDP", "21", "0"),
    ("FR", "France", ["francia", "frankreich"], "DDP", "20", "0"),
    ("DE", "Germany", ["deutschland", "alemania", "allemagne"], "DDP", "19", "0"),
    ("IT", "Italy", ["italia", "italien", "italie"], "DDP", "22", "0"),
    ("NL", "Netherlands", ["nederland", "holland", "the netherlands"], "DDP", "21", "0"),
    ("PL", "Poland", ["polska", "polen", "pologne"], "DDP", "23", "0"),
    ("GB", "United Kingdom", ["uk", "great britain", "england", "britain"], "DDP", "20", "135"),
    ("US", "United States", ["usa", "united states of america", "america", "estados unidos"],
     "DAP", "0", "800"),
    ("BR", "Brazil", ["brasil", "brasilien", "brésil"], "DAP", "17", "50"),
    ("SG", "Singapore", ["singapur", "新加坡"], "DAP", "9", "400"),
    ("JP", "Japan", ["japon", "japón", "日本"], "DAP", "10", "100"),
    ("CN", "China", ["中国", "chine"], "DAP", "13", "50"),
    ("KR", "South Korea", ["korea", "한국", "corea del sur"], "DAP", "10", "150"),
    ("TR", "Turkey", ["türkiye", "turkiye", "turquía"], "DAP", "20", "30"),
    ("AE", "United Arab Emirates", ["uae", "emirates", "الإمارات"], "DAP", "5", "270"),
]
EU = {"ES", "FR", "DE", "IT", "NL", "PL"}

# zone: [(method, carrier, cost, min_days, max_days)]
SHIPPING_BY_ZONE = {
    "eu": [("standard", "DHL Parcel", "4.90", 2, 5), ("express", "DHL Express", "12.90", 1, 2)],
    "gb": [("standard", "Royal Mail", "7.90", 3, 6), ("express", "DHL Express", "19.90", 1, 3)],
    "world": [("standard", "Correos Paq Internacional", "14.90", 7, 15),
              ("express", "DHL Express", "34.90", 2, 5)],
}

PAYMENT_METHODS = [
    ("visa", "Visa", None), ("mastercard", "Mastercard", None), ("amex", "American Express", None),
    ("paypal", "PayPal", None), ("apple_pay", "Apple Pay", None), ("google_pay", "Google Pay", None),
    ("klarna", "Klarna", ["DE", "NL", "GB", "ES", "FR", "IT", "PL"]), ("ideal", "iDEAL", ["NL"]),
    ("blik", "BLIK", ["PL"]), ("pix", "Pix", ["BR"]), ("boleto", "Boleto", ["BR"]),
    ("alipay", "Alipay", ["CN", "SG"]), ("konbini", "Konbini", ["JP"]),
]

# window days, who pays return shipping, return address
RETURN_TERMS = {
    "ES": (30, "shop", EU_RETURNS), "FR": (30, "shop", EU_RETURNS), "DE": (30, "shop", EU_RETURNS),
    "IT": (30, "shop", EU_RETURNS), "NL": (30, "shop", EU_RETURNS), "PL": (14, "buyer", EU_RETURNS),
    "GB": (30, "buyer", EU_RETURNS), "US": (30, "buyer", US_RETURNS),
    "BR": (7, "shop", LATAM_RETURNS), "SG": (14, "buyer", APAC_RETURNS),
    "JP": (14, "buyer", APAC_RETURNS), "CN": (7, "buyer", APAC_RETURNS),
    "KR": (7, "buyer", APAC_RETURNS), "TR": (14, "buyer", EU_RETURNS),
    "AE": (14, "buyer", APAC_RETURNS),
}
NON_RETURNABLE = ["swimwear", "underwear", "personalised"]


def _orders(today: dt.date) -> List[Dict[str, Any]]:
    """Demo orders; `days` are offsets from today (negative = past)."""

    def at(days: int, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))

    def day(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    def paid(days: int, amount: str, status: str = "captured") -> Dict[str, str]:
        return {"at": at(days).isoformat(), "status": status, "amount": amount, "currency": CURRENCY}

    def item(sku: str, size: Optional[str], colour: str, quantity: int = 1) -> Dict[str, Any]:
        return {"product_sku": sku, "size": size, "colour": colour, "quantity": quantity}

    return [
        dict(id="A1001", email="maria.garcia@example.com", country="ES", status="delivered",
             address="Calle Mayor 5, 28013 Madrid, Spain", placed=-12, shipped=-10, delivered=-6,
             eta=(-8, -5), carrier="DHL Parcel", tracking="JD014600003456789012",
             items=[item("SNK-TRAIL", "38", "blue")], shipping="4.90",
             events=[(-10, "picked_up", "Barcelona, ES"), (-9, "in_transit", "Zaragoza, ES"),
                     (-6, "out_for_delivery", "Madrid, ES"), (-6, "delivered", "Madrid, ES")]),
        dict(id="A1002", email="jonas.weber@example.com", country="DE", status="in_transit",
             address="Schönhauser Allee 10, 10119 Berlin, Germany", placed=-4, shipped=-2,
             eta=(1, 3), carrier="DHL Parcel", tracking="JD014600009876543210",
             items=[item("HP-WL", None, "black")], shipping="4.90",
             events=[(-2, "picked_up", "Barcelona, ES"), (-1, "in_transit", "Lyon, FR"),
                     (0, "in_transit", "Frankfurt, DE")]),
        dict(id="A1003", email="li.wei@example.com", country="SG", status="paid",
             address="8 Marina Blvd, #12-01, Singapore 018981", placed=-1, eta=(6, 15),
             items=[item("CASE-PH", None, "green")], shipping="14.90"),
        dict(id="A1004", email="emma.johnson@example.com", country="US", status="delivered",
             address="221 Pine St, Portland, OR 97204, USA", placed=-58, shipped=-55,
             delivered=-45, eta=(-48, -40), carrier="DHL Express", tracking="1234567890",
             items=[item("DRS-LIN", "M", "red")], shipping="34.90",
             events=[(-55, "picked_up", "Barcelona, ES"), (-50, "customs", "Cincinnati, US"),
                     (-45, "delivered", "Portland, US")]),
        dict(id="A1005", email="ana.souza@example.com", country="BR", status="in_transit",
             address="Av. Paulista 1000, São Paulo SP 01310-100, Brazil", placed=-40,
             shipped=-37, eta=(-22, -12), carrier="Correos Paq Internacional",
             tracking="LX123456789ES", items=[item("SW-FIT", None, "black")], shipping="14.90",
             events=[(-37, "picked_up", "Barcelona, ES"), (-33, "in_transit", "Madrid, ES"),
                     (-26, "customs", "Curitiba, BR")]),
        dict(id="A1006", email="pierre.martin@example.com", country="FR", status="refunded",
             address="12 rue de Rivoli, 75004 Paris, France", placed=-30, shipped=-28,
             delivered=-25, refunded=-3, eta=(-27, -24), carrier="DHL Parcel",
             tracking="JD014600005555555555", items=[item("BAG-LTH", None, "brown")],
             shipping="4.90",
             events=[(-28, "picked_up", "Barcelona, ES"), (-25, "delivered", "Paris, FR"),
                     (-10, "returned_to_sender", "Paris, FR"), (-5, "return_received", "Madrid, ES")]),
        dict(id="A1007", email="kenji.tanaka@example.com", country="JP", status="awaiting_payment",
             address="1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan", placed=0, eta=(7, 15),
             items=[item("TEE-COT", "M", "black", 2)], shipping="14.90", declined=True),
        dict(id="A1008", email="sofia.rossi@example.com", country="IT", status="lost",
             address="Via del Corso 50, 00186 Roma, Italy", placed=-25, shipped=-22,
             eta=(-19, -17), carrier="DHL Parcel", tracking="JD014600001111111111",
             items=[item("DRS-LIN", "S", "white")], shipping="4.90",
             events=[(-22, "picked_up", "Barcelona, ES"), (-20, "in_transit", "Milano, IT"),
                     (-12, "lost", "Milano, IT")]),
        dict(id="A1009", email="olivia.smith@example.com", country="GB", status="paid",
             address="10 Baker St, London NW1 6XE, United Kingdom", placed=-1, eta=(2, 6),
             items=[item("TEE-COT", "S", "green")], shipping="7.90", charged_twice=True),
        dict(id="A1010", email="daan.devries@example.com", country="NL", status="in_transit",
             address="Damrak 1, 1012 LG Amsterdam, Netherlands", placed=-10, shipped=-8,
             eta=(-6, -3), carrier="DHL Parcel", tracking="JD014600002222222222",
             items=[item("SNK-TRAIL", "42", "black")], shipping="4.90",
             events=[(-8, "picked_up", "Barcelona, ES"), (-7, "in_transit", "Paris, FR")]),
        dict(id="A1011", email="anna.kowalska@example.com", country="PL", status="delivered",
             address="ul. Marszałkowska 1, 00-001 Warszawa, Poland", placed=-9, shipped=-7,
             delivered=-4, eta=(-5, -3), carrier="DHL Parcel", tracking="JD014600003333333333",
             items=[item("SWM-ONE", "S", "blue")], shipping="4.90",
             events=[(-7, "picked_up", "Barcelona, ES"), (-4, "delivered", "Warszawa, PL")]),
    ]


def seed(engine: Engine, today: Optional[dt.date] = None) -> None:
    """Load everything into an empty database (one transaction)."""
    today = today or dt.date.today()
    with engine.begin() as conn:
        prices: Dict[str, Decimal] = {}
        for sku, name, category, materials, price, chart, sizes, colours, stock in PRODUCTS:
            prices[sku] = Decimal(price)
            conn.execute(schema.products.insert().values(
                sku=sku, name=name, category=category, materials=materials,
                price=Decimal(price), currency=CURRENCY, size_chart=chart))
            for size in sizes:
                for colour in colours:
                    conn.execute(schema.variants.insert().values(
                        sku=_variant_sku(sku, size, colour), product_sku=sku, size=size,
                        colour=colour, stock=0 if (sku, size, colour) in SOLD_OUT else stock))
        for code, name, aliases, incoterm, vat, threshold in DESTINATIONS:
            conn.execute(schema.destinations.insert().values(
                country=code, name=name, aliases=aliases, incoterm=incoterm,
                vat_percent=Decimal(vat), duty_free_threshold=Decimal(threshold), currency=CURRENCY))
            zone = "eu" if code in EU else "gb" if code == "GB" else "world"
            for method, carrier, cost, min_days, max_days in SHIPPING_BY_ZONE[zone]:
                conn.execute(schema.shipping_methods.insert().values(
                    country=code, method=method, carrier=carrier, cost=Decimal(cost),
                    currency=CURRENCY, min_days=min_days, max_days=max_days))
            window, paid_by, address = RETURN_TERMS[code]
            conn.execute(schema.return_policies.insert().values(
                country=code, window_days=window, non_returnable_categories=NON_RETURNABLE,
                return_shipping_paid_by=paid_by, requires_unused=True, return_address=address,
                partial_refund_max_percent=20, coupon_percent=10, late_dispute_after_days=7))
        for position, (code, name, countries) in enumerate(PAYMENT_METHODS):
            conn.execute(schema.payment_methods.insert().values(
                code=code, name=name, countries=countries, position=position))
        product_names = {p[0]: (p[1], p[2]) for p in PRODUCTS}
        for order in _orders(today):
            _insert_order(conn, order, today, prices, product_names)
        conn.execute(schema.seed_info.insert().values(id=1, anchor_date=today))


def _insert_order(conn, order, today, prices, product_names) -> None:
    def at(days: Optional[int], hour: int = 10) -> Optional[dt.datetime]:
        if days is None:
            return None
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))

    subtotal = sum(prices[i["product_sku"]] * i["quantity"] for i in order["items"])
    total = subtotal + Decimal(order["shipping"])
    payments = []
    if order.get("declined"):
        payments.append({"at": at(order["placed"]).isoformat(), "status": "declined",
                         "amount": str(total), "currency": CURRENCY})
    else:
        payments.append({"at": at(order["placed"]).isoformat(), "status": "captured",
                         "amount": str(total), "currency": CURRENCY})
        if order.get("charged_twice"):
            payments.append({"at": at(order["placed"], 11).isoformat(), "status": "captured",
                             "amount": str(total), "currency": CURRENCY})
    eta_from, eta_to = order["eta"]
    refunded = order.get("refunded")
    conn.execute(schema.orders.insert().values(
        id=order["id"], email=order["email"], country=order["country"], status=order["status"],
        currency=CURRENCY, total=total, placed_at=at(order["placed"], 9),
        shipping_address=order["address"], carrier=order.get("carrier"),
        tracking_number=order.get("tracking"), eta_earliest=today + dt.timedelta(days=eta_from),
        eta_latest=today + dt.timedelta(days=eta_to), shipped_at=at(order.get("shipped")),
        delivered_at=at(order.get("delivered"), 14), refunded_at=at(refunded),
        refund_amount=total if refunded is not None else None, payments=payments, is_demo=True))
    for i in order["items"]:
        name, category = product_names[i["product_sku"]]
        conn.execute(schema.order_items.insert().values(
            order_id=order["id"], sku=_variant_sku(i["product_sku"], i["size"], i["colour"]),
            product_sku=i["product_sku"], name=name, category=category, size=i["size"],
            colour=i["colour"], quantity=i["quantity"], unit_price=prices[i["product_sku"]]))
    for days, code, location in order.get("events", []):
        conn.execute(schema.tracking_events.insert().values(
            order_id=order["id"], at=at(days, 8 + len(code) % 10), code=code, location=location))


def _variant_sku(product_sku: str, size: Optional[str], colour: str) -> str:
    return "-".join(part for part in (product_sku, size, colour.upper()) if part)


def refresh_demo_dates(engine: Engine, today: Optional[dt.date] = None) -> int:
    """Shift demo orders forward by the days since they were seeded; returns the shift."""
    today = today or dt.date.today()
    with engine.begin() as conn:
        anchor = conn.execute(sa.select(schema.seed_info.c.anchor_date)).scalar()
        if anchor is None or anchor >= today:
            return 0
        shift = dt.timedelta(days=(today - anchor).days)
        demo_ids = conn.execute(
            sa.select(schema.orders.c.id).where(schema.orders.c.is_demo.is_(True))
        ).scalars().all()
        date_columns = ("placed_at", "eta_earliest", "eta_latest", "shipped_at", "delivered_at",
                        "refunded_at")
        for row in conn.execute(
            sa.select(schema.orders).where(schema.orders.c.id.in_(demo_ids))
        ).mappings().all():
            values = {c: row[c] + shift for c in date_columns if row[c] is not None}
            values["payments"] = [
                {**p, "at": (dt.datetime.fromisoformat(p["at"]) + shift).isoformat()}
                for p in row["payments"]
            ]
            conn.execute(schema.orders.update().where(schema.orders.c.id == row["id"]).values(**values))
        for row in conn.execute(
            sa.select(schema.tracking_events).where(schema.tracking_events.c.order_id.in_(demo_ids))
        ).mappings().all():
            conn.execute(schema.tracking_events.update()
                         .where(schema.tracking_events.c.id == row["id"])
                         .values(at=row["at"] + shift))
        conn.execute(schema.seed_info.update().values(anchor_date=today))
        return shift.days


def reset(engine: Engine) -> None:
    schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)


def ensure_seeded(url: Optional[str] = None) -> str:
    """Seed an empty database, else keep the demo dates current. Returns what happened."""
    backend = SqlShopBackend(url)
    if backend.is_empty():
        seed(backend.engine)
        return "seeded"
    shifted = refresh_demo_dates(backend.engine)
    return f"already seeded; demo dates shifted by {shifted} days" if shifted else "already seeded"


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reset", action="store_true", help="wipe all data (cases too) and reload")
    args = parser.parse_args(argv)
    url = database_url()
    if args.reset:
        engine = make_engine(url)
        reset(engine)
        seed(engine)
        print(f"shop database reset and seeded: {engine.url}")
    else:
        print(f"shop database {make_engine(url).url}: {ensure_seeded(url)}")


if __name__ == "__main__":
    main()
