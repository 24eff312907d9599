"""The directory API: regions, institutions with filters and pagination, categories, units."""

import pytest

pytestmark = pytest.mark.django_db


def test_regions_lists_the_provinces(api):
    data = api.get("/api/v1/regions").json()
    assert len(data) == 38
    assert {"code": "96", "name": "Papua Barat Daya"}.items() <= next(
        r for r in data if r["code"] == "96"
    ).items()


def test_regions_under_a_parent(api):
    data = api.get("/api/v1/regions?parent=96").json()
    assert [r["code"] for r in data] == ["96.01", "96.02", "96.03", "96.04", "96.05", "96.71"]
    districts = api.get("/api/v1/regions?parent=33.74").json()
    assert len(districts) == 16
    assert {r["kind"] for r in districts} == {"kecamatan"}


def test_regions_with_an_unknown_parent_is_a_400(api):
    response = api.get("/api/v1/regions?parent=99.99")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_institutions_are_paginated(api):
    first = api.get("/api/v1/institutions").json()
    assert first["count"] >= 650
    assert len(first["results"]) == 50
    second = api.get(first["next"]).json()
    assert {i["code"] for i in first["results"]}.isdisjoint({i["code"] for i in second["results"]})
    assert set(first["results"][0]) >= {
        "code",
        "name",
        "acronym",
        "kind",
        "region",
        "parent",
        "active",
    }


def test_institutions_filter_by_kind_region_and_search(api):
    data = api.get("/api/v1/institutions?kind=pemerintah_kota&region=33").json()
    names = [i["name"] for i in data["results"]]
    assert "Pemerintah Kota Semarang" in names
    assert all(i["kind"] == "pemerintah_kota" for i in data["results"])
    assert all(i["region"].startswith("33.") for i in data["results"])
    sleman = api.get("/api/v1/institutions?region=34.04&kind=pemerintah_kabupaten").json()[
        "results"
    ]
    assert [i["code"] for i in sleman] == ["pemkab-sleman"]
    assert sleman[0]["parent"] == "pemprov-diy"
    found = api.get("/api/v1/institutions?search=bpjs").json()["results"]
    assert {i["kind"] for i in found} == {"bpjs"}


def test_an_unknown_kind_filter_is_a_400_naming_the_choices(api):
    response = api.get("/api/v1/institutions?kind=kerajaan")
    assert response.status_code == 400
    assert "pemerintah_kota" in response.json()["kind"][0]


def test_institution_detail_has_units_and_successors(api, people):
    data = api.get("/api/v1/institutions/pemkab-sleman").json()
    assert {u["code"] for u in data["units"]} >= {"disdukcapil", "dpupr"}
    assert api.get("/api/v1/institutions/nope").status_code == 404
    former = api.get("/api/v1/institutions?active=false&search=Kemendikbudristek").json()[
        "results"
    ][0]
    detail = api.get(f"/api/v1/institutions/{former['code']}").json()
    assert detail["active"] is False
    assert len(detail["resolves_to"]) >= 3


def test_categories_are_a_tree(api):
    data = api.get("/api/v1/categories").json()
    assert len(data) == 38
    assert any(c["children"] for c in data)


def test_an_institution_admin_creates_and_edits_its_units(people):
    client = people.client(people.sari)
    response = client.post(
        "/api/v1/institutions/pemkab-sleman/units",
        {"code": "dinkes", "name": "Dinas Kesehatan", "region": "34.04"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        "/api/v1/institutions/pemkab-sleman/units",
        {"code": "puskesmas-depok", "name": "Puskesmas Depok", "parent": "dinkes"},
        format="json",
    )
    assert response.status_code == 201
    response = client.patch(
        "/api/v1/institutions/pemkab-sleman/units/puskesmas-depok",
        {"name": "Puskesmas Depok I"},
        format="json",
    )
    assert response.json()["name"] == "Puskesmas Depok I"
    assert response.json()["parent"] == "dinkes"


def test_unit_errors_are_field_messages(people):
    client = people.client(people.sari)
    response = client.post(
        "/api/v1/institutions/pemkab-sleman/units",
        {"code": "disdukcapil", "name": "Lagi"},
        format="json",
    )
    assert response.status_code == 400
    assert "code" in response.json()
    response = client.patch(
        "/api/v1/institutions/pemkab-sleman/units/disdukcapil",
        {"parent": "disdukcapil"},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()


def test_another_institutions_admin_cannot_touch_the_units(people, api):
    response = people.client(people.tono).post(
        "/api/v1/institutions/pemkab-sleman/units", {"code": "x", "name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert api.post("/api/v1/institutions/pemkab-sleman/units", {}, format="json").status_code in (
        401,
        403,
    )
    response = people.client(people.nadia).post(
        "/api/v1/institutions/pemkab-sleman/units", {"code": "x", "name": "X"}, format="json"
    )
    assert response.status_code == 201
