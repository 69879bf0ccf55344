import datetime as dt

from actions.shop import policies

TODAY = dt.date.today()


def eligibility(backend, order_id, unused=None):
    order = backend.get_order(order_id)
    policy = backend.return_policy(order.country)
    return policies.return_eligibility(order, order.items[0], policy, TODAY, unused)


def test_return_window_category_and_condition(backend):
    assert eligibility(backend, "A1001").code == "eligible"
    refused = eligibility(backend, "A1004")
    assert (refused.code, refused.facts["window_days"], refused.facts["days_since_delivery"]) == (
        "window_expired", 30, 45)
    assert eligibility(backend, "A1011").code == "category_excluded"
    assert eligibility(backend, "A1001", unused=False).code == "item_used"
    assert eligibility(backend, "A1002").code == "not_delivered"
    assert eligibility(backend, "A1006").code == "already_refunded"


def test_late_parcels(backend):
    def assess(order_id):
        order = backend.get_order(order_id)
        return policies.delivery_assessment(order, backend.return_policy(order.country), TODAY)

    assert assess("A1005").code == "dispute" and assess("A1005").facts["days_late"] == 12
    assert assess("A1010").code == "late" and not assess("A1010").allowed
    assert assess("A1002").code == "on_time"
    assert assess("A1008").code == "lost"


def test_size_from_chart_and_measurement(backend):
    chart = backend.get_product("SNK-TRAIL").size_chart
    assert policies.recommend_size(chart, 24.5).facts["size"] == "38"
    assert policies.recommend_size(chart, 24.55).facts["size"] == "39"  # between sizes: size up
    assert policies.recommend_size(chart, 31).code == "above_chart"
    assert policies.parse_measurement_cm("chest 96cm") == 96
    assert policies.parse_measurement_cm("9.5 in") == 24.1
    assert policies.parse_measurement_cm("245 mm") == 24.5
    assert policies.parse_measurement_cm("big") is None
