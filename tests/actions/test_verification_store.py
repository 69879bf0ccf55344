"""The per-order verification failures in the shop database (SqlShopBackend)."""
import datetime as dt

import sqlalchemy as sa

from actions.shop import schema
from actions.shop.backend import ShopBackend
from actions.shop.sql_backend import SqlShopBackend, make_engine
from actions.shop.lockout import lock_end

T0 = dt.datetime(2026, 1, 1, 12, 0, 0)


def test_failures_are_stored_per_order_and_cleared(backend):
    for seconds in (0, 1, 2):
        backend.record_verification_failure("a1002", T0 + dt.timedelta(seconds=seconds))
    backend.record_verification_failure("A9999", T0)  # numbers of no order are stored too
    assert backend.verification_failures("A1002", T0 + dt.timedelta(seconds=1)) == [
        T0 + dt.timedelta(seconds=1), T0 + dt.timedelta(seconds=2)]
    backend.clear_verification_failures("A1002", before=T0 + dt.timedelta(seconds=2))
    assert backend.verification_failures("A1002", T0) == [T0 + dt.timedelta(seconds=2)]
    backend.clear_verification_failures("A1002")
    assert backend.verification_failures("A1002", T0) == []
    assert backend.verification_failures("A9999", T0) == [T0]


def test_failures_survive_a_new_backend_on_the_same_database(backend):
    backend.record_verification_failure("A1002", T0)
    again = SqlShopBackend(engine=backend.engine)
    assert again.verification_failures("A1002", T0) == [T0]


def test_an_existing_database_gets_the_new_table_on_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    old_tables = [t for t in schema.metadata.sorted_tables if t.name != "verification_failures"]
    schema.metadata.create_all(engine, tables=old_tables)  # a database from before this table
    assert "verification_failures" not in sa.inspect(engine).get_table_names()
    shop = SqlShopBackend(url)  # what the action server does when it starts
    assert "verification_failures" in sa.inspect(shop.engine).get_table_names()
    shop.record_verification_failure("A1002", T0)
    assert shop.verification_failures("A1002", T0) == [T0]


def test_the_interface_requires_the_methods_of_adapters():
    abstract = ShopBackend.__abstractmethods__
    assert {"record_verification_failure", "verification_failures",
            "clear_verification_failures"} <= abstract


def test_lock_rule():
    window = 900.0
    assert lock_end([], window) is None
    assert lock_end([0, 1], window) is None
    assert lock_end([0, 1, 2], window) == 902  # a window from the locking failure
    assert lock_end([0, 500, 1000], window) is None  # not 3 within one window
    assert lock_end([0, 1, 2, 903], window) is None  # after a lock, counting starts afresh


def test_a_failure_is_recorded_and_the_lock_returned_at_once(backend):
    window = dt.timedelta(seconds=900)
    backend.record_verification_failure("A1002", T0 - 2 * window - dt.timedelta(seconds=1))
    locks = [backend.fail_verification("a1002", T0 + dt.timedelta(seconds=s), window)
             for s in (0, 1, 2)]
    assert [(lock.failures, lock.until) for lock in locks] == [
        (1, None), (2, None), (3, T0 + dt.timedelta(seconds=2) + window)]
    # The same lock the read side sees; the failure from more than two windows ago is gone.
    assert backend.verification_lock_end("A1002", T0 + dt.timedelta(seconds=3), window) == locks[2].until
    assert backend.verification_failures("A1002", T0 - 3 * window) == [
        T0, T0 + dt.timedelta(seconds=1), T0 + dt.timedelta(seconds=2)]
    # A number of no order locks the same way.
    unknown = [backend.fail_verification("A9999", T0 + dt.timedelta(seconds=s), window)
               for s in (0, 1, 2)]
    assert [(lock.failures, lock.until) for lock in unknown] == [
        (lock.failures, lock.until) for lock in locks]
    assert backend.verification_lock_end("A1002", locks[2].until, window) is None  # over


def test_the_interface_requires_recording_a_failure_with_its_lock():
    assert "fail_verification" in ShopBackend.__abstractmethods__
