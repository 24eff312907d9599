"""The curated LAPOR! topic tree (`lapor/directory/data/categories.json`), checked as plain data.

No database and no Django: the JSON file is read straight from the package. The cross-check
against the scraped source is skipped when `../shared/data/categories/` is not there.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "lapor" / "directory" / "data" / "categories.json"
SOURCE = REPO.parent / "shared/data/categories/lapor_categories.json"

KINDS = {
    "kementerian",
    "kementerian_koordinator",
    "lpnk",
    "lns",
    "pemerintah_provinsi",
    "pemerintah_kabupaten",
    "pemerintah_kota",
    "bumn",
    "bpjs",
    "lainnya",
}
KEYS = {"slug", "name", "institution_kind", "children"}
SLUG = re.compile(r"^[a-z0-9-]+$")
MAX_DEPTH = 4  # main category + three levels, as on LAPOR! (COVID-19, BPJS Kesehatan, ...)

# Obvious misspellings in the source that the fixture corrects (whole words, case-folded).
# Spacing, hyphens and punctuation ("DI BAYARKAN" -> "Dibayarkan") are ignored by `key` anyway.
SOURCE_FIXES = {
    "bansosd aerah": "bansos daerah",
    "jumlahuang": "jumlah uang",
    "prayarat": "prasyarat",
    "sevice": "service",
    "tunan": "tunai",
    "indoneisa": "indonesia",
    "kendara": "kendaraan",
    "laiinya": "lainnya",
    "permohoan": "permohonan",
    "perizinanan": "perizinan",
    "akomadasi": "akomodasi",
    "intensif": "insentif",
    "phising": "phishing",
    "pengelabuhan": "pengelabuan",
    "pencabut": "pencabutan",
    "ilegal": "illegal",
    "yg": "yang",
    "permasyarakatan": "pemasyarakatan",
}


def key(name):
    """Compare names by letters and digits only, ignoring case, spacing and punctuation."""
    return re.sub(r"[^0-9a-z]", "", name.replace("\xa0", " ").casefold())


def source_key(name):
    text = re.sub(r"\s+", " ", name.replace("\xa0", " ").casefold())
    for wrong, right in SOURCE_FIXES.items():
        text = re.sub(rf"\b{re.escape(wrong)}\b", right, text)
    return key(text)


def walk(nodes, depth=1):
    for node in nodes:
        yield node, depth
        yield from walk(node["children"], depth + 1)


@pytest.fixture(scope="module")
def tree():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nodes(tree):
    return [node for node, _ in walk(tree)]


def test_exactly_38_main_categories(tree):
    assert isinstance(tree, list)
    assert len(tree) == 38


def test_every_node_has_the_same_shape(tree):
    for node, depth in walk(tree):
        assert isinstance(node, dict) and set(node) == KEYS, node
        assert isinstance(node["children"], list), node["slug"]
        assert depth <= MAX_DEPTH, node["slug"]


def test_slugs_are_unique_and_well_formed(nodes):
    slugs = [node["slug"] for node in nodes]
    bad = [s for s in slugs if not isinstance(s, str) or not SLUG.match(s)]
    assert not bad
    assert not [s for s in slugs if s.startswith("-") or s.endswith("-") or "--" in s]
    assert all(len(s) <= 80 for s in slugs)  # Category.slug max_length
    duplicates = [s for s, n in Counter(slugs).items() if n > 1]
    assert not duplicates


def test_names_are_clean(nodes):
    for node in nodes:
        name = node["name"]
        assert isinstance(name, str) and name, node["slug"]
        assert "\xa0" not in name, name
        assert name == name.strip(), repr(name)
        assert "  " not in name, repr(name)
        assert not re.search(r"\s", name.replace(" ", "")), repr(name)
        assert len(name) <= 200, name  # Category.name max_length


def test_institution_kinds_are_known(nodes):
    kinds = {node["institution_kind"] for node in nodes}
    assert kinds <= KINDS | {None}
    assert {node["institution_kind"] for node in nodes if node["institution_kind"]}


def test_kependudukan_is_handled_by_regencies(tree):
    by_name = {node["name"]: node for node in tree}
    assert by_name["Kependudukan"]["institution_kind"] == "pemerintah_kabupaten"


@pytest.fixture(scope="module")
def source():
    if not SOURCE.exists():
        pytest.skip(f"LAPOR! source taxonomy not found at {SOURCE}: cross-check skipped")
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def test_every_source_name_is_in_the_fixture(source, nodes):
    fixture_keys = {key(node["name"]) for node in nodes}
    names = list(source) + [sub for subs in source.values() for sub in subs]
    missing = sorted({name for name in names if source_key(name) not in fixture_keys})
    assert not missing


def test_every_source_subcategory_is_kept_under_its_main_category(source, tree):
    by_key = {key(node["name"]): node for node in tree}
    assert set(by_key) == {source_key(main) for main in source}
    for main, subs in source.items():
        node = by_key[source_key(main)]
        kept = Counter(key(n["name"]) for n, _ in walk(node["children"]))
        assert kept == Counter(source_key(sub) for sub in subs), main
