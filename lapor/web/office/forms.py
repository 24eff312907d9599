"""Back-office forms. Action forms only collect input in the API's payload shape; the action
functions (through `lapor.api.reports.action_kwargs`) validate it and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lapor.channels.models import WebhookEndpoint
from lapor.directory.models import Category, Institution, Region, Role, WorkUnit
from lapor.reports.lifecycle import (
    OmbudsmanFinding,
    RejectReason,
    ReportType,
    ReturnReason,
    Status,
)
from lapor.reports.models import Report
from lapor.web.models import ResponseTemplate

LEG_LABELS = {
    "verification": _("Verifikasi"),
    "follow_up": _("Tindak lanjut pertama"),
    "resolution": _("Penyelesaian"),
    "reporter_reply": _("Tanggapan pelapor"),
    "completeness": _("Kelengkapan dari pelapor"),
    "overall": _("Keseluruhan (60 hari)"),
}

ORDERINGS = [
    ("due_at", _("Batas waktu terdekat")),
    ("-due_at", _("Batas waktu terjauh")),
    ("created_at", _("Terlama masuk")),
    ("-created_at", _("Terbaru masuk")),
]


def institution_choices() -> list[tuple[str, str]]:
    return [
        (i.code, i.label)
        for i in Institution.objects.active().order_by("name").only("code", "name", "acronym")
    ]


def category_choices(blank: str) -> list[Any]:
    """Main categories as groups, each with its subcategories."""
    rows = list(
        Category.objects.order_by("position", "name").values("slug", "name", "parent_id", "id")
    )
    children: dict[int, list[Any]] = {}
    for row in rows:
        if row["parent_id"]:
            children.setdefault(row["parent_id"], []).append(row)
    choices: list[Any] = [("", blank)]
    for row in rows:
        if row["parent_id"] is None:
            group = [(row["slug"], row["name"])] + [
                (c["slug"], f"{row['name']} › {c['name']}") for c in children.get(row["id"], [])
            ]
            choices.append((row["name"], group))
    return choices


class Accessible:
    """Field errors are tied to their input (aria-describedby), next to the help text."""

    fields: dict[str, Any]  # ChoiceField, ModelChoiceField...: their own attributes are set

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        fields = self.fields  # type: ignore[attr-defined]
        names = [field] if field else []
        if isinstance(error, dict):
            names = list(error)
        for name in names:
            if name in fields:
                auto_id = self[name].auto_id  # type: ignore[index]
                ids = [f"{auto_id}_error"]
                if fields[name].help_text:
                    ids.append(f"{auto_id}_helptext")
                fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


# --- queues ----------------------------------------------------------------------------------


class QueueFilterForm(Accessible, forms.Form):
    hide_optional = True  # every filter is optional: saying so on each is noise
    q = forms.CharField(
        label=_("Cari judul, isi, atau nomor pelacakan"), required=False, max_length=100
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Klasifikasi"), required=False)
    leg = forms.ChoiceField(label=_("Tahap berjalan"), required=False)
    overdue = forms.ChoiceField(
        label=_("Batas waktu"),
        required=False,
        choices=[("", _("Semua")), ("true", _("Lewat batas waktu")), ("false", _("Belum lewat"))],
    )
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    region = forms.ChoiceField(label=_("Provinsi"), required=False)
    ordering = forms.ChoiceField(label=_("Urutkan"), required=False, choices=ORDERINGS)

    def __init__(self, *args: Any, statuses: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = statuses or tuple(Status.values)
        self.fields["status"].choices = [("", _("Semua"))] + [(s, Status(s).label) for s in wanted]
        self.fields["type"].choices = [("", _("Semua"))] + list(ReportType.choices)
        self.fields["leg"].choices = [("", _("Semua"))] + list(LEG_LABELS.items())
        self.fields["category"].choices = [("", _("Semua"))] + list(
            Category.objects.filter(parent__isnull=True)
            .order_by("position", "name")
            .values_list("slug", "name")
        )
        self.fields["region"].choices = [("", _("Semua"))] + list(
            Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name")
        )

    def params(self, default_ordering: str) -> dict[str, str]:
        """The valid filters in the API's query shape (for `filter_reports`)."""
        data = getattr(self, "cleaned_data", {})
        params = {k: v for k, v in data.items() if v}
        params.setdefault("ordering", default_ordering)
        return params


class BulkForm(Accessible, forms.Form):
    hide_optional = True
    action = forms.ChoiceField(label=_("Tindakan massal"))
    unit = forms.ChoiceField(label=_("Unit kerja (untuk disposisi)"), required=False)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=5000)

    LABELS = {"accept": _("Terima"), "assign": _("Disposisikan ke unit kerja")}

    def __init__(self, *args: Any, actions: tuple[str, ...], units: list[WorkUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, self.LABELS[a]) for a in actions]
        self.fields["unit"].choices = [("", "—")] + [
            (
                str(u.pk),
                f"{u.name} ({u.institution.name})"
                if len({x.institution_id for x in units}) > 1
                else u.name,
            )
            for u in units
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("unit"):
            self.add_error("unit", _("Pilih unit kerja tujuan."))
        return data


# --- report actions --------------------------------------------------------------------------


class ActionForm(Accessible, forms.Form):
    """One lifecycle action. `payload()` returns what the API would receive."""

    multipart = False

    def __init__(self, *args: Any, report: Report, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)
        self.report = report
        self.user = user

    action = ""

    def payload(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items()}


def _note(required: bool = False, label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Catatan"),
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyForm(ActionForm):
    action = "verify"
    institution = forms.ChoiceField(label=_("Instansi tujuan"))
    title = forms.CharField(label=_("Judul (boleh diperbaiki)"), max_length=200)
    type = forms.ChoiceField(label=_("Klasifikasi"), choices=ReportType.choices)
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    anonymous = forms.BooleanField(
        label=_("Jadikan anonim (identitas disembunyikan dari instansi)"), required=False
    )
    confidential = forms.BooleanField(
        label=_("Jadikan rahasia (tidak tampil di publik)"), required=False
    )
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        report = self.report
        self.fields["institution"].choices = [("", _("— pilih instansi —"))] + institution_choices()
        self.fields["category"].choices = category_choices(str(_("— tanpa kategori —")))
        self.initial.update(
            {
                "institution": report.target_institution.code if report.target_institution else "",
                "title": report.title,
                "type": report.type,
                "category": report.category.slug if report.category else "",
                "anonymous": report.anonymous,
                "confidential": report.confidential,
            }
        )
        # Privacy can only be made stricter here: an option already on stays on.
        for name in ("anonymous", "confidential"):
            if getattr(report, name):
                self.fields[name].disabled = True

    def payload(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["anonymous"] = True if data.get("anonymous") and not self.report.anonymous else None
        data["confidential"] = (
            True if data.get("confidential") and not self.report.confidential else None
        )
        data["category"] = data.get("category") or None
        return data


class HoldForm(ActionForm):
    action = "hold"
    note = _note(True, _("Pertanyaan kepada pelapor (terlihat pelapor)"))


class RejectForm(ActionForm):
    action = "reject"
    reason = forms.ChoiceField(label=_("Alasan"), choices=RejectReason.choices)
    note = _note(label=_("Penjelasan kepada pelapor"))


class DuplicateForm(ActionForm):
    action = "mark_duplicate"
    of = forms.CharField(label=_("Nomor pelacakan laporan asal"), max_length=12)
    note = _note()


class ArchiveForm(ActionForm):
    action = "archive"
    note = _note()


class RedactForm(ActionForm):
    action = "redact"
    title = forms.CharField(label=_("Judul"), max_length=200)
    body = forms.CharField(label=_("Isi laporan"), widget=forms.Textarea(attrs={"rows": 10}))
    flagged = forms.BooleanField(
        label=_("Samarkan semua dugaan data pribadi yang ditandai sistem"), required=False
    )
    hide_attachments = forms.MultipleChoiceField(
        label=_("Sembunyikan lampiran"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.update({"title": self.report.title, "body": self.report.body})
        self.fields["hide_attachments"].choices = [
            (str(a.pk), a.name) for a in self.report.attachments.filter(hidden=False)
        ]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": None if data["title"] == self.report.title else data["title"],
            "body": None
            if data["body"].replace("\r\n", "\n") == self.report.body
            else data["body"],
            "flagged": data.get("flagged", False),
            "hide_attachments": [int(i) for i in data.get("hide_attachments") or []],
        }


class AcceptForm(ActionForm):
    action = "accept"
    note = _note()


class ReturnForm(ActionForm):
    action = "return"
    reason = forms.ChoiceField(label=_("Alasan"), choices=ReturnReason.choices)
    note = _note(True, _("Penjelasan (wajib)"))


class ForwardForm(ActionForm):
    action = "forward"
    institution = forms.ChoiceField(label=_("Teruskan ke instansi"))
    note = _note(True, _("Alasan penerusan (wajib)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", _("— pilih instansi —"))] + [
            c
            for c in institution_choices()
            if c[0] != getattr(self.report.institution, "code", None)
        ]


class AssignForm(ActionForm):
    action = "assign"
    unit = forms.ChoiceField(label=_("Unit kerja"))
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = WorkUnit.objects.filter(institution=self.report.institution, active=True)
        self.fields["unit"].choices = [("", _("— pilih unit kerja —"))] + [
            (u.code, u.name) for u in units.order_by("name")
        ]
        if self.report.unit_id:
            self.initial["unit"] = self.report.unit.code  # type: ignore[union-attr]


class SetTierForm(ActionForm):
    action = "set_tier"
    tier = forms.TypedChoiceField(label=_("Tingkat penyelesaian"), coerce=int)
    reason = _note(True, _("Alasan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            5: _("5 hari kerja — informasi atau pengaduan biasa"),
            14: _("14 hari kerja — sengketa tanpa pemeriksaan lapangan"),
            60: _("60 hari kerja — perlu pemeriksaan lapangan"),
        }
        self.fields["tier"].choices = [
            (t, labels.get(t, t)) for t in settings.LAPOR_RESOLUTION_TIERS
        ]
        self.initial["tier"] = self.report.tier


class RespondForm(ActionForm):
    action = "respond"
    multipart = True
    template = forms.ChoiceField(label=_("Templat tanggapan"), required=False)
    text = forms.CharField(
        label=_("Tindak lanjut (terlihat pelapor)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    final = forms.BooleanField(
        label=_("Tanggapan akhir (pelapor diminta memberi tanggapan dalam 10 hari kerja)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = list(
            ResponseTemplate.objects.filter(institution=self.report.institution).order_by("title")
        )
        self.fields["template"].choices = [("", _("— tanpa templat —"))] + [
            (str(t.pk), t.title) for t in self.templates
        ]
        # Required in effect (the action refuses an empty text), optional only to let a chosen
        # template stand in for it when JavaScript is off.
        self.fields["text"].show_required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and data.get("template"):
            # Without JavaScript the select cannot fill the text: use the template as it is.
            chosen = next((t for t in self.templates if str(t.pk) == data["template"]), None)
            if chosen is not None:
                data["text"] = chosen.text
        return data

    def payload(self) -> dict[str, Any]:
        return {
            "text": self.cleaned_data.get("text", ""),
            "final": bool(self.cleaned_data.get("final")),
        }


class RequestInfoForm(ActionForm):
    action = "request_info"
    text = _note(True, _("Informasi yang diminta dari pelapor (terlihat pelapor)"))


class UnitReturnForm(ActionForm):
    action = "unit_return"
    note = _note(True, _("Alasan dikembalikan ke admin instansi"))


class NoteForm(ActionForm):
    action = "add_note"
    text = _note(True, _("Catatan internal (tidak pernah terlihat pelapor)"))


class AcknowledgeForm(ActionForm):
    action = "acknowledge"
    note = _note()


class CloseForm(ActionForm):
    action = "close"
    finding = forms.ChoiceField(label=_("Temuan"), choices=OmbudsmanFinding.choices)
    text = _note(True, _("Kesimpulan (terlihat pelapor)"))


ACTION_FORMS: dict[str, type[ActionForm]] = {
    f.action: f
    for f in (
        VerifyForm,
        HoldForm,
        RejectForm,
        DuplicateForm,
        ArchiveForm,
        RedactForm,
        AcceptForm,
        ReturnForm,
        ForwardForm,
        AssignForm,
        SetTierForm,
        RespondForm,
        RequestInfoForm,
        UnitReturnForm,
        NoteForm,
        AcknowledgeForm,
        CloseForm,
    )
}

ACTION_TITLES = {
    "verify": _("Verifikasi dan disposisikan"),
    "hold": _("Tunda (minta kelengkapan)"),
    "reject": _("Tolak"),
    "mark_duplicate": _("Tandai duplikat"),
    "archive": _("Arsipkan"),
    "redact": _("Samarkan data pribadi"),
    "accept": _("Terima laporan"),
    "return": _("Kembalikan: bukan wewenang"),
    "forward": _("Teruskan ke instansi lain"),
    "assign": _("Disposisikan ke unit kerja"),
    "set_tier": _("Ubah tingkat penyelesaian"),
    "respond": _("Beri tindak lanjut"),
    "request_info": _("Minta informasi kepada pelapor"),
    "unit_return": _("Kembalikan ke admin instansi"),
    "add_note": _("Tambah catatan internal"),
    "acknowledge": _("Terima rujukan"),
    "close": _("Tutup dengan temuan"),
}

# The labels of every event in the timeline (the lifecycle's own labels are not translated).
EVENT_LABELS = {
    **ACTION_TITLES,
    "submit": _("Laporan dikirim"),
    "verify": _("Diverifikasi dan didisposisikan"),
    "hold": _("Ditunda"),
    "reject": _("Ditolak"),
    "mark_duplicate": _("Ditandai duplikat"),
    "archive": _("Diarsipkan"),
    "redact": _("Data pribadi disamarkan"),
    "accept": _("Diterima instansi"),
    "return": _("Dikembalikan: bukan wewenang"),
    "forward": _("Diteruskan ke instansi lain"),
    "assign": _("Didisposisikan ke unit kerja"),
    "set_tier": _("Tingkat penyelesaian diubah"),
    "respond": _("Tindak lanjut"),
    "request_info": _("Informasi diminta dari pelapor"),
    "unit_return": _("Dikembalikan ke admin instansi"),
    "add_note": _("Catatan internal"),
    "add_info": _("Pelapor menambah informasi"),
    "reply": _("Tanggapan pelapor"),
    "appeal": _("Banding pelapor"),
    "withdraw": _("Dicabut pelapor"),
    "consent_referral": _("Pelapor setuju dirujuk ke Ombudsman"),
    "acknowledge": _("Rujukan diterima Ombudsman"),
    "close": _("Ditutup Ombudsman"),
    "auto_close": _("Selesai otomatis"),
    "escalate": _("Eskalasi: batas waktu terlewati"),
    "propose_referral": _("Rujukan ke Ombudsman diusulkan"),
    "expire_info": _("Kedaluwarsa menunggu informasi"),
    "refer_to_ombudsman": _("Dirujuk ke Ombudsman"),
}


# --- institution settings ------------------------------------------------------------------


class UnitForm(Accessible, forms.ModelForm):
    class Meta:
        model = WorkUnit
        fields = ["code", "name", "parent", "active"]
        labels = {
            "code": _("Kode (huruf kecil, angka, tanda hubung)"),
            "name": _("Nama unit kerja"),
            "parent": _("Unit induk"),
            "active": _("Aktif (dapat menerima disposisi)"),
        }

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.instance.institution = institution
        units = institution.units.all()
        if self.instance.pk:
            self.fields["code"].disabled = True  # codes are kept in events and the API
            units = units.exclude(pk__in=descendants(self.instance))
        self.fields["parent"].queryset = units.order_by("name")
        self.fields["parent"].empty_label = _("— tanpa induk (unit teratas) —")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        others = self.institution.units.filter(code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Kode unit ini sudah dipakai di instansi ini."))
        return code


def descendants(unit: WorkUnit) -> set[int]:
    found = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        frontier = list(
            WorkUnit.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


class StaffAddForm(Accessible, forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"), max_length=150, help_text=_("Akun baru dibuat bila belum ada.")
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Wajib untuk akun baru: tautan untuk membuat kata sandi dikirim ke sini."),
    )
    role = forms.ChoiceField(
        label=_("Peran"),
        choices=[
            (Role.UNIT_OFFICER, Role.UNIT_OFFICER.label),
            (Role.INSTITUTION_ADMIN, Role.INSTITUTION_ADMIN.label),
        ],
    )
    unit = forms.ChoiceField(label=_("Unit kerja (untuk petugas unit)"), required=False)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["unit"].choices = [("", "—")] + [
            (u.code, u.name) for u in institution.units.filter(active=True).order_by("name")
        ]

    def clean_username(self) -> str:
        value = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.UNIT_OFFICER and not data.get("unit"):
            self.add_error("unit", _("Pilih unit kerja petugas."))
        username = data.get("username")
        new_account = username and not get_user_model().objects.filter(username=username).exists()
        if new_account and not data.get("email"):
            self.add_error("email", _("Akun baru membutuhkan alamat e-mail untuk undangan."))
        return data


class NationalAdminForm(Accessible, forms.Form):
    institution = forms.ChoiceField(label=_("Instansi"))
    username = StaffAddForm.base_fields["username"]
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Tautan untuk membuat kata sandi dikirim ke sini.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", _("— pilih instansi —"))] + institution_choices()

    clean_username = StaffAddForm.clean_username


class ResponseTemplateForm(Accessible, forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.institution = institution

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = ResponseTemplate.objects.filter(
            institution=self.instance.institution, title__iexact=title
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Judul templat ini sudah dipakai."))
        return title


class WebhookForm(Accessible, forms.ModelForm):
    url = forms.URLField(label=_("URL penerima (https)"), max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label=_("Rahasia penanda tangan"),
        required=False,
        max_length=200,
        help_text=_("Kosongkan untuk membuat rahasia acak (atau untuk tidak mengubahnya)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "secret", "active"]
        labels = {"url": _("URL penerima (https)"), "active": _("Aktif")}

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.institution = institution
        self.initial["secret"] = ""

    def clean_secret(self) -> str:
        import secrets

        value = self.cleaned_data.get("secret") or ""
        if value and len(value) < 16:
            raise forms.ValidationError(_("Paling sedikit 16 karakter."))
        if not value:
            return self.instance.secret or secrets.token_urlsafe(32)
        return value
