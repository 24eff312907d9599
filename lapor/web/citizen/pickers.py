"""The report form's pickers: region (province → regency/city → district, searchable), category
(searchable) and institution (searchable, "let the admin choose" by default).

Each picker is computed from the submitted values alone, so the same code serves the first
render, a no-JavaScript "refresh" of the form, and the small htmx endpoints that re-render one
picker as the reporter chooses or types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lapor.directory.models import Category, Institution, InstitutionKind, Region
from lapor.reports.access import PUBLIC_STATUSES
from lapor.reports.lifecycle import Status

SEARCH_MIN = 2
SEARCH_LIMIT = 12


def value(data: Mapping[str, Any], key: str) -> str:
    """One submitted value, trimmed and bounded (pickers read GET and POST alike)."""
    raw = data.get(key) or ""
    return str(raw).strip()[:100]


# --- region ----------------------------------------------------------------------------------------


@dataclass
class RegionState:
    province: Region | None = None
    regency: Region | None = None
    district: Region | None = None
    provinces: list[Region] = field(default_factory=list)
    regencies: list[Region] = field(default_factory=list)
    districts: list[Region] = field(default_factory=list)
    query: str = ""
    results: list[tuple[str, str]] = field(default_factory=list)
    searched: bool = False

    @property
    def region(self) -> Region | None:
        return self.district or self.regency or self.province

    @property
    def path(self) -> str:
        return ", ".join(r.name for r in (self.district, self.regency, self.province) if r)


def _region(code: str, level: int, parent: Region | None = None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code, level=level).first()
    if region is None or (parent is not None and region.parent_id != parent.code):
        return None
    return region


def region_state(data: Mapping[str, Any]) -> RegionState:
    """Selected province/regency/district (inconsistent lower levels are dropped), their option
    lists, and search results for `region_q`. A chosen search result (`region_pick`) wins."""
    state = RegionState(provinces=list(Region.objects.filter(level=1).order_by("name")))
    picked = value(data, "region_pick")
    changed = value(data, "changed")
    codes = {
        "province": value(data, "province"),
        "regency": value(data, "regency"),
        "district": value(data, "district"),
    }
    if picked:
        region = Region.objects.filter(code=picked).first()
        if region is not None:
            parts = region.code.split(".")
            codes = {
                "province": parts[0],
                "regency": ".".join(parts[:2]) if len(parts) > 1 else "",
                "district": ".".join(parts[:3]) if len(parts) > 2 else "",
            }
    elif changed == "province":
        codes["regency"] = codes["district"] = ""
    elif changed == "regency":
        codes["district"] = ""
    state.province = _region(codes["province"], 1)
    state.regency = _region(codes["regency"], 2, state.province) if state.province else None
    state.district = _region(codes["district"], 3, state.regency) if state.regency else None
    if state.province:
        state.regencies = list(state.province.children.order_by("name"))
    if state.regency:
        state.districts = list(state.regency.children.order_by("name"))
    state.query = value(data, "region_q")
    if len(state.query) >= SEARCH_MIN and not picked:
        state.searched = True
        state.results = search_regions(state.query)
    return state


def search_regions(query: str) -> list[tuple[str, str]]:
    """Regions whose name contains `query`, larger ones first, each with its parents' names."""
    found = (
        Region.objects.filter(name__icontains=query)
        .select_related("parent", "parent__parent")
        .order_by("level", "name")[:SEARCH_LIMIT]
    )
    out = []
    for region in found:
        names = [region.name]
        node = region.parent
        while node is not None:
            names.append(node.name)
            node = node.parent
        out.append((region.code, ", ".join(names)))
    return out


def province_choices() -> list[tuple[str, str]]:
    return list(Region.objects.filter(level=1).order_by("name").values_list("code", "name"))


# --- category --------------------------------------------------------------------------------------


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def category_groups(query: str = "") -> list[tuple[Category, list[Category]]]:
    """Main categories with their subcategories; with a query, only the matching ones (a
    matching main category keeps all its subcategories)."""
    mains = list(Category.objects.filter(parent__isnull=True).order_by("position", "name"))
    children: dict[int, list[Category]] = {}
    for child in Category.objects.filter(parent__isnull=False).order_by("position", "name"):
        children.setdefault(child.parent_id or 0, []).append(child)
    query = query.strip().lower()
    groups = []
    for main in mains:
        subs = children.get(main.pk, [])
        if query and query not in main.name.lower():
            subs = [c for c in subs if query in c.name.lower()]
            if not subs:
                continue
        groups.append((main, subs))
    return groups


def main_category_choices() -> list[tuple[str, str]]:
    return list(
        Category.objects.filter(parent__isnull=True)
        .order_by("position", "name")
        .values_list("slug", "name")
    )


# --- institution -------------------------------------------------------------------------------------


def institution_by_code(code: str) -> Institution | None:
    return Institution.objects.active().filter(code=code).first()


KIND_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("central", (InstitutionKind.KEMENKO, InstitutionKind.KEMENTERIAN)),
    ("agencies", (InstitutionKind.LPNK, InstitutionKind.LNS, InstitutionKind.LAINNYA)),
    ("enterprises", (InstitutionKind.BUMN, InstitutionKind.BPJS)),
    ("provinces", (InstitutionKind.PEMPROV,)),
    ("regencies", (InstitutionKind.PEMKAB, InstitutionKind.PEMKOT)),
]


def _group_label(key: str) -> str:
    return {
        "region": _("Di wilayah yang Anda pilih"),
        "central": _("Kementerian"),
        "agencies": _("Lembaga"),
        "enterprises": _("BUMN dan BPJS"),
        "provinces": _("Pemerintah provinsi"),
        "regencies": _("Pemerintah kabupaten/kota"),
    }[key]


def institution_groups(
    query: str = "", region: Region | None = None
) -> list[tuple[str, list[Institution]]]:
    """Active institutions in labelled groups; those of the chosen region first. With a query,
    only the ones whose name, acronym or code contains it; without one, regency/city
    institutions only for the chosen region."""
    qs = Institution.objects.active().order_by("name")
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(acronym__icontains=query) | Q(code__icontains=query)
        )
    everything = list(qs)
    groups: list[tuple[str, list[Institution]]] = []
    local: list[Institution] = []
    if region is not None:
        codes = {region.code.split(".")[0]}
        if region.level >= 2:
            codes.add(".".join(region.code.split(".")[:2]))
        local = [i for i in everything if i.region_id in codes]
        if local:
            groups.append((_group_label("region"), local))
    listed = {i.pk for i in local}
    if not query:
        # Without a search, the ~500 regencies/cities and regional enterprises are reached
        # through the chosen region or a search: the list stays short enough for a phone.
        listed |= {
            i.pk
            for i in everything
            if i.kind in (InstitutionKind.PEMKAB, InstitutionKind.PEMKOT)
            or (i.region_id and "." in i.region_id)
        }
    for key, kinds in KIND_GROUPS:
        members = [i for i in everything if i.kind in kinds and i.pk not in listed]
        if members:
            groups.append((_group_label(key), members))
    return groups


# --- statuses ------------------------------------------------------------------------------------


def public_status_choices() -> list[tuple[str, str]]:
    return [(str(s), str(Status(s).label)) for s in PUBLIC_STATUSES]
