"""What the loaded directory holds: regions, governments, central bodies, flags, successors."""

import datetime as dt

import pytest

from lapor.directory.models import Category, Institution, InstitutionKind, Region

pytestmark = pytest.mark.django_db


def test_it_has_every_province_regency_and_district():
    assert Region.objects.filter(level=1).count() == 38
    assert Region.objects.filter(level=2).count() == 514
    assert Region.objects.filter(level=3).count() == 7285
    assert set(Region.objects.filter(level=2).values_list("kind", flat=True)) == {
        "kabupaten",
        "kota",
    }


def test_regions_are_keyed_by_kemendagri_code():
    assert Region.objects.get(code="33.74").name == "Kota Semarang"
    assert Region.objects.get(code="96").name == "Papua Barat Daya"


def test_papua_barat_daya_has_its_six_regencies_and_cities_with_governments():
    children = Region.objects.filter(parent_id="96")
    assert children.count() == 6
    governments = Institution.objects.filter(region__parent_id="96")
    assert governments.count() == 6
    province = Institution.objects.government_of("96")
    assert {g.parent_id for g in governments} == {province.pk}
    assert Region.objects.get(code="96").timezone == "Asia/Jayapura"


def test_one_government_per_province_and_autonomous_regency_or_city():
    assert Institution.objects.filter(kind=InstitutionKind.PEMPROV).count() == 38
    regencies = Institution.objects.filter(
        kind__in=[InstitutionKind.PEMKAB, InstitutionKind.PEMKOT]
    )
    assert regencies.count() == 508
    assert Institution.objects.government_of("33.74").name == "Pemerintah Kota Semarang"
    assert Institution.objects.government_of("34.04").name == "Pemerintah Kabupaten Sleman"


def test_jakartas_administrative_areas_are_units_of_the_province():
    assert not Institution.objects.filter(region__code__startswith="31.").exists()
    dki = Institution.objects.government_of("31")
    names = set(dki.units.values_list("name", flat=True))
    assert "Kota Administrasi Jakarta Selatan" in names
    assert len(names) == 6


def test_there_are_at_least_650_institutions_with_48_current_ministries():
    assert Institution.objects.count() >= 650
    ministries = Institution.objects.active(dt.date(2026, 12, 1)).filter(
        kind__in=[InstitutionKind.KEMENTERIAN, InstitutionKind.KEMENKO]
    )
    assert ministries.count() == 48


def test_main_public_service_bodies_are_present():
    for acronym in ["PLN", "KAI", "ORI"]:
        assert Institution.objects.filter(acronym__iexact=acronym).exists(), acronym
    for name in ["BPJS Kesehatan", "BPJS Ketenagakerjaan", "Pertamina", "Pos Indonesia"]:
        assert Institution.objects.filter(name__icontains=name).exists(), name
    assert Institution.objects.filter(
        kind="lainnya", region_id="34.04", name__icontains="Air Minum"
    ).exists()


def test_the_six_pilot_regions_are_flagged():
    pilots = Institution.objects.filter(pilot=True)
    assert set(pilots.values_list("region_id", flat=True)) == {
        "34",
        "34.04",
        "51",
        "51.03",
        "36.03",
        "13",
    }


def test_the_five_partners_are_flagged():
    partners = Institution.objects.active(dt.date(2026, 12, 1)).filter(partner=True)
    acronyms = {p.acronym for p in partners}
    assert len(partners) == 5
    assert {"KemenPANRB", "Kemendagri", "KSP"} <= acronyms
    assert partners.filter(name__icontains="Ombudsman").exists()
    assert partners.filter(name__icontains="Komunikasi dan Digital").exists()


def test_a_former_ministry_resolves_to_its_successors():
    former = Institution.objects.get(acronym="Kemendikbudristek")
    assert not former.is_active(dt.date(2026, 12, 1))
    successors = {i.acronym for i in former.resolve(dt.date(2026, 12, 1))}
    assert len(successors) >= 3
    assert "Kemendikdasmen" in successors
    assert former.resolve(dt.date(2024, 1, 1)) == [former]


def test_every_former_body_resolves_to_active_ones():
    today = dt.date(2026, 12, 1)
    for former in Institution.objects.filter(active_to__lt=today):
        resolved = former.resolve(today)
        assert resolved, former.code
        assert all(i.is_active(today) for i in resolved)


def test_categories_have_38_main_topics_with_subcategories():
    assert Category.objects.filter(parent=None).count() == 38
    assert Category.objects.exclude(parent=None).count() > 100


def test_institutions_outside_their_province_use_its_time_zone():
    bali = Institution.objects.government_of("51.03")
    assert bali.timezone_name == "Asia/Makassar"
    assert Institution.objects.filter(partner=True).first().timezone_name == "Asia/Jakarta"
