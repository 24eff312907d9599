"""Report endpoints. Thin: parse → access check → one action function → present."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lapor.directory.access import is_national_admin
from lapor.directory.models import Category, Institution, Region, WorkUnit
from lapor.reports import access, actions
from lapor.reports.actions import ActionError, By, Forbidden, Invalid, Submission
from lapor.reports.lifecycle import Actor, Channel, ReportType, Status
from lapor.reports.models import Report
from lapor.reports.presenters import View, present, present_event
from lapor.reports.support import support_report
from lapor.reports.uploads import attach, uploads_from

TOKEN_HEADER = "HTTP_X_REPORTER_TOKEN"


def error(exc: ActionError) -> Response:
    return Response(exc.as_dict(), status=exc.status)


def _token(request: Request) -> str | None:
    return request.META.get(TOKEN_HEADER) or None


def _client_ip(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _by_code(model: Any, field: str, value: Any, name: str, **extra: Any) -> Any:
    if value in (None, ""):
        return None
    obj = model.objects.filter(**{field: value}, **extra).first()
    if obj is None:
        raise Invalid(_("%(value)s tidak dikenal.") % {"value": value}, name)
    return obj


class SubmitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ReportType.choices)
    title = serializers.CharField(max_length=200, trim_whitespace=True)
    body = serializers.CharField(max_length=10_000, trim_whitespace=True)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    region = serializers.CharField(required=False, allow_blank=True, max_length=13)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    lon = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    category = serializers.CharField(required=False, allow_blank=True, max_length=80)
    institution = serializers.CharField(required=False, allow_blank=True, max_length=80)
    anonymous = serializers.BooleanField(required=False, default=False)
    confidential = serializers.BooleanField(required=False, default=False)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    reporter_email = serializers.EmailField(required=False, allow_blank=True)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.API)


def submission_from(data: dict[str, Any], request: Request, channel: str) -> Submission:
    user = request.user if request.user.is_authenticated else None
    return Submission(
        type=data["type"],
        title=data["title"],
        body=data["body"],
        occurred_on=data.get("occurred_on"),
        region=_by_code(Region, "code", data.get("region"), "region"),
        address=data.get("address", ""),
        lat=data.get("lat"),
        lon=data.get("lon"),
        category=_by_code(Category, "slug", data.get("category"), "category"),
        institution=_by_code(Institution, "code", data.get("institution"), "institution"),
        anonymous=data.get("anonymous", False),
        confidential=data.get("confidential", False),
        channel=channel,
        reporter=user,
        reporter_name=data.get("reporter_name", ""),
        reporter_email=data.get("reporter_email", ""),
        reporter_phone=data.get("reporter_phone", ""),
        reporter_ip=_client_ip(request),
        language=(get_language() or "id")[:2],
    )


class ReportListSerializer(serializers.Serializer):
    def to_representation(self, report: Report) -> dict[str, Any]:
        now = self.context["now"]
        return {
            "tracking_id": report.tracking_id,
            "title": report.title,
            "type": report.type,
            "status": report.status,
            "status_label": str(Status(report.status).label),
            "institution": report.institution.code if report.institution else None,
            "unit": report.unit.code if report.unit else None,
            "category": report.category.slug if report.category else None,
            "region": report.region_id,
            "created_at": report.created_at,
            "current_leg": report.current_leg or None,
            "due_at": report.due_at,
            "overdue": bool(report.due_at and report.due_at < now),
            "working_days_left": self._days_left(report, now),
        }

    def _days_left(self, report: Report, now: dt.datetime) -> int | None:
        """Working days from now to the current leg's due day, in the holder's calendar (one
        calendar per province per listing, so the override table is read once each)."""
        if report.due_at is None:
            return None
        from lapor.deadlines.legs import calendar_for

        cache: dict[Any, Any] = self.context.get("calendars", {})
        key = report.institution.region_id if report.institution else None
        if key not in cache:
            cache[key] = calendar_for(report.institution)
        calendar, tz = cache[key]
        return calendar.working_days_between(now, report.due_at, tz)


FILTERS_HELP = "status, institution, unit, category, region, type, leg, overdue, q, ordering"
ORDERINGS = {"created_at", "-created_at", "due_at", "-due_at"}


def filter_reports(qs: QuerySet[Report], params: Any, now: dt.datetime) -> QuerySet[Report]:
    errors: dict[str, list[str]] = {}

    def bad(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if params.get("status"):
        wanted = [s.strip() for s in params["status"].split(",") if s.strip()]
        unknown = [s for s in wanted if s not in Status.values]
        if unknown:
            bad("status", _("Status tidak dikenal: %(s)s") % {"s": ", ".join(unknown)})
        qs = qs.filter(status__in=wanted)
    if params.get("type"):
        if params["type"] not in ReportType.values:
            bad("type", _("Klasifikasi tidak dikenal."))
        qs = qs.filter(type=params["type"])
    if params.get("institution"):
        qs = qs.filter(institution__code=params["institution"])
    if params.get("unit"):
        qs = qs.filter(unit__code=params["unit"])
    if params.get("category"):
        qs = qs.filter(
            Q(category__slug=params["category"]) | Q(category__parent__slug=params["category"])
        )
    if params.get("region"):
        code = params["region"]
        qs = qs.filter(Q(region_id=code) | Q(region__code__startswith=code + "."))
    if params.get("leg"):
        qs = qs.filter(current_leg=params["leg"])
    overdue = (params.get("overdue") or "").lower()
    if overdue in ("true", "1"):
        qs = qs.filter(due_at__lt=now)
    elif overdue in ("false", "0"):
        qs = qs.filter(Q(due_at__gte=now) | Q(due_at__isnull=True))
    elif overdue:
        bad("overdue", _("Pakai true atau false."))
    if params.get("q"):
        text = params["q"].strip()
        qs = qs.filter(
            Q(title__icontains=text) | Q(body__icontains=text) | Q(tracking_id__iexact=text)
        )
    ordering = params.get("ordering") or "-created_at"
    if ordering not in ORDERINGS:
        bad(
            "ordering",
            _("Urutan tidak dikenal; pilih: %(o)s") % {"o": ", ".join(sorted(ORDERINGS))},
        )
        ordering = "-created_at"
    if errors:
        raise serializers.ValidationError(errors)
    if ordering.endswith("due_at"):
        expression = (
            F("due_at").asc(nulls_last=True)
            if ordering == "due_at"
            else F("due_at").desc(nulls_last=True)
        )
        return qs.order_by(expression, "created_at")
    return qs.order_by(ordering, "id")


class ReportCollection(APIView):
    """POST: file a report (no login needed). GET: the staff member's queue (their scope)."""

    def post(self, request: Request) -> Response:
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sub = submission_from(
                serializer.validated_data, request, serializer.validated_data["channel"]
            )
            report, token = actions.report_submit(sub)
        except ActionError as exc:
            return error(exc)
        body = present(report, View.REPORTER, identity=True)
        body["reporter_token"] = token
        return Response(body, status=status.HTTP_201_CREATED)

    def get(self, request: Request) -> Response:
        if not access.is_staff(request.user):
            return Response(
                {"detail": _("Daftar laporan hanya untuk staf; pelapor memakai nomor pelacakan.")},
                status=status.HTTP_403_FORBIDDEN
                if request.user.is_authenticated
                else status.HTTP_401_UNAUTHORIZED,
            )
        now = timezone.now()
        qs = access.staff_reports(request.user).select_related("institution", "unit", "category")
        qs = filter_reports(qs, request.query_params, now)
        from lapor.api.pagination import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(
            ReportListSerializer(page, many=True, context={"now": now, "calendars": {}}).data
        )


def view_for(request: Request, report: Report) -> tuple[View, bool]:
    """Which view of this report the caller gets, and whether identity is included."""
    user, token = request.user, _token(request)
    if is_national_admin(user):
        return View.NATIONAL, True
    if access.staff_reports(user).filter(pk=report.pk).exists():
        return View.STAFF, access.sees_identity(user, report, token)
    if access.is_reporter(user, report, token):
        return View.REPORTER, True
    return View.TRACKING, False


def get_report(tracking_id: str) -> Report:
    report = (
        Report.objects.select_related(
            "institution", "unit", "category", "region", "reporter", "duplicate_of"
        )
        .filter(tracking_id=tracking_id.upper())
        .first()
    )
    if report is None:
        raise Http404
    return report


class ReportDetail(APIView):
    """Anyone with the tracking ID sees status and due dates; the reporter (token header or
    account) and staff in scope see the rest."""

    def get(self, request: Request, tracking_id: str) -> Response:
        report = get_report(tracking_id)
        view, identity = view_for(request, report)
        return Response(present(report, view, identity=identity))


class ReportEvents(APIView):
    def get(self, request: Request, tracking_id: str) -> Response:
        report = get_report(tracking_id)
        view, _identity = view_for(request, report)
        if view == View.TRACKING:
            return Response(
                {
                    "detail": _(
                        "Riwayat laporan hanya untuk pelapor (dengan token pelapor) dan petugas."
                    )
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        events = report.events.select_related("institution", "actor").order_by("created_at", "id")
        if view == View.REPORTER:
            events = events.filter(visible_to_reporter=True, internal=False)
        return Response([present_event(e, view) for e in events])


def _bool(data: Any, key: str, default: bool | None = None) -> bool | None:
    value = data.get(key, default)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    raise Invalid(_("Pakai true atau false."), key)


def action_kwargs(name: str, report: Report, data: Any) -> dict[str, Any]:
    """Translate an API payload into the action's keyword arguments (codes → objects)."""
    get = data.get
    if name == "verify":
        return {
            "institution": _by_code(Institution, "code", get("institution"), "institution")
            or actions._active_institution(None, "institution"),
            "category": _by_code(Category, "slug", get("category"), "category"),
            "type": get("type"),
            "title": get("title"),
            "anonymous": _bool(data, "anonymous"),
            "confidential": _bool(data, "confidential"),
            "note": get("note", ""),
        }
    if name in ("hold",):
        return {"note": get("note", ""), "reason": get("reason") or "incomplete"}
    if name in ("reject", "return"):
        return {"reason": get("reason"), "note": get("note", "")}
    if name == "mark_duplicate":
        of = Report.objects.filter(tracking_id=str(get("of") or "").upper()).first()
        if of is None:
            raise Invalid(_("Laporan asal tidak ditemukan."), "of")
        return {"of": of, "note": get("note", "")}
    if name in ("archive", "accept", "unit_return", "acknowledge", "undo_auto_dispose"):
        return {"note": get("note", "")}
    if name == "redact":
        hide = get("hide_attachments") or []
        if not isinstance(hide, list) or not all(isinstance(i, int) for i in hide):
            raise Invalid(_("Daftar nomor lampiran."), "hide_attachments")
        return {
            "title": get("title"),
            "body": get("body"),
            "flagged": bool(_bool(data, "flagged", False)),
            "hide_attachments": hide,
        }
    if name == "forward":
        return {
            "institution": _by_code(Institution, "code", get("institution"), "institution"),
            "note": get("note", ""),
        }
    if name == "assign":
        unit = _by_code(WorkUnit, "code", get("unit"), "unit", institution_id=report.institution_id)
        return {"unit": unit, "note": get("note", "")}
    if name == "set_tier":
        try:
            tier = int(get("tier"))
        except (TypeError, ValueError):
            raise Invalid(_("Isi dengan angka hari kerja."), "tier") from None
        return {"tier": tier, "reason": get("reason", "")}
    if name == "respond":
        return {"text": get("text", ""), "final": _bool(data, "final", True)}
    if name in ("request_info", "add_info", "add_note", "appeal"):
        return {"text": get("text", "")}
    if name == "reply":
        return {"satisfied": _bool(data, "satisfied"), "text": get("text", "")}
    if name == "withdraw":
        return {"text": get("text", "")}
    if name == "close":
        return {"finding": get("finding"), "text": get("text", "")}
    return {}


class ReportAction(APIView):
    """POST /reports/{id}/actions/{action}: calls the one action function of that name."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request, tracking_id: str, action: str) -> Response:
        if action not in actions.ACTIONS:
            return Response(
                {
                    "detail": _("Tindakan %(a)s tidak dikenal; pilih: %(all)s")
                    % {"a": action, "all": ", ".join(actions.ACTIONS)}
                },
                status=status.HTTP_404_NOT_FOUND,
            )
        report = get_report(tracking_id)
        token = _token(request)
        roles = access.acting_roles(request.user, report, token)
        visible = (
            access.staff_reports(request.user).filter(pk=report.pk).exists()
            or Actor.REPORTER in roles
        )
        if not visible:
            if not request.user.is_authenticated and not token:
                return Response(
                    {
                        "detail": _(
                            "Masuk sebagai staf atau kirim token pelapor (X-Reporter-Token)."
                        )
                    },
                    status=401,
                )
            if token and not access.is_reporter(request.user, report, token):
                return Response(
                    {"detail": _("Token pelapor salah.")}, status=status.HTTP_403_FORBIDDEN
                )
            raise Http404
        role = access.role_for_action(action, roles)
        try:
            if role is None:
                raise Forbidden(_("Anda tidak berwenang melakukan tindakan ini pada laporan ini."))
            uploads = uploads_from(request.FILES) if request.FILES else []
            by = By(
                role,
                request.user if request.user.is_authenticated else None,
                reporter_proven=role == Actor.REPORTER,
            )
            with transaction.atomic():
                event = actions.ACTIONS[action](
                    report, by, **action_kwargs(action, report, request.data)
                )
                for upload in uploads:
                    attach(
                        report,
                        upload,
                        from_reporter=role == Actor.REPORTER,
                        event=event,
                        visible_to_reporter=not event.internal,
                    )
        except ActionError as exc:
            return error(exc)
        report = get_report(tracking_id)
        view, identity = view_for(request, report)
        return Response(
            {
                "event": present_event(event, view),
                "report": present(report, view, identity=identity),
            }
        )


class ReportAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request: Request, tracking_id: str) -> Response:
        """The reporter (or staff in scope) adds files to an open report."""
        report = get_report(tracking_id)
        view, _identity = view_for(request, report)
        if view == View.TRACKING:
            return Response(
                {"detail": _("Hanya pelapor atau petugas yang dapat melampirkan file.")}, status=403
            )
        try:
            uploads = uploads_from(request.FILES)
            if not uploads:
                raise Invalid(_("Pilih file untuk dilampirkan."), "file")
            created = [attach(report, u, from_reporter=view == View.REPORTER) for u in uploads]
        except ActionError as exc:
            return error(exc)
        from lapor.reports.presenters import present_attachment

        return Response(
            [present_attachment(report, a) for a in created], status=status.HTTP_201_CREATED
        )


class AttachmentDownload(APIView):
    def get(self, request: Request, tracking_id: str, pk: int) -> FileResponse:
        report = get_report(tracking_id)
        view, _identity = view_for(request, report)
        qs = report.attachments.all()
        if view == View.TRACKING:
            raise Http404
        if view == View.REPORTER:
            qs = qs.filter(visible_to_reporter=True)
        if view != View.NATIONAL:
            qs = qs.filter(hidden=False)
        attachment = get_object_or_404(qs, pk=pk)
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["Content-Disposition"] = f'attachment; filename="{attachment.name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class Feed(APIView):
    """Public, non-confidential reports (filters: region, institution, category, status)."""

    def get(self, request: Request) -> Response:
        now = timezone.now()
        params = request.query_params.copy()
        for private in ("unit", "leg", "overdue"):
            params.pop(private, None)
        qs = access.public_reports().select_related("institution", "category", "region")
        qs = filter_reports(qs, params, now)
        from lapor.api.pagination import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([present(r, View.PUBLIC) for r in page or []])


class SupportReport(APIView):
    """Dukung: one per account, or one per device token (X-Device-Token) for guests."""

    def post(self, request: Request, tracking_id: str) -> Response:
        report = access.public_reports().filter(tracking_id=tracking_id.upper()).first()
        if report is None:
            raise Http404
        user = request.user if request.user.is_authenticated else None
        device = (request.META.get("HTTP_X_DEVICE_TOKEN") or "").strip()[:64]
        if user is None and len(device) < 16:
            return Response(
                {
                    "device": [
                        _("Kirim X-Device-Token (minimal 16 karakter) atau masuk dengan akun.")
                    ]
                },
                status=400,
            )
        if not support_report(report, user=user, device=device):
            return Response(
                {"detail": _("Anda sudah mendukung laporan ini.")}, status=status.HTTP_409_CONFLICT
            )
        report.refresh_from_db(fields=["support_count"])
        return Response({"support_count": report.support_count}, status=status.HTTP_201_CREATED)
