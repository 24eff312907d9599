"""Citizen pages: home, the report form, tracking (with the reporter's actions), the public
feed and report page. Views are thin: parse → access check → one action → page. Every write
goes through `lapor.reports.actions`; every read through `access` and `presenters`."""

from __future__ import annotations

import functools
import hashlib
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lapor.directory.models import Institution
from lapor.reports import access, actions, lifecycle
from lapor.reports.actions import ActionError, By, Conflict, Submission
from lapor.reports.lifecycle import Actor
from lapor.reports.models import Report
from lapor.reports.presenters import View, present
from lapor.reports.support import support_report
from lapor.reports.uploads import attach, validate_upload
from lapor.web import suggestions
from lapor.web.citizen import pickers, session
from lapor.web.citizen.deadlines import deadlines
from lapor.web.citizen.figures import cached_national_figures
from lapor.web.citizen.forms import (
    SUGGESTION_FIELDS,
    TYPE_HINTS,
    AddInfoForm,
    AppealForm,
    ConsentForm,
    FeedFilterForm,
    ReplyForm,
    ReportForm,
    TrackForm,
    WithdrawForm,
)
from lapor.web.citizen.support import (
    device_of,
    new_device,
    set_device_cookie,
    supported_ids,
)
from lapor.web.citizen.timeline import timeline

FEED_PAGE_SIZE = 20


# --- home ---------------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "citizen/home.html",
        {
            "figures": cached_national_figures(),
            "institutions": Institution.objects.active().count(),
            "legs": settings.LAPOR_LEGS,
        },
    )


# --- the report form ------------------------------------------------------------------------------


@functools.cache
def leaflet_available() -> bool:
    """Leaflet comes from the xstatic-leaflet package once it is on STATICFILES_DIRS; without
    it the form shows the coordinate fields only."""
    return bool(finders.find("leaflet/leaflet.js"))


def _form_context(request: HttpRequest, form: ReportForm, data: Any) -> dict[str, Any]:
    region = pickers.region_state(data)
    selected_institution = pickers.value(data, "institution")
    chosen_type = form["type"].value() or "pengaduan"
    return {
        "form": form,
        "type_options": [
            {
                "value": value,
                "label": label,
                "hint": TYPE_HINTS.get(value, ""),
                "checked": value == chosen_type,
            }
            for value, label in lifecycle.ReportType.choices
        ],
        "region": region,
        "category_groups": pickers.category_groups(pickers.value(data, "category_q")),
        "category_q": pickers.value(data, "category_q"),
        "selected_category": pickers.value(data, "category"),
        "institution_groups": pickers.institution_groups(
            pickers.value(data, "institution_q"), region.region
        ),
        "institution_q": pickers.value(data, "institution_q"),
        "selected_institution": selected_institution,
        "selected_object": pickers.institution_by_code(selected_institution)
        if selected_institution
        else None,
        "leaflet": leaflet_available(),
        "map_tiles": getattr(settings, "LAPOR_MAP_TILES", ""),
        "map_attribution": getattr(settings, "LAPOR_MAP_ATTRIBUTION", ""),
        "max_attachments": settings.LAPOR_MAX_ATTACHMENTS,
        # Re-shown after a POST (no-JavaScript refresh, errors): the suggestions for what was
        # typed come with it, so the form helps without JavaScript too.
        "suggest": form_suggestions(data, region.region) if request.method == "POST" else None,
        "suggestion_fields": SUGGESTION_FIELDS,
    }


def form_suggestions(data: Any, region: Any) -> suggestions.FormSuggestions:
    return suggestions.for_form(
        str(data.get("title") or ""),
        str(data.get("body") or ""),
        region=region,
        has_location=bool(
            pickers.value(data, "address")
            or (pickers.value(data, "lat") and pickers.value(data, "lon"))
        ),
    )


def render_report_form(
    request: HttpRequest, form: ReportForm, data: Any, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "citizen/report_form.html",
        _form_context(request, form, data) | extra,
        status=status,
    )


FIELD_OF = {"file": "attachments", "region": None}


def _put_error(form: ReportForm, exc: ActionError) -> None:
    name = FIELD_OF.get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


IN_FLIGHT_SECONDS = 120


def typed(data: Any) -> dict[str, Any]:
    """What the reporter typed, as initial values for re-showing the form unjudged."""
    values: dict[str, Any] = {
        k: v for k, v in data.items() if not k.startswith("_") and k != "csrfmiddlewaretoken"
    }
    values["idem"] = data.get("idem") or session.new_idempotency_token()
    return values


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponseBase:
    user = request.user if request.user.is_authenticated else None
    if request.method == "GET":
        fresh = {"idem": session.new_idempotency_token(), "type": "pengaduan"}
        return render_report_form(request, ReportForm(initial=fresh, user=user), request.GET)

    data = request.POST
    idem = data.get("idem", "")
    done = session.submitted(request, idem)
    if done:
        # The same form sent twice (double click, reload): show the first result.
        return redirect("citizen:submitted", tracking_id=done)
    picked = pickers.value(data, "pick_institution")
    if data.get("_refresh") or picked:
        # No-JavaScript pickers and suggestions: re-render with what was typed (and the
        # suggested institution that was chosen), without judging it yet.
        shown: QueryDict = data
        if picked and pickers.institution_by_code(picked) is not None:
            shown = data.copy()
            shown["institution"] = picked
        return render_report_form(
            request, ReportForm(initial=typed(shown), user=user), shown, refreshed=True
        )

    form = ReportForm(data, request.FILES, user=user)
    if not form.is_valid():
        return render_report_form(request, form, data, had_files=bool(request.FILES))
    uploads = form.cleaned_data["attachments"]
    for upload in uploads:
        try:
            validate_upload(upload)
        except ActionError as exc:
            form.add_error("attachments", f"{upload.name}: {exc.message}")
    if form.errors:
        return render_report_form(request, form, data, had_files=True)

    lock = f"lapor:web:submit:{idem}"
    if not cache.add(lock, "", IN_FLIGHT_SECONDS):
        # A twin of this POST is being processed right now: wait for its outcome.
        for _attempt in range(50):
            tracking_id = cache.get(lock)
            if tracking_id:
                return redirect("citizen:submitted", tracking_id=tracking_id)
            time.sleep(0.1)
        messages.info(request, _("Laporan Anda sedang diproses. Periksa lagi sebentar."))
        return redirect("citizen:track")

    c = form.cleaned_data
    submission = Submission(
        type=c["type"],
        title=c["title"],
        body=c["body"],
        occurred_on=c["occurred_on"],
        region=c["region"],
        address=c["address"],
        lat=c["lat"],
        lon=c["lon"],
        category=c["category_obj"],
        institution=c["institution_obj"],
        anonymous=c["anonymous"],
        confidential=c["confidential"],
        channel=lifecycle.Channel.WEB,
        reporter=user,
        reporter_name=c.get("reporter_name", ""),
        reporter_email=c.get("reporter_email", ""),
        reporter_phone=c.get("reporter_phone", ""),
        reporter_ip=_client_ip(request),
        language=(get_language() or "id")[:2],
    )
    try:
        with transaction.atomic():
            report, token = actions.report_submit(submission)
            submit_event = report.events.get(action="submit")
            for upload in uploads:
                attach(report, upload, from_reporter=True, event=submit_event)
    except ActionError as exc:
        cache.delete(lock)
        _put_error(form, exc)
        return render_report_form(request, form, data, had_files=bool(uploads))
    except BaseException:
        cache.delete(lock)
        raise
    cache.set(lock, report.tracking_id, IN_FLIGHT_SECONDS)
    session.remember_token(request, report.tracking_id, token)
    session.remember_submission(request, idem, report.tracking_id)
    return redirect("citizen:submitted", tracking_id=report.tracking_id)


@require_GET
def region_picker(request: HttpRequest) -> HttpResponse:
    """htmx: the region picker re-rendered for the chosen province/regency or search."""
    response = render(
        request, "citizen/_region_picker.html", {"region": pickers.region_state(request.GET)}
    )
    response["HX-Trigger-After-Settle"] = "region-changed"
    return response


@require_GET
def category_options(request: HttpRequest) -> HttpResponse:
    """htmx: the category <option>s matching `category_q`."""
    return render(
        request,
        "citizen/_category_options.html",
        {
            "category_groups": pickers.category_groups(pickers.value(request.GET, "category_q")),
            "selected_category": pickers.value(request.GET, "category"),
        },
    )


@require_GET
def institution_options(request: HttpRequest) -> HttpResponse:
    """htmx: the institution <option>s matching `institution_q`, the chosen region's first."""
    region = pickers.region_state(request.GET)
    selected = pickers.value(request.GET, "institution")
    return render(
        request,
        "citizen/_institution_options.html",
        {
            "institution_groups": pickers.institution_groups(
                pickers.value(request.GET, "institution_q"), region.region
            ),
            "selected_institution": selected,
            "selected_object": pickers.institution_by_code(selected) if selected else None,
        },
    )


@require_POST
def report_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: suggestions for the report being written (institutions that may be competent,
    similar public reports, hints), re-rendered as the reporter types. Choosing a suggested
    institution (`pick_institution`) also re-renders the institution picker out of band.
    Empty text gives an empty panel; text beyond 20,000 characters is ignored.

    The panel is a polite live region: when nothing changed since the panel the browser shows
    (`suggest_digest`), the answer is 204 and htmx leaves it alone, so a screen reader does not
    read the same suggestions again after every pause in typing."""
    data = request.POST
    region = pickers.region_state(data).region
    selected = pickers.value(data, "institution")
    code = pickers.value(data, "pick_institution")
    picked = pickers.institution_by_code(code) if code else None
    if picked is not None:
        selected = picked.code
    context: dict[str, Any] = {
        "suggest": form_suggestions(data, region),
        "selected_institution": selected,
        "picked": picked,
        "suggestion_fields": SUGGESTION_FIELDS,
    }
    if picked is not None:
        context |= {
            "institution_groups": pickers.institution_groups(
                pickers.value(data, "institution_q"), region
            ),
            "selected_object": picked,
        }
    panel = render_to_string("citizen/_suggestions.html", context, request)
    digest = hashlib.sha256(panel.encode()).hexdigest()[:20]
    if picked is None and pickers.value(data, "suggest_digest") == digest:
        return HttpResponse(status=204)
    return HttpResponse(
        panel + format_html('<input type="hidden" name="suggest_digest" value="{}">', digest)
    )


@require_GET
def submitted(request: HttpRequest, tracking_id: str) -> HttpResponseBase:
    """After submission: the tracking ID, big, and the reporter's private link (shown to the
    session that filed the report only)."""
    report = Report.objects.filter(tracking_id=tracking_id.upper()).first()
    token = session.token_for(request, tracking_id)
    if report is None or token is None or not access.is_reporter(None, report, token):
        return redirect("citizen:track_detail", tracking_id=tracking_id.upper())
    link = request.build_absolute_uri(
        reverse("citizen:track_detail", args=[report.tracking_id]) + f"?token={token}"
    )
    return render(
        request,
        "citizen/submitted.html",
        {
            "report": report,
            "link": link,
            "deadlines": deadlines(report, for_reporter=True)[:1],
            "pii": bool(report.pii_flags),
        },
    )


# --- tracking -------------------------------------------------------------------------------------


@require_GET
def track(request: HttpRequest) -> HttpResponseBase:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        tracking_id = form.cleaned_data["tracking_id"]
        if Report.objects.filter(tracking_id=tracking_id).exists():
            return redirect("citizen:track_detail", tracking_id=tracking_id)
        form.add_error(
            "tracking_id",
            _("Nomor pelacakan %(id)s tidak ditemukan. Periksa kembali huruf dan angkanya.")
            % {"id": tracking_id},
        )
    return render(request, "citizen/track.html", {"form": form})


def _get_report(tracking_id: str) -> Report:
    report = (
        Report.objects.select_related("institution", "unit", "category", "region", "reporter")
        .filter(tracking_id=tracking_id.upper())
        .first()
    )
    if report is None:
        raise Http404
    return report


def _is_reporter(request: HttpRequest, report: Report) -> bool:
    return access.is_reporter(request.user, report, session.token_for(request, report.tracking_id))


def _reporter_by(request: HttpRequest, report: Report) -> By:
    """The reporter acting; their account is recorded only when it is the reporter's own."""
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.pk != report.reporter_id:
        user = None
    return By(Actor.REPORTER, user, reporter_proven=True)


REPORTER_FORMS: dict[str, type] = {
    "reply": ReplyForm,
    "add_info": AddInfoForm,
    "appeal": AppealForm,
    "withdraw": WithdrawForm,
    "consent_referral": ConsentForm,
}


def reporter_form(action: str, *args: Any) -> Any:
    """The form of one reporter action; ids are prefixed so several forms share a page."""
    return REPORTER_FORMS[action](*args, auto_id=f"id_{action}_%s")


def _available(report: Report) -> list[str]:
    found = [a for a in REPORTER_FORMS if lifecycle.allowed(a, report.status, Actor.REPORTER)]
    if report.ombudsman_consent and "consent_referral" in found:
        found.remove("consent_referral")
    return found


def render_track_detail(
    request: HttpRequest,
    report: Report,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    reporter = _is_reporter(request, report)
    context: dict[str, Any] = {
        "report": report,
        "reporter": reporter,
        "deadlines": deadlines(report, for_reporter=reporter),
        "closed": lifecycle.is_closed(report.status),
        "public": access.public_reports().filter(pk=report.pk).exists(),
        "track_form": TrackForm(),
    }
    if reporter:
        data = present(report, View.REPORTER, identity=True)
        events = timeline(data["events"])
        available = _available(report)
        forms = {name: reporter_form(name) for name in available}
        forms.update(bound or {})
        context.update(
            {
                "data": data,
                "events": events,
                "responses": [e for e in events if e["action"] == "respond"],
                "forms": forms,
                "proposed_referral": any(e["action"] == "propose_referral" for e in events),
            }
        )
    else:
        context["data"] = present(report, View.TRACKING)
    return render(request, "citizen/track_detail.html", context, status=status)


@require_GET
def track_detail(request: HttpRequest, tracking_id: str) -> HttpResponseBase:
    report = _get_report(tracking_id)
    token = request.GET.get("token")
    if token is not None:
        if access.is_reporter(None, report, token):
            # Keep the secret out of the address bar, history and Referer from now on.
            session.remember_token(request, report.tracking_id, token)
            return redirect("citizen:track_detail", tracking_id=report.tracking_id)
        messages.error(
            request,
            _("Tautan pelapor ini tidak berlaku. Anda melihat status laporan saja."),
        )
    if tracking_id != report.tracking_id:
        return redirect("citizen:track_detail", tracking_id=report.tracking_id)
    return render_track_detail(request, report)


def _action_kwargs(action: str, form: Any) -> dict[str, Any]:
    c = form.cleaned_data
    if action == "reply":
        return {"satisfied": c["satisfied"], "text": c["text"]}
    if action in ("add_info", "appeal", "withdraw"):
        return {"text": c["text"]}
    return {}


@require_POST
def reporter_action(request: HttpRequest, tracking_id: str, action: str) -> HttpResponseBase:
    """One reporter action from the tracking page: reply, add_info, appeal, withdraw,
    consent_referral."""
    if action not in REPORTER_FORMS:
        raise Http404
    report = _get_report(tracking_id)
    if not _is_reporter(request, report):
        messages.error(
            request,
            _("Hanya pelapor yang dapat melakukan ini. Buka tautan pelapor Anda atau masuk."),
        )
        return redirect("citizen:track_detail", tracking_id=report.tracking_id)
    form = reporter_form(action, request.POST, request.FILES)
    if not form.is_valid():
        return render_track_detail(request, report, bound={action: form})
    uploads = form.cleaned_data.get("attachments") or []
    for upload in uploads:
        try:
            validate_upload(upload)
        except ActionError as exc:
            form.add_error("attachments", f"{upload.name}: {exc.message}")
    if form.errors:
        return render_track_detail(request, report, bound={action: form})
    try:
        with transaction.atomic():
            event = actions.ACTIONS[action](
                report, _reporter_by(request, report), **_action_kwargs(action, form)
            )
            for upload in uploads:
                attach(report, upload, from_reporter=True, event=event)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("citizen:track_detail", tracking_id=report.tracking_id)
    except ActionError as exc:
        name = FIELD_OF.get(exc.field or "", exc.field)
        form.add_error(name if name in form.fields else None, exc.message)
        return render_track_detail(request, _get_report(tracking_id), bound={action: form})
    messages.success(request, DONE_MESSAGES[action]())
    return redirect(reverse("citizen:track_detail", args=[report.tracking_id]) + "#riwayat")


DONE_MESSAGES = {
    "reply": lambda: _("Terima kasih, tanggapan Anda sudah tercatat."),
    "add_info": lambda: _("Informasi tambahan Anda sudah terkirim."),
    "appeal": lambda: _("Banding Anda sudah diterima; admin nasional akan memeriksa ulang."),
    "withdraw": lambda: _("Laporan Anda sudah dicabut."),
    "consent_referral": lambda: _("Persetujuan rujukan ke Ombudsman RI sudah tercatat."),
}


@require_GET
def reporter_attachment(request: HttpRequest, tracking_id: str, pk: int) -> FileResponse:
    """An attachment the reporter may see (their own and the institution's, never hidden)."""
    report = _get_report(tracking_id)
    if not _is_reporter(request, report):
        raise Http404
    attachment = get_object_or_404(
        report.attachments.filter(visible_to_reporter=True, hidden=False), pk=pk
    )
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- public feed and report page ------------------------------------------------------------------


def filter_feed(qs: QuerySet[Report], form: FeedFilterForm) -> QuerySet[Report]:
    c = form.cleaned_data
    if c.get("region"):
        qs = qs.filter(Q(region_id=c["region"]) | Q(region__code__startswith=c["region"] + "."))
    if c.get("category"):
        qs = qs.filter(Q(category__slug=c["category"]) | Q(category__parent__slug=c["category"]))
    if c.get("institution"):
        qs = qs.filter(institution__code=c["institution"])
    if c.get("status"):
        qs = qs.filter(status=c["status"])
    if c.get("q"):
        text = c["q"].strip()
        qs = qs.filter(
            Q(title__icontains=text) | Q(body__icontains=text) | Q(tracking_id__iexact=text)
        )
    return qs


def _support_state(request: HttpRequest, ids: list[int]) -> set[int]:
    user = request.user if request.user.is_authenticated else None
    return supported_ids(ids, user=user, device=device_of(request))


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    form = FeedFilterForm(request.GET or None)
    qs = access.public_reports().select_related("institution", "category", "region")
    if form.is_bound and form.is_valid():
        qs = filter_feed(qs, form)
    page = Paginator(qs.order_by("-created_at", "-id"), FEED_PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    reports = list(page.object_list)
    supported = _support_state(request, [r.pk for r in reports])
    params = request.GET.copy()
    params.pop("halaman", None)
    institutions = Institution.objects.filter(
        pk__in=access.public_reports().values("institution_id")
    ).order_by("name")
    return render(
        request,
        "citizen/feed.html",
        {
            "form": form,
            "page": page,
            "items": [
                {"report": r, "data": present_card(r), "supported": r.pk in supported}
                for r in reports
            ],
            "query": params.urlencode(),
            "institutions": institutions,
            "selected_institution": request.GET.get("institution", ""),
        },
    )


def present_card(report: Report) -> dict[str, Any]:
    """The few public fields a feed card needs (a subset of View.PUBLIC, without the events)."""
    return {
        "tracking_id": report.tracking_id,
        "title": report.title,
        "body": report.body,
        "status_label": str(lifecycle.Status(report.status).label),
        "status_kind": lifecycle.kind_of(report.status).value,
        "institution": report.institution.name if report.institution else None,
        "region": report.region.name if report.region else None,
        "category": report.category.name if report.category else None,
        "created_at": report.created_at,
        "support_count": report.support_count,
    }


@require_GET
def public_report(request: HttpRequest, tracking_id: str) -> HttpResponseBase:
    report = (
        access.public_reports()
        .select_related("institution", "category", "region")
        .filter(tracking_id=tracking_id.upper())
        .first()
    )
    if report is None:
        raise Http404
    if tracking_id != report.tracking_id:
        return redirect("citizen:public_report", tracking_id=report.tracking_id)
    data = present(report, View.PUBLIC)
    return render(
        request,
        "citizen/public_report.html",
        {
            "report": report,
            "data": data,
            "responses": timeline(data["responses"]),
            "deadlines": deadlines(report, for_reporter=False),
            "supported": report.pk in _support_state(request, [report.pk]),
        },
    )


@require_POST
def support(request: HttpRequest, tracking_id: str) -> HttpResponseBase:
    """Dukung (htmx or a plain form): one per account, one per device."""
    report = access.public_reports().filter(tracking_id=tracking_id.upper()).first()
    if report is None:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    device = device_of(request)
    fresh_device = not device
    if fresh_device:
        device = new_device()
    added = support_report(report, user=user, device=device)
    report.refresh_from_db(fields=["support_count"])
    if request.headers.get("HX-Request"):
        response: HttpResponseBase = render(
            request,
            "citizen/_support.html",
            {"report": report, "supported": True, "just_added": added},
        )
    else:
        if added:
            messages.success(request, _("Terima kasih atas dukungan Anda."))
        else:
            messages.info(request, _("Anda sudah mendukung laporan ini."))
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("citizen:public_report", args=[report.tracking_id])
        response = redirect(target)
    if fresh_device:
        set_device_cookie(response, device, secure=request.is_secure())
    return response


# --- errors ---------------------------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired form. The report form comes back with what was typed."""
    if request.method == "POST" and request.path == reverse("citizen:report"):
        data = request.POST
        user = request.user if request.user.is_authenticated else None
        return render_report_form(
            request,
            ReportForm(initial=typed(data), user=user),
            data,
            status=403,
            expired=True,
            had_files=bool(request.FILES),
        )
    return render(request, "citizen/csrf_failure.html", {"reason": reason}, status=403)
