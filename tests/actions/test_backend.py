import datetime as dt

import pytest

from actions.shop.backend import OrderNotChangeable
from actions.shop.seed import refresh_demo_dates

TODAY = dt.date.today()


def days_ago(moment) -> int:
    return (TODAY - (moment.date() if isinstance(moment, dt.datetime) else moment)).days


def test_demo_orders_are_in_the_states_the_readme_promises(backend):
    a1001, a1002, a1003, a1004, a1005, a1006 = (
        backend.get_order(f"A100{i}") for i in range(1, 7)
    )
    assert (a1001.country, a1001.status, a1001.items[0].size) == ("ES", "delivered", "38")
    assert days_ago(a1001.delivered_at) == 6
    assert a1002.status == "in_transit" and (a1002.eta_latest - TODAY).days == 3
    assert len(a1002.tracking) >= 2
    assert a1003.status == "paid" and a1003.country == "SG"
    assert a1004.status == "delivered" and days_ago(a1004.delivered_at) == 45
    assert a1005.status == "in_transit" and days_ago(a1005.eta_latest) == 12
    assert a1006.status == "refunded" and days_ago(a1006.refunded_at) == 3
    assert a1006.refund_amount == a1006.total
    states = {backend.get_order(f"A{n}").status for n in range(1001, 1012)}
    assert {"awaiting_payment", "paid", "in_transit", "delivered", "lost", "refunded"} <= states


def test_wrong_email_finds_nothing_like_an_unknown_order(backend):
    assert backend.find_order_for_buyer("A1001", "Maria.Garcia@example.com").id == "A1001"
    assert backend.find_order_for_buyer("A1001", "jonas.weber@example.com") is None
    assert backend.find_order_for_buyer("A9999", "maria.garcia@example.com") is None


def test_opening_the_same_case_twice_returns_the_first(backend):
    first, created = backend.open_case("A1001", "return", "SNK-TRAIL-38-BLUE", "too small")
    again, created_again = backend.open_case("A1001", "return", "SNK-TRAIL-38-BLUE", "again")
    other, _ = backend.open_case("A1001", "damaged", "SNK-TRAIL-38-BLUE", "sole")
    assert created and not created_again
    assert again.id == first.id and again.reason == "too small"
    assert other.id != first.id
    assert {c.id for c in backend.cases_for_order("A1001")} == {first.id, other.id}
    assert first.id.startswith("C-") and len(first.id) == 8
    assert first.return_label and first.history[0].status == "open"


def test_case_history_keeps_every_status_change(backend):
    case, _ = backend.open_case("A1002", "complaint", reason="rude courier")
    updated = backend.add_case_event(case.id, "resolved", "coupon")
    assert updated.status == "resolved"
    assert [h.status for h in updated.history] == ["open", "resolved"]
    assert backend.get_case(case.id.lower()).id == case.id


def test_shipped_order_cannot_be_cancelled_or_readdressed(backend):
    for change in (lambda: backend.cancel_order("A1002"),
                   lambda: backend.change_address("A1002", "Somewhere 1, Berlin")):
        with pytest.raises(OrderNotChangeable):
            change()
    order = backend.get_order("A1002")
    assert order.status == "in_transit" and order.shipping_address.startswith("Schönhauser")


def test_unshipped_order_item_can_change_size(backend):
    order = backend.change_item_variant("A1009", "TEE-COT-S-GREEN", "M", None)
    assert (order.items[0].size, order.items[0].colour) == ("M", "green")


def test_catalogue_and_destination_lookups(backend):
    assert backend.resolve_country("España").country == "ES"
    assert backend.resolve_country("br").name == "Brazil"
    assert backend.resolve_country("Atlantis") is None
    assert backend.find_product("trail sneakers").sku == "SNK-TRAIL"
    assert "Pix" in [m.name for m in backend.payment_methods("BR")]
    assert "Pix" not in [m.name for m in backend.payment_methods("DE")]


def test_demo_dates_follow_today(backend):
    before = backend.get_order("A1001").delivered_at
    assert refresh_demo_dates(backend.engine, TODAY + dt.timedelta(days=5)) == 5
    assert backend.get_order("A1001").delivered_at == before + dt.timedelta(days=5)
