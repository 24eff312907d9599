"""Shared test base: the directory loaded once per test database, and the personas.

Personas (use the `people` fixture):
- nadia   national admin (verifies and disposes every report)
- sari    institution admin of Pemerintah Kabupaten Sleman
- dodi    unit officer of Disdukcapil Sleman
- putri   supervisor of Pemerintah Provinsi D.I. Yogyakarta
- oki     Ombudsman auditor
- tono    institution admin of Pemerintah Kota Semarang: must see nothing of Sleman's
- citra   a citizen with an account (reporter)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from rest_framework.test import APIClient

from lapor.directory.loader import load_directory
from lapor.directory.models import Institution, Role, WorkUnit
from lapor.directory.staff import staff_add

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_directory()


@pytest.fixture(autouse=True)
def _directory_present(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """A transactional test's flush empties the database for the tests that follow it on the
    same worker: reload the directory (committed, outside any test transaction) when missing."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "people"} & set(
        request.fixturenames
    ):
        return
    request.getfixturevalue("django_db_setup")
    from lapor.directory.models import Region

    with django_db_blocker.unblock():
        if not Region.objects.exists():
            load_directory()


@pytest.fixture
def directory(transactional_db: None) -> None:
    """For transactional tests: the flush after each one empties the directory, so reload it."""
    load_directory()


@pytest.fixture
def fresh_routing() -> Iterator[None]:
    """The router keeps the directory per process, and suggestions are cached: start clean."""
    from django.core.cache import cache

    from lapor.routing.router import reset_cache

    reset_cache()
    cache.clear()
    yield
    reset_cache()
    cache.clear()


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    with translation.override("id"):
        yield


@dataclass
class People:
    nadia: Any
    sari: Any
    dodi: Any
    putri: Any
    oki: Any
    tono: Any
    citra: Any
    sleman: Institution
    semarang: Institution
    diy: Institution
    disdukcapil: WorkUnit
    dpupr: WorkUnit

    def client(self, user: Any | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client


def make_people() -> People:
    sleman = Institution.objects.government_of("34.04")
    semarang = Institution.objects.government_of("33.74")
    diy = Institution.objects.government_of("34")
    disdukcapil, _ = WorkUnit.objects.get_or_create(
        institution=sleman,
        code="disdukcapil",
        defaults={"name": "Dinas Kependudukan dan Pencatatan Sipil"},
    )
    dpupr, _ = WorkUnit.objects.get_or_create(
        institution=sleman,
        code="dpupr",
        defaults={"name": "Dinas Pekerjaan Umum dan Penataan Ruang"},
    )

    def person(username: str, role: str | None, **scope: Any) -> Any:
        if role is None:
            user = get_user_model().objects.create_user(username, f"{username}@contoh.id", PASSWORD)
            return user
        user, _role, _token = staff_add(username=username, role=role, email="", **scope)
        user.set_password(PASSWORD)
        user.email = f"{username}@contoh.id"
        user.save()
        return user

    return People(
        nadia=person("nadia", Role.NATIONAL_ADMIN),
        sari=person("sari", Role.INSTITUTION_ADMIN, institution=sleman),
        dodi=person("dodi", Role.UNIT_OFFICER, institution=sleman, unit=disdukcapil),
        putri=person("putri", Role.SUPERVISOR, institution=diy),
        oki=person("oki", Role.OMBUDSMAN),
        tono=person("tono", Role.INSTITUTION_ADMIN, institution=semarang),
        citra=person("citra", None),
        sleman=sleman,
        semarang=semarang,
        diy=diy,
        disdukcapil=disdukcapil,
        dpupr=dpupr,
    )


@pytest.fixture
def people(db: None) -> People:
    return make_people()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


# --- reports -------------------------------------------------------------------------------

BODY = (
    "Jalan di depan SD Negeri 2 Caturtunggal berlubang besar sejak dua bulan lalu dan "
    "sudah menyebabkan dua pengendara motor jatuh. Mohon segera diperbaiki."
)


def file_report(**overrides: Any) -> tuple[Any, str]:
    """Submit a report through the real action; returns (report, reporter token)."""
    from lapor.reports.actions import Submission, report_submit

    values: dict[str, Any] = {
        "type": "pengaduan",
        "title": "Jalan berlubang di Caturtunggal",
        "body": BODY,
        "reporter_name": "Citra Lestari",
        "reporter_email": "citra.lestari@contoh.id",
        "reporter_phone": "081234567890",
    }
    values.update(overrides)
    return report_submit(Submission(**values))


def by(role: str, user: Any = None) -> Any:
    from lapor.reports.actions import By
    from lapor.reports.lifecycle import Actor

    return By(Actor(role), user, reporter_proven=role == "reporter")


def report_in(state: str, people: People, **overrides: Any) -> tuple[Any, str]:
    """A report driven by the real actions into `state` (at Pemkab Sleman where it matters)."""
    from lapor.reports import actions as a

    report, token = file_report(**overrides)
    nadia, sari, dodi, oki = (
        by("national_admin", people.nadia),
        by("institution_admin", people.sari),
        by("unit_officer", people.dodi),
        by("ombudsman", people.oki),
    )
    me = by("reporter")
    if state == "unverified":
        return report, token
    if state == "on_hold":
        a.report_hold(report, nadia, note="Mohon sebutkan nama jalannya.")
    elif state == "rejected":
        a.report_reject(report, nadia, reason="incomplete")
    elif state == "archived":
        a.report_archive(report, nadia)
    elif state == "duplicate":
        other, _t = file_report()
        a.report_mark_duplicate(report, nadia, of=other)
    elif state == "withdrawn":
        a.report_withdraw(report, me)
    else:
        a.report_verify(report, nadia, institution=people.sleman)
        if state == "disposed":
            return _fresh(report), token
        a.report_accept(report, sari)
        if state == "in_progress":
            return _fresh(report), token
        a.report_assign(report, sari, unit=people.disdukcapil)
        if state == "assigned":
            return _fresh(report), token
        if state == "info_requested":
            a.report_request_info(report, dodi, text="Di RT berapa tepatnya?")
            return _fresh(report), token
        if state == "referred" or state == "ombudsman_closed":
            a.report_consent_referral(report, me)
            a.report_refer_to_ombudsman(report)
            if state == "ombudsman_closed":
                a.report_close(report, oki, finding="resolved", text="Selesai melalui mediasi.")
            return _fresh(report), token
        a.report_respond(report, dodi, text="Jalan sudah ditambal pada 3 Desember.")
        if state == "completed":
            a.report_reply(report, me, satisfied=True)
    return _fresh(report), token


def _fresh(report: Any) -> Any:
    report.refresh_from_db()
    return report
