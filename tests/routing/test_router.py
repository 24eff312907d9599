"""Cold-start suggestions: the directory, places, topic rules and the category alone."""

import time

import pytest

from lapor.directory.models import Category, Region
from lapor.routing.router import suggest

pytestmark = pytest.mark.django_db


def codes(result, n=3):
    return [c.institution.code for c in result.candidates[:n]]


def test_a_ktp_and_kk_complaint_naming_kota_semarang_goes_to_the_city_government():
    result = suggest(
        "KTP dan KK belum jadi",
        "Sudah tiga bulan saya mengurus KTP elektronik dan kartu keluarga di Kota Semarang "
        "tetapi belum jadi juga.",
    )
    assert codes(result)[0] == "pemkot-semarang"
    assert result.top.confidence > 0.8
    assert any("kota semarang" in r for r in result.top.reasons)
    assert any("kependudukan" in r for r in result.top.reasons)
    assert result.model_version == "cold-start"
    assert result.category is not None and result.category.slug == "kependudukan"


def test_a_bpjs_kesehatan_claim_goes_to_bpjs_kesehatan():
    result = suggest("Klaim ditolak", "Klaim BPJS Kesehatan saya ditolak rumah sakit.")
    assert codes(result)[0] == "bpjs-kesehatan"
    assert result.top.confidence > 0.9
    assert not result.low_confidence


def test_abbreviations_are_understood():
    result = suggest("", "sy sdh 2 bln ngurus kk di dukcapil kab sleman tp blm jadi")
    assert codes(result)[0] == "pemkab-sleman"


def test_a_district_points_to_its_regency_and_the_unit_inside_is_suggested(people):
    # Kecamatan Depok is in Kabupaten Sleman (and there is a Depok in Cirebon too).
    result = suggest("Jalan berlubang", "Jalan di kecamatan Depok berlubang dan membahayakan.",
                     region=Region.objects.get(code="34.04"))  # fmt: skip
    assert codes(result)[0] == "pemkab-sleman"
    assert result.top.unit is not None and "Pekerjaan Umum" in result.top.unit.name


def test_the_region_on_the_form_decides_a_regional_topic():
    result = suggest("Sampah menumpuk", "Sampah di TPS dekat pasar tidak diangkut seminggu.",
                     region=Region.objects.get(code="33.74"))  # fmt: skip
    assert codes(result)[0] == "pemkot-semarang"


def test_an_ambiguous_place_splits_the_confidence():
    result = suggest("", "Lampu jalan mati di Bandung.")
    assert set(codes(result, 2)) == {"pemkot-bandung", "pemkab-bandung"}
    assert result.top.confidence < 0.6


def test_the_category_adds_its_institution_kind():
    category = Category.objects.get(slug="ketenagakerjaan")
    result = suggest("Pertanyaan", "Bagaimana cara mengurus pesangon?", category=category)
    assert codes(result)[0] == "kemnaker"


@pytest.mark.parametrize(
    "title, body",
    [
        ("", ""),
        ("😀😀😀", "🙏🙏"),
        ("", "https://contoh.id/a http://b.example/c"),
        ("The road is broken", "Please fix the road near my house."),
        ("Dalan rusak", "Dalanipun rusak sanget, nyuwun didandosi."),  # Javanese
        ("x" * 200, "kata " * 50_000),
    ],
)
def test_odd_input_gives_low_confidence_and_no_error(title, body):
    result = suggest(title, body)
    assert result.low_confidence
    assert all(0.0 <= c.confidence <= 1.0 for c in result.candidates)


def test_suggesting_is_fast_once_the_directory_is_loaded():
    suggest("", "pemanasan")
    started = time.perf_counter()
    for _ in range(20):
        suggest("Paspor", "Pembuatan paspor di kantor imigrasi lama sekali.")
    # Not a timing assertion: just that it does not rebuild the directory each time.
    assert time.perf_counter() - started < 20
