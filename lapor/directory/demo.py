"""Demo directory data: work units of the pilot regions and staff who can log in.

Used by `lapor demo` (and the README's run command); idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from lapor.directory.models import Institution, Role, WorkUnit
from lapor.directory.staff import staff_add

DEMO_PASSWORD = "lapor-demo-2026"

REGIONAL_UNITS = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan"),
    ("dinsos", "Dinas Sosial"),
    ("dishub", "Dinas Perhubungan"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("satpol-pp", "Satuan Polisi Pamong Praja"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
]
# The pilot regions plus Kota Semarang (used in the documentation's examples).
DEMO_REGIONS = ["34", "34.04", "51", "51.03", "36.03", "13", "33.74"]


RESPONSE_TEMPLATES = [
    (
        "Sedang ditindaklanjuti",
        "Terima kasih atas laporan Anda. Laporan sudah kami teruskan ke unit terkait dan sedang "
        "ditindaklanjuti. Kami akan memberi kabar paling lambat dalam 5 hari kerja.",
    ),
    (
        "Sudah diperbaiki di lapangan",
        "Petugas kami telah turun ke lokasi dan masalah yang Anda laporkan sudah diperbaiki. "
        "Mohon beri tanggapan apakah Anda puas dengan tindak lanjut ini.",
    ),
    (
        "Dokumen kependudukan siap diambil",
        "Dokumen kependudukan Anda sudah selesai dicetak dan dapat diambil di kantor kecamatan "
        "dengan membawa bukti perekaman.",
    ),
]


@dataclass(frozen=True)
class DemoStaff:
    username: str
    role: str
    institution: str | None  # region code of a regional government, or an institution code
    unit: str | None
    note: str


DEMO_STAFF = [
    DemoStaff(
        "nasional", Role.NATIONAL_ADMIN, None, None, "Admin nasional (verifikasi & disposisi)"
    ),
    DemoStaff(
        "admin-sleman", Role.INSTITUTION_ADMIN, "34.04", None, "Admin instansi Pemkab Sleman"
    ),
    DemoStaff(
        "dukcapil-sleman", Role.UNIT_OFFICER, "34.04", "disdukcapil", "Petugas Disdukcapil Sleman"
    ),
    DemoStaff("pu-sleman", Role.UNIT_OFFICER, "34.04", "dpupr", "Petugas DPUPR Sleman"),
    DemoStaff("dishub-sleman", Role.UNIT_OFFICER, "34.04", "dishub", "Petugas Dishub Sleman"),
    DemoStaff("dlh-badung", Role.UNIT_OFFICER, "51.03", "dlh", "Petugas DLH Badung"),
    DemoStaff("dpmptsp-badung", Role.UNIT_OFFICER, "51.03", "dpmptsp", "Petugas DPMPTSP Badung"),
    DemoStaff(
        "dukcapil-badung", Role.UNIT_OFFICER, "51.03", "disdukcapil", "Petugas Disdukcapil Badung"
    ),
    DemoStaff(
        "dinkes-tangerang", Role.UNIT_OFFICER, "36.03", "dinkes", "Petugas Dinkes Kab. Tangerang"
    ),
    DemoStaff(
        "dinsos-tangerang", Role.UNIT_OFFICER, "36.03", "dinsos", "Petugas Dinsos Kab. Tangerang"
    ),
    DemoStaff("pu-tangerang", Role.UNIT_OFFICER, "36.03", "dpupr", "Petugas DPUPR Kab. Tangerang"),
    DemoStaff(
        "disdik-semarang", Role.UNIT_OFFICER, "33.74", "disdik", "Petugas Disdik Kota Semarang"
    ),
    DemoStaff(
        "satpol-semarang", Role.UNIT_OFFICER, "33.74", "satpol-pp", "Petugas Satpol PP Semarang"
    ),
    DemoStaff(
        "admin-badung", Role.INSTITUTION_ADMIN, "51.03", None, "Admin instansi Pemkab Badung"
    ),
    DemoStaff(
        "admin-tangerang", Role.INSTITUTION_ADMIN, "36.03", None, "Admin instansi Pemkab Tangerang"
    ),
    DemoStaff(
        "admin-semarang", Role.INSTITUTION_ADMIN, "33.74", None, "Admin instansi Pemkot Semarang"
    ),
    DemoStaff("admin-bpjs", Role.INSTITUTION_ADMIN, "bpjs-kesehatan", None, "Admin BPJS Kesehatan"),
    DemoStaff("pengawas-diy", Role.SUPERVISOR, "34", None, "Pengawas Pemprov DIY (dasbor)"),
    DemoStaff("ombudsman", Role.OMBUDSMAN, None, None, "Auditor Ombudsman RI"),
]


def institution_for(key: str) -> Institution:
    if key[0].isdigit():
        return Institution.objects.government_of(key)
    return Institution.objects.get(code=key)


@transaction.atomic
def seed_demo_directory() -> dict[str, int]:
    units = 0
    for key in DEMO_REGIONS:
        institution = institution_for(key)
        for code, name in REGIONAL_UNITS:
            _unit, created = WorkUnit.objects.get_or_create(
                institution=institution,
                code=code,
                defaults={"name": name, "region_id": institution.region_id},
            )
            units += created
    User = get_user_model()
    for person in DEMO_STAFF:
        scope = institution_for(person.institution) if person.institution else None
        unit = scope.units.get(code=person.unit) if scope and person.unit else None
        user, _role, _token = staff_add(
            username=person.username, role=person.role, institution=scope, unit=unit
        )
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    from lapor.web.models import ResponseTemplate

    for key in DEMO_REGIONS[1:]:
        institution = institution_for(key)
        for title, text in RESPONSE_TEMPLATES:
            ResponseTemplate.objects.get_or_create(
                institution=institution, title=title, defaults={"text": text}
            )
    citizen, created = User.objects.get_or_create(
        username="warga", defaults={"email": "warga@demo.lapor.invalid", "first_name": "Warga Demo"}
    )
    if created:
        citizen.set_password(DEMO_PASSWORD)
        citizen.save(update_fields=["password"])
    return {
        "units": units,
        "staff": User.objects.filter(staff_roles__isnull=False).distinct().count(),
    }
