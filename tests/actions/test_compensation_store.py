"""The compensation record of a case in the shop database (SqlShopBackend.grant_compensation)."""
import datetime as dt
import threading
from decimal import Decimal

import sqlalchemy as sa

from actions.shop import schema
from actions.shop.backend import COUPON, PARTIAL_REFUND, Compensation, ShopBackend
from actions.shop.seed import seed
from actions.shop.sql_backend import SqlShopBackend, make_engine

COUPON_10 = Compensation(COUPON, coupon_code="SORRY-ABC123", coupon_percent=10)
REFUND = Compensation(PARTIAL_REFUND, amount=Decimal("17.98"), currency="EUR")


def complaint(backend):
    return backend.open_case("A1001", "complaint", reason="feedback: slow")[0]


def test_a_case_is_granted_one_compensation(backend):
    case = complaint(backend)
    assert case.compensation is None
    first, granted = backend.grant_compensation(case.id, COUPON_10)
    second, granted_again = backend.grant_compensation(case.id, REFUND)
    assert granted and not granted_again
    assert first.compensation == second.compensation == backend.get_case(case.id).compensation
    assert (second.compensation.kind, second.compensation.coupon_code) == (COUPON, "SORRY-ABC123")
    assert isinstance(second.compensation.at, dt.datetime)
    # The grant is also the status change agents read in the history, written with it.
    assert second.status == "resolved"
    assert [(h.status, h.note) for h in second.history[1:]] == [
        ("resolved", "coupon SORRY-ABC123 10%")]


def test_the_amount_of_a_partial_refund_is_exact(backend):
    case, _ = backend.grant_compensation(complaint(backend).id, REFUND)
    assert case.compensation.amount == Decimal("17.98")
    assert case.history[-1].note == "partial refund 17.98 EUR"


def test_concurrent_grants_from_several_processes_pay_once(backend):
    case = complaint(backend)
    # Each thread stands for an action-server process with its own engine on the same database.
    shops = [SqlShopBackend(engine=make_engine(str(backend.engine.url))) for _ in range(6)]
    start = threading.Barrier(len(shops))
    results = []

    def grant(shop, n):
        start.wait()
        results.append(shop.grant_compensation(
            case.id, Compensation(COUPON, coupon_code=f"SORRY-{n}", coupon_percent=10))[1])

    threads = [threading.Thread(target=grant, args=(shop, n)) for n, shop in enumerate(shops)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    stored = backend.get_case(case.id)
    notes = [h.note for h in stored.history if h.note.startswith("coupon")]
    assert notes == [f"coupon {stored.compensation.coupon_code} 10%"]


def test_an_existing_database_gets_the_column_and_its_old_compensations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    old_cases = sa.Table("cases", sa.MetaData(), *(
        c.copy() for c in schema.cases.columns if c.name != "compensation"))
    other_tables = [t for t in schema.metadata.sorted_tables if t.name != "cases"]
    schema.metadata.create_all(engine, tables=other_tables)
    old_cases.create(engine)  # the cases table from before the compensation column
    seed(engine)
    at = "2026-01-01T12:00:00"
    with engine.begin() as conn:
        for case_id, note in (("C-PAID01", "partial refund 26.78 EUR"),
                              ("C-COUP01", "coupon SORRY-COUP01 10%"), ("C-OPEN01", "")):
            conn.execute(old_cases.insert().values(
                id=case_id, type="complaint", order_id="A1001", item_sku=case_id, reason="",
                status="open", created_at=dt.datetime(2026, 1, 1), updated_at=dt.datetime(2026, 1, 1),
                history=[{"at": at, "status": "open", "note": "opened"},
                         {"at": at, "status": "resolved", "note": note}]))
    assert "compensation" not in {c["name"] for c in sa.inspect(engine).get_columns("cases")}

    shop = SqlShopBackend(url)  # what the action server does when it starts
    paid, coupon = shop.get_case("C-PAID01").compensation, shop.get_case("C-COUP01").compensation
    assert (paid.kind, paid.amount, paid.currency) == (PARTIAL_REFUND, Decimal("26.78"), "EUR")
    assert (coupon.kind, coupon.coupon_code, coupon.coupon_percent) == (COUPON, "SORRY-COUP01", 10)
    assert coupon.at == dt.datetime(2026, 1, 1, 12)
    assert shop.get_case("C-OPEN01").compensation is None
    assert not shop.grant_compensation("C-PAID01", COUPON_10)[1]  # already paid before the column
    assert shop.grant_compensation("C-OPEN01", COUPON_10)[1]
    SqlShopBackend(url)  # later starts leave the migrated database alone
    assert shop.get_case("C-OPEN01").compensation.coupon_code == "SORRY-ABC123"


def test_the_interface_requires_an_atomic_grant_of_adapters():
    assert "grant_compensation" in ShopBackend.__abstractmethods__
