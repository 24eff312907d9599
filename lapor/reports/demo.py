"""Demo reports for `lapor demo`: a few hundred realistic reports in every state, with
back-dated histories (through `clock.at`) so that queues show due, overdue, escalated and
auto-closed reports. Deterministic (seeded) and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lapor import clock
from lapor.deadlines.sweeps import run_sweeps
from lapor.directory.models import Category, Institution, Region, Role, StaffRole
from lapor.reports import actions as a
from lapor.reports.actions import By, Submission
from lapor.reports.lifecycle import Actor
from lapor.reports.models import Report

DEMO_DOMAIN = "demo.lapor.invalid"

# (title, body, unit code, category words, regency/city code)
STORIES: list[tuple[str, str, str, str, str]] = [
    (
        "KTP elektronik belum dicetak",
        "Saya sudah merekam KTP-el di kantor Disdukcapil tiga bulan lalu tetapi sampai sekarang belum dicetak karena blangko habis. Mohon kejelasan kapan bisa diambil.",
        "disdukcapil",
        "kependudukan",
        "34.04",
    ),
    (
        "Kartu Keluarga salah nama",
        "Nama anak saya di Kartu Keluarga salah ketik. Sudah dua kali mengajukan perbaikan di kecamatan namun belum ada perubahan.",
        "disdukcapil",
        "kependudukan",
        "34.04",
    ),
    (
        "Jalan berlubang di depan sekolah",
        "Jalan di depan SD Negeri Caturtunggal berlubang besar sejak dua bulan lalu. Sudah ada pengendara motor yang jatuh. Mohon segera diperbaiki.",
        "dpupr",
        "jalan",
        "34.04",
    ),
    (
        "Lampu penerangan jalan mati",
        "Lampu penerangan jalan umum di Jalan Kaliurang km 9 mati sejak tiga minggu, jalan gelap dan rawan kejahatan.",
        "dishub",
        "penerangan",
        "34.04",
    ),
    (
        "Sampah menumpuk di pasar",
        "Sampah di sekitar pasar menumpuk dan tidak diangkut selama seminggu sehingga menimbulkan bau dan lalat.",
        "dlh",
        "sampah",
        "51.03",
    ),
    (
        "Antrean BPJS di puskesmas",
        "Pasien BPJS di puskesmas harus antre sejak subuh dan sering ditolak karena kuota. Mohon penambahan layanan.",
        "dinkes",
        "kesehatan",
        "36.03",
    ),
    (
        "Bantuan sosial tidak tepat sasaran",
        "Keluarga kami termasuk kurang mampu tetapi tidak menerima bantuan sosial, sementara tetangga yang mampu menerima.",
        "dinsos",
        "sosial",
        "36.03",
    ),
    (
        "Pungutan di sekolah negeri",
        "Sekolah negeri meminta sumbangan wajib untuk seragam dan gedung kepada orang tua murid baru.",
        "disdik",
        "pendidikan",
        "33.74",
    ),
    (
        "Izin usaha lama diproses",
        "Permohonan izin usaha kami melalui OSS sudah lebih dari sebulan belum diverifikasi dinas.",
        "dpmptsp",
        "perizinan",
        "51.03",
    ),
    (
        "Pedagang kaki lima menutup trotoar",
        "Trotoar di depan terminal dipenuhi pedagang sehingga pejalan kaki harus berjalan di badan jalan.",
        "satpol-pp",
        "ketertiban",
        "33.74",
    ),
    (
        "Drainase tersumbat, banjir setiap hujan",
        "Saluran air di perumahan kami tersumbat dan setiap hujan deras air masuk ke rumah warga.",
        "dpupr",
        "banjir",
        "36.03",
    ),
    (
        "Akta kelahiran belum terbit",
        "Pengajuan akta kelahiran anak kami sudah tiga minggu dan belum terbit padahal dijanjikan satu minggu.",
        "disdukcapil",
        "kependudukan",
        "51.03",
    ),
]


def _category(words: str) -> Category | None:
    return Category.objects.filter(name__icontains=words).order_by("parent_id", "position").first()


def _first_user(
    role: str, institution: Institution | None = None, unit_code: str | None = None
) -> Any:
    roles = StaffRole.objects.filter(role=role)
    if institution is not None:
        roles = roles.filter(institution=institution)
    if unit_code is not None:
        roles = roles.filter(unit__code=unit_code)
    found = roles.select_related("user").first()
    return found.user if found else None


@transaction.atomic
def seed_demo_reports(count: int = 240, *, now: dt.datetime | None = None) -> Counter[str]:
    """Create `count` demo reports unless they exist already; return the count per status."""
    if Report.objects.filter(reporter_email__endswith="@" + DEMO_DOMAIN).exists():
        return Counter(
            Report.objects.filter(reporter_email__endswith="@" + DEMO_DOMAIN).values_list(
                "status", flat=True
            )
        )
    now = now or timezone.now()
    rng = random.Random(1708)
    national = _first_user(Role.NATIONAL_ADMIN)
    citizen = get_user_model().objects.filter(username="warga").first()
    targets = [
        "unverified",
        "on_hold",
        "disposed",
        "in_progress",
        "assigned",
        "info_requested",
        "responded",
        "completed",
        "rejected",
        "archived",
        "withdrawn",
        "returned",
        "forwarded",
        "auto_close",
        "duplicate",
        "referred",
        "ombudsman_closed",
    ]
    ombudsman = _first_user(Role.OMBUDSMAN)
    previous: Report | None = None
    for i in range(count):
        title, body, unit_code, words, region_code = STORIES[i % len(STORIES)]
        districts = list(Region.objects.filter(parent_id=region_code).order_by("code"))
        district = districts[i % len(districts)]
        institution = Institution.objects.government_of(region_code)
        admin = _first_user(Role.INSTITUTION_ADMIN, institution)
        officer = _first_user(Role.UNIT_OFFICER, institution, unit_code)
        unit = institution.units.filter(code=unit_code).first()
        target = targets[i % len(targets)]
        # Recent starts for the states meant to show a running (not yet overdue) clock.
        recent = target in ("responded", "disposed", "unverified") and i % 2 == 0
        start = now - dt.timedelta(
            days=rng.randint(1, 4 if recent else 75), hours=rng.randint(0, 10)
        )
        moment = start

        def step(hours: float) -> dt.datetime:
            nonlocal moment
            moment = min(moment + dt.timedelta(hours=hours), now - dt.timedelta(minutes=5))
            return moment

        with clock.at(moment):
            report, _token = a.report_submit(
                Submission(
                    type="pengaduan" if i % 5 else "aspirasi",
                    title=title,
                    body=body,
                    occurred_on=(moment - dt.timedelta(days=3)).date(),
                    region=district,
                    category=_category(words),
                    anonymous=i % 4 == 0,
                    confidential=i % 9 == 0,
                    channel=["web", "mobile", "sms", "whatsapp", "email"][i % 5],
                    reporter=citizen if i % 7 == 0 else None,
                    reporter_name=f"Warga Demo {i + 1}",
                    reporter_email=f"warga{i + 1}@{DEMO_DOMAIN}",
                    language="id",
                )
            )
        nad, adm, off, me = (
            By(Actor.NATIONAL_ADMIN, national),
            By(Actor.INSTITUTION_ADMIN, admin),
            By(Actor.UNIT_OFFICER, officer),
            By(Actor.REPORTER, report.reporter, reporter_proven=True),
        )
        if target == "unverified" or admin is None:
            continue
        with clock.at(step(rng.uniform(2, 60))):
            if target == "on_hold":
                a.report_hold(report, nad, note="Mohon lengkapi lokasi kejadian (nama jalan/RT).")
                continue
            if target == "rejected":
                a.report_reject(
                    report, nad, reason="not_public_service", note="Bukan tentang pelayanan publik."
                )
                continue
            if target == "archived":
                a.report_archive(report, nad, note="Laporan ganda dari kanal lain.")
                continue
            if target == "withdrawn":
                a.report_withdraw(report, me, text="Masalah sudah selesai sendiri.")
                continue
            if target == "duplicate" and previous is not None:
                a.report_mark_duplicate(
                    report, nad, of=previous, note="Masalah yang sama sudah dilaporkan."
                )
                continue
            a.report_verify(report, nad, institution=institution)
        previous = report
        if target in ("referred", "ombudsman_closed"):
            with clock.at(step(rng.uniform(2, 24))):
                a.report_accept(report, adm)
                a.report_consent_referral(report, me)
                a.report_refer_to_ombudsman(
                    report, nad, note="Tidak selesai; pelapor setuju dirujuk."
                )
            if target == "ombudsman_closed" and ombudsman is not None:
                with clock.at(step(rng.uniform(24, 96))):
                    a.report_close(
                        report,
                        By(Actor.OMBUDSMAN, ombudsman),
                        finding="resolved",
                        text="Selesai melalui mediasi Ombudsman.",
                    )
            continue
        if target == "disposed":
            continue
        if target == "returned":
            with clock.at(step(rng.uniform(2, 40))):
                a.report_return(
                    report, adm, reason="not_our_authority", note="Kewenangan pemerintah provinsi."
                )
            continue
        if target == "forwarded":
            other = Institution.objects.government_of(
                "33.74" if region_code != "33.74" else "34.04"
            )
            with clock.at(step(rng.uniform(2, 40))):
                a.report_forward(
                    report, adm, institution=other, note=f"Lokasi kejadian di wilayah {other.name}."
                )
            continue
        with clock.at(step(rng.uniform(2, 48))):
            a.report_accept(report, adm)
        if target == "in_progress" or unit is None or officer is None:
            continue
        with clock.at(step(rng.uniform(1, 24))):
            a.report_assign(report, adm, unit=unit)
        if target == "assigned":
            continue
        if target == "info_requested":
            with clock.at(step(rng.uniform(4, 72))):
                a.report_request_info(report, off, text="Mohon kirim foto lokasi dan nomor RT/RW.")
            continue
        with clock.at(step(rng.uniform(4, 96))):
            a.report_respond(
                report,
                off,
                text="Laporan sudah kami tindak lanjuti; petugas telah turun ke lokasi.",
            )
        if target == "completed":
            with clock.at(step(rng.uniform(4, 72))):
                a.report_reply(report, me, satisfied=True, text="Terima kasih, sudah beres.")
        # "auto_close" targets stay responded; the sweep below closes the ones past the window.
    run_sweeps(now)
    return Counter(
        Report.objects.filter(reporter_email__endswith="@" + DEMO_DOMAIN).values_list(
            "status", flat=True
        )
    )
