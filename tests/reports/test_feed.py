"""The public feed and the support button."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import report_in

pytestmark = pytest.mark.django_db


def test_the_feed_lists_public_reports_but_never_confidential_or_unverified_ones(people):
    public, _ = report_in("in_progress", people)
    secret, _ = report_in("in_progress", people, confidential=True)
    fresh, _ = report_in("unverified", people)
    feed = APIClient().get("/api/v1/feed").json()
    ids = [r["tracking_id"] for r in feed["results"]]
    assert public.tracking_id in ids
    assert secret.tracking_id not in ids and fresh.tracking_id not in ids
    assert APIClient().get("/api/v1/feed?institution=pemkot-semarang").json()["count"] == 0
    assert APIClient().get("/api/v1/feed?status=nope").status_code == 400


def test_support_counts_once_per_device_or_account(people):
    report, _ = report_in("in_progress", people)
    url = f"/api/v1/reports/{report.tracking_id}/support"
    device = {"HTTP_X_DEVICE_TOKEN": "perangkat-uji-0123456789"}
    assert APIClient().post(url, **device).json() == {"support_count": 1}
    assert APIClient().post(url, **device).status_code == 409
    assert people.client(people.citra).post(url).json() == {"support_count": 2}
    assert people.client(people.citra).post(url).status_code == 409
    assert APIClient().post(url).status_code == 400
    secret, _ = report_in("in_progress", people, confidential=True)
    assert (
        APIClient().post(f"/api/v1/reports/{secret.tracking_id}/support", **device).status_code
        == 404
    )
