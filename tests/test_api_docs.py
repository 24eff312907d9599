"""The OpenAPI schema and the interactive docs are served locally (no CDN)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_report_endpoints(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/reports",
        "/api/v1/institutions",
        "/api/v1/reports/{tracking_id}/actions/{action}",
    ):
        assert path in text


def test_the_docs_page_loads_its_assets_from_this_server(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_pages_and_api_errors_speak_english_when_asked(client):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Write a report" in home and 'lang="en"' in home
    response = client.post(
        "/api/v1/reports",
        {"type": "pengaduan", "title": "Jalan rusak", "body": "Terlalu singkat."},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "too short" in response.json()["body"][0]
