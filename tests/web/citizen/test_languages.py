"""Every citizen page answers in Indonesian by default and in English when the browser asks
(the English texts themselves come from the translation catalogue; here: the page language
and Django's own translations such as month names)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, report_in
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(people) -> list[str]:
    report, token = report_in("responded", people, reporter=people.citra)
    return [
        "/",
        "/lapor/",
        "/lapor/pilihan/wilayah/?province=34",
        "/lacak/",
        f"/lacak/{report.tracking_id}/",
        "/laporan/",
        f"/laporan/{report.tracking_id}/",
        "/akun/laporan/",
    ]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("url", ["/daftar/", "/masuk/", "/akun/lupa-sandi/"])
def test_account_pages_in_both_languages(url, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
    assert response.status_code == 200 and f'<html lang="{language}">' in text(response)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_in_both_languages(pages, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.login(username="citra", password=PASSWORD)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if "pilihan" not in url:  # fragments have no <html>
            assert f'<html lang="{language}">' in text(response), url


def test_dates_use_the_active_language(people):
    from django.utils import formats, translation

    report, _token = report_in("responded", people)
    url = f"/laporan/{report.tracking_id}/"
    for language in ("id", "en"):
        page = text(Client(HTTP_ACCEPT_LANGUAGE=language).get(url))
        with translation.override(language):
            assert formats.date_format(report.created_at, "j F Y") in page
