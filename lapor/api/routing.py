"""Routing endpoints: suggestions for a report (staff) and for a draft (the report form)."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from lapor.directory.models import Category, Region
from lapor.reports import access
from lapor.routing import duplicates, quality
from lapor.routing.router import Suggestion, suggest, suggest_for_report

log = logging.getLogger(__name__)
MAX_TEXT = 20_000


def present_suggestion(s: Suggestion) -> dict[str, Any]:
    return {
        "model_version": s.model_version,
        "low_confidence": s.low_confidence,
        "institutions": [
            {
                "code": c.institution.code,
                "name": c.institution.name,
                "confidence": round(c.confidence, 4),
                "unit": {"code": c.unit.code, "name": c.unit.name} if c.unit else None,
                "reasons": list(c.reasons),
            }
            for c in s.candidates
        ],
        "category": (
            {
                "slug": s.category.slug,
                "name": s.category.name,
                "confidence": round(s.category_confidence, 4),
            }
            if s.category
            else None
        ),
    }


def present_quality(signals: list[quality.Signal]) -> list[dict[str, Any]]:
    return [
        {
            "code": q.code,
            "severity": q.severity,
            "message": str(q.message),
            "evidence": list(q.evidence),
        }
        for q in signals
    ]


class ReportRouting(APIView):
    """GET /api/v1/reports/{id}/routing: suggested institutions, possible duplicates and
    quality signals, for staff who can see the report."""

    def get(self, request: Request, tracking_id: str) -> Response:
        report = (
            access.staff_reports(request.user)
            .select_related("region", "category")
            .filter(tracking_id=tracking_id.upper())
            .first()
        )
        if report is None:
            raise Http404
        matches = duplicates.find_duplicates(report)
        return Response(
            {
                "tracking_id": report.tracking_id,
                "suggestions": present_suggestion(suggest_for_report(report)),
                "duplicates": [
                    {
                        "tracking_id": m.report.tracking_id,
                        "title": m.report.title,
                        "status": m.report.status,
                        "institution": m.report.institution.code if m.report.institution else None,
                        "similarity": round(m.score, 4),
                        "shared": list(m.shared),
                    }
                    for m in matches
                    if access.staff_reports(request.user).filter(pk=m.report.pk).exists()
                ],
                "quality": present_quality(
                    quality.assess(
                        report.title,
                        report.body,
                        has_region=report.region_id is not None,
                        has_location=bool(report.address) or report.lat is not None,
                    )
                ),
            }
        )


class DraftSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    body = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    region = serializers.CharField(required=False, allow_blank=True, max_length=13)
    category = serializers.CharField(required=False, allow_blank=True, max_length=80)

    def validate_region(self, value: str) -> Region | None:
        if not value:
            return None
        region = Region.objects.filter(code=value).first()
        if region is None:
            raise serializers.ValidationError(_("Kode wilayah tidak dikenal."))
        return region

    def validate_category(self, value: str) -> Category | None:
        if not value:
            return None
        category = Category.objects.filter(slug=value).first()
        if category is None:
            raise serializers.ValidationError(_("Kategori tidak dikenal."))
        return category


class SuggestThrottle(AnonRateThrottle):
    rate = "60/min"


class DraftSuggest(APIView):
    """POST /api/v1/routing/suggest: for a draft (title, body, region, category), the
    institutions likely responsible and hints to make the report complete. Open to anyone,
    as the report form is; throttled per address."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes = [SuggestThrottle]

    def post(self, request: Request) -> Response:
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        title, body = v.get("title", ""), v.get("body", "")
        result = suggest(title, body, region=v.get("region"), category=v.get("category"))
        return Response(
            {
                "suggestions": present_suggestion(result),
                "quality": present_quality(
                    quality.assess(title, body, has_region=v.get("region") is not None)
                ),
            }
        )
