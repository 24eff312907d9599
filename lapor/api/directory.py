"""Directory endpoints: regions, institutions (with work units), categories."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lapor.directory.access import can_manage_units
from lapor.directory.models import Category, Institution, InstitutionKind, Region, WorkUnit


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)  # type: ignore[assignment,var-annotated]  # DRF's Field.parent vs a field named parent
    timezone = serializers.CharField()

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "level", "parent", "timezone"]


class RegionList(generics.ListAPIView):
    """Provinces, or the regions directly under `parent`; `search` finds by name at any level."""

    serializer_class = RegionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Region]:
        params = self.request.query_params
        parent = params.get("parent", "").strip()
        search = params.get("search", "").strip()
        if search:
            qs = Region.objects.filter(name__icontains=search)
            if parent:
                qs = qs.filter(code__startswith=parent + ".")
            return qs.order_by("level", "name")[:30]
        if parent:
            if not Region.objects.filter(code=parent).exists():
                raise ValidationError(
                    {"parent": [_("Kode wilayah %(code)s tidak dikenal.") % {"code": parent}]}
                )
            return Region.objects.filter(parent_id=parent)
        return Region.objects.filter(level=1)


class InstitutionSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[assignment,var-annotated]  # DRF's Field.parent vs a field named parent
    active = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "code",
            "name",
            "acronym",
            "kind",
            "region",
            "parent",
            "active",
            "pilot",
            "partner",
        ]

    def get_active(self, obj: Institution) -> bool:
        return obj.is_active()


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(  # type: ignore[assignment,var-annotated]  # DRF's Field.parent vs a field named parent
        slug_field="code", queryset=WorkUnit.objects.none(), allow_null=True, required=False
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), allow_null=True, required=False
    )
    code = serializers.SlugField(max_length=80)

    class Meta:
        model = WorkUnit
        fields = ["code", "name", "parent", "region", "active"]

    def __init__(self, *args: Any, institution: Institution | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        if institution is not None:
            self.fields["parent"].queryset = institution.units.all()  # type: ignore[attr-defined]

    def validate_code(self, value: str) -> str:
        assert self.institution is not None
        others = self.institution.units.filter(code=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Kode unit ini sudah dipakai di instansi ini."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        parent = attrs.get("parent")
        node = parent
        while node is not None and self.instance is not None:
            if node.pk == self.instance.pk:
                raise ValidationError(
                    {"parent": [_("Unit tidak boleh berada di bawah dirinya sendiri.")]}
                )
            node = node.parent
        return attrs


class InstitutionDetailSerializer(InstitutionSerializer):
    units = UnitSerializer(many=True, read_only=True)
    successors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    predecessors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    resolves_to = serializers.SerializerMethodField()
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [
            *InstitutionSerializer.Meta.fields,
            "active_from",
            "active_to",
            "aliases",
            "successors",
            "predecessors",
            "resolves_to",
            "units",
        ]

    def get_resolves_to(self, obj: Institution) -> list[str]:
        return [i.code for i in obj.resolve()]


class InstitutionList(generics.ListAPIView):
    """Institutions, filtered by `search` (name, acronym, code), `kind`, `region`, `active`."""

    serializer_class = InstitutionSerializer

    def get_queryset(self) -> QuerySet[Institution]:
        params = self.request.query_params
        qs = Institution.objects.select_related("parent").order_by("name")
        errors: dict[str, list[str]] = {}
        kind = params.get("kind", "").strip()
        if kind:
            if kind not in InstitutionKind.values:
                errors["kind"] = [
                    _("Jenis %(kind)s tidak dikenal; pilih salah satu: %(kinds)s")
                    % {"kind": kind, "kinds": ", ".join(InstitutionKind.values)}
                ]
            qs = qs.filter(kind=kind)
        region = params.get("region", "").strip()
        if region:
            if not Region.objects.filter(code=region).exists():
                errors["region"] = [_("Kode wilayah %(code)s tidak dikenal.") % {"code": region}]
            qs = qs.filter(Q(region_id=region) | Q(region__code__startswith=region + "."))
        active = params.get("active", "").strip().lower()
        if active in ("true", "1"):
            qs = qs.active()
        elif active in ("false", "0"):
            qs = qs.exclude(pk__in=Institution.objects.active().values("pk"))
        elif active:
            errors["active"] = [_("Pakai true atau false.")]
        search = params.get("search", "").strip()
        if search:
            qs = qs.filter(
                Q(name__icontains=search) | Q(acronym__iexact=search) | Q(code__icontains=search)
            )
        if errors:
            raise ValidationError(errors)
        return qs


class InstitutionDetail(generics.RetrieveAPIView):
    serializer_class = InstitutionDetailSerializer
    lookup_field = "code"
    queryset = Institution.objects.prefetch_related("units__parent", "successors", "predecessors")


class UnitList(APIView):
    """POST a new work unit into an institution (its admin or the national admin)."""

    permission_classes = [IsAuthenticated]

    def _institution(self, request: Request, code: str) -> Institution:
        institution = get_object_or_404(Institution, code=code)
        if not can_manage_units(request.user, institution):
            raise PermissionDenied(_("Hanya admin instansi ini yang dapat mengubah unit kerjanya."))
        return institution

    def get(self, request: Request, code: str) -> Response:
        institution = get_object_or_404(Institution, code=code)
        return Response(UnitSerializer(institution.units.select_related("parent"), many=True).data)

    def post(self, request: Request, code: str) -> Response:
        institution = self._institution(request, code)
        serializer = UnitSerializer(data=request.data, institution=institution)
        serializer.is_valid(raise_exception=True)
        unit = serializer.save(institution=institution)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitDetail(UnitList):
    def get(self, request: Request, code: str, unit: str) -> Response:  # type: ignore[override]
        institution = get_object_or_404(Institution, code=code)
        return Response(UnitSerializer(get_object_or_404(institution.units, code=unit)).data)

    def patch(self, request: Request, code: str, unit: str) -> Response:
        institution = self._institution(request, code)
        instance = get_object_or_404(institution.units, code=unit)
        serializer = UnitSerializer(
            instance, data=request.data, partial=True, institution=institution
        )
        serializer.is_valid(raise_exception=True)
        return Response(UnitSerializer(serializer.save()).data)


class CategorySerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["slug", "name", "institution_kind", "children"]

    def get_children(self, obj: Category) -> list[dict[str, Any]]:
        kids = self.context["children"].get(obj.pk, [])
        return CategorySerializer(kids, many=True, context=self.context).data  # type: ignore[return-value]


class CategoryList(APIView):
    """The topic tree: main categories with their subcategories."""

    def get(self, request: Request) -> Response:
        children: dict[int | None, list[Category]] = {}
        for category in Category.objects.order_by("position"):
            children.setdefault(category.parent_id, []).append(category)
        roots = children.get(None, [])
        return Response(CategorySerializer(roots, many=True, context={"children": children}).data)
