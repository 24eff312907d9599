"""The curated central-institution fixture and its BKN cross-walk, checked as plain data.

No database is needed: the JSON files are read straight from the package.
"""

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "lapor" / "directory" / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
BKN_FILE = SHARED / "data/institutions/bkn_instansi_2024-08.json"

KINDS = {"kementerian", "kementerian_koordinator", "lpnk", "lns", "bumn", "bpjs", "lainnya"}
MINISTRY_KINDS = {"kementerian", "kementerian_koordinator"}
KEYS = {"code", "name", "acronym", "kind", "active_from", "active_to", "successors", "partner"}
KEYS |= {"region", "aliases", "units"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PILOT_REGENCIES = {"34.04", "51.03", "36.03"}
PILOT_PROVINCES = {"34", "51", "13"}


def load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries():
    return load("central_institutions.json")


@pytest.fixture(scope="module")
def by_code(entries):
    return {e["code"]: e for e in entries}


def is_current(entry):
    return entry["active_to"] is None


def resolve(code, by_code):
    """The current bodies a code stands for, following successors (like Institution.resolve)."""
    found, seen, queue = [], set(), [code]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        entry = by_code[current]
        if is_current(entry):
            found.append(current)
        else:
            queue.extend(entry["successors"])
    return found


def walk_units(nodes):
    for node in nodes:
        yield node
        yield from walk_units(node["children"])


# --- shape --------------------------------------------------------------------------------------


def test_every_entry_has_exactly_the_agreed_keys(entries):
    for entry in entries:
        assert set(entry) == KEYS, entry["code"]


def test_codes_are_unique_lowercase_slugs(entries):
    codes = [e["code"] for e in entries]
    assert len(codes) == len(set(codes))
    assert all(SLUG.match(code) for code in codes)


def test_kinds_are_from_the_allowed_set(entries):
    assert {e["kind"] for e in entries} <= KINDS


def test_names_aliases_and_dates_are_well_formed(entries):
    for entry in entries:
        assert entry["name"].strip() == entry["name"] and entry["name"], entry["code"]
        assert entry["acronym"] is None or entry["acronym"].strip(), entry["code"]
        assert isinstance(entry["aliases"], list), entry["code"]
        for alias in entry["aliases"]:
            assert isinstance(alias, str) and alias and alias.strip() == alias, entry["code"]
        for field in ("active_from", "active_to"):
            assert entry[field] is None or DATE.match(entry[field]), (entry["code"], field)
        if entry["active_from"] and entry["active_to"]:
            assert entry["active_from"] <= entry["active_to"], entry["code"]


def test_size_is_within_the_curated_range(entries):
    assert 150 <= len(entries) <= 170


def test_unit_codes_are_unique_slugs_within_each_institution(entries):
    for entry in entries:
        codes = [unit["code"] for unit in walk_units(entry["units"])]
        assert len(codes) == len(set(codes)), entry["code"]
        assert all(SLUG.match(code) for code in codes), entry["code"]
        assert all(unit["name"].strip() for unit in walk_units(entry["units"])), entry["code"]


# --- succession ---------------------------------------------------------------------------------


def test_every_successor_code_exists(entries, by_code):
    for entry in entries:
        for successor in entry["successors"]:
            assert successor in by_code, (entry["code"], successor)


def test_former_bodies_have_an_end_date_and_successors(entries):
    for entry in entries:
        if entry["successors"]:
            assert entry["active_to"], entry["code"]
        if entry["active_to"]:
            assert entry["successors"], entry["code"]


def test_current_bodies_have_no_successors(entries):
    for entry in entries:
        if is_current(entry):
            assert entry["successors"] == [], entry["code"]


def test_succession_has_no_cycles(by_code):
    def visit(code, path):
        assert code not in path, " -> ".join([*path, code])
        for successor in by_code[code]["successors"]:
            visit(successor, [*path, code])

    for code in by_code:
        visit(code, [])


def test_successors_start_when_or_after_the_former_body_ends(entries, by_code):
    for entry in entries:
        for successor in entry["successors"]:
            start = by_code[successor]["active_from"]
            assert start is None or start > entry["active_to"], (entry["code"], successor)


def test_every_former_ministry_resolves_to_a_current_successor(entries, by_code):
    for entry in entries:
        if entry["kind"] in MINISTRY_KINDS and not is_current(entry):
            resolved = resolve(entry["code"], by_code)
            assert resolved, entry["code"]
            assert all(is_current(by_code[code]) for code in resolved)


def test_the_2024_split_ends_on_20_october_and_new_bodies_start_on_21_october(by_code):
    for code in [
        "kemendikbudristek",
        "kemenkumham",
        "kemenkominfo",
        "kemenpupr",
        "kemenko-polhukam",
    ]:
        assert by_code[code]["active_to"] == "2024-10-20", code
    for code in ["kemendikdasmen", "kemenimipas", "komdigi", "kemenpu", "kemenko-polkam"]:
        assert by_code[code]["active_from"] == "2024-10-21", code


def test_known_splits_resolve_to_all_their_successors(by_code):
    assert set(resolve("kemendikbudristek", by_code)) == {
        "kemendikdasmen",
        "kemendiktisaintek",
        "kemenbud",
    }
    assert set(resolve("kemenkumham", by_code)) == {"kemenkum", "kemenham", "kemenimipas"}
    assert resolve("kemenkominfo", by_code) == ["komdigi"]
    assert set(resolve("kemenpupr", by_code)) == {"kemenpu", "kemenpkp"}
    assert set(resolve("klhk", by_code)) == {"kemenlh", "kemenhut"}


# --- cabinet ------------------------------------------------------------------------------------


def test_there_are_exactly_48_current_ministries_seven_of_them_coordinating(entries):
    current = [e for e in entries if e["kind"] in MINISTRY_KINDS and is_current(e)]
    assert len(current) == 48
    assert sum(e["kind"] == "kementerian_koordinator" for e in current) == 7


def test_exactly_five_current_partners_plus_the_former_kominfo(entries, by_code):
    partners = {e["code"] for e in entries if e["partner"]}
    current = {code for code in partners if is_current(by_code[code])}
    assert current == {"kemenpanrb", "komdigi", "ksp", "kemendagri", "ombudsman"}
    assert partners - current <= {"kemenkominfo"}


@pytest.mark.parametrize(
    "code",
    [
        "bpjs-kesehatan",
        "bpjs-ketenagakerjaan",
        "pln",
        "pertamina",
        "pos-indonesia",
        "kai",
        "ombudsman",
    ],
)
def test_main_public_service_bodies_are_present_and_current(by_code, code):
    assert code in by_code
    assert is_current(by_code[code])


def test_bpjs_and_bumn_bodies_carry_their_kinds(by_code):
    assert by_code["bpjs-kesehatan"]["kind"] == "bpjs"
    assert by_code["bpjs-ketenagakerjaan"]["kind"] == "bpjs"
    for code in ["pln", "pertamina", "pos-indonesia", "kai"]:
        assert by_code[code]["kind"] == "bumn", code


def test_immigration_and_civil_registration_are_units_of_their_ministries(by_code):
    imipas = {u["code"] for u in walk_units(by_code["kemenimipas"]["units"])}
    dagri = {u["code"] for u in walk_units(by_code["kemendagri"]["units"])}
    assert "ditjen-imigrasi" in imipas
    assert "ditjen-dukcapil" in dagri


def test_every_current_ministry_lists_its_work_units(entries):
    for entry in entries:
        if entry["kind"] in MINISTRY_KINDS and is_current(entry):
            assert entry["units"], entry["code"]


def test_only_pilot_region_water_companies_carry_a_region(entries):
    regional = [e for e in entries if e["region"] is not None]
    assert {e["region"] for e in regional} <= PILOT_REGENCIES | PILOT_PROVINCES
    assert {e["region"] for e in regional} >= PILOT_REGENCIES
    for entry in regional:
        assert entry["kind"] == "lainnya", entry["code"]
        assert "Air" in entry["name"], entry["code"]


# --- BKN cross-walk -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mapping():
    return load("bkn_central_mapping.json")


def test_mapping_rows_either_name_a_known_code_or_give_a_reason(mapping, by_code):
    for row in mapping:
        assert set(row) == {"bkn_id", "bkn_name", "code", "omitted"}, row
        assert (row["code"] is None) != (row["omitted"] is None), row["bkn_name"]
        if row["code"] is not None:
            assert row["code"] in by_code, row
        else:
            assert row["omitted"].strip(), row
    ids = [row["bkn_id"] for row in mapping]
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="module")
def bkn_central():
    if not BKN_FILE.exists():
        pytest.skip(f"BKN reference list not available at {BKN_FILE}; cross-check skipped")
    rows = json.loads(BKN_FILE.read_text(encoding="utf-8"))
    return [r for r in rows if r["jenis"] == "P"]


def test_every_bkn_central_entry_is_mapped_or_omitted(bkn_central, mapping):
    assert len(bkn_central) == 85
    mapped = {row["bkn_id"] for row in mapping}
    missing = [r["nama"] for r in bkn_central if r["id"] not in mapped]
    assert not missing
    assert mapped == {r["id"] for r in bkn_central}


def test_every_bkn_era_ministry_resolves_to_current_bodies(bkn_central, mapping, by_code):
    rows = {row["bkn_id"]: row for row in mapping}
    ministries = [r for r in bkn_central if r["nama"].strip().startswith("Kementerian ")]
    assert (
        len(ministries) == 34
    )  # the Kabinet Indonesia Maju (BKN files Kementerian Investasi as LPNK)
    for record in ministries:
        code = rows[record["id"]]["code"]
        assert code is not None, record["nama"]
        resolved = resolve(code, by_code)
        assert resolved, record["nama"]
        assert all(is_current(by_code[c]) for c in resolved), record["nama"]
