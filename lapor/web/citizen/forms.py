"""Citizen forms. They check shape only (required, lengths, formats); the rules of the domain
are checked by the actions, whose `ActionError`s the views put next to the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapor.reports.lifecycle import ReportType
from lapor.reports.models import TRACKING_ALPHABET
from lapor.web.citizen import pickers


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        limit = settings.LAPOR_MAX_ATTACHMENTS
        if len(files) > limit:
            raise forms.ValidationError(
                _("Paling banyak %(n)d lampiran sekaligus."), params={"n": limit}
            )
        return files


class TelInput(forms.TextInput):
    input_type = "tel"


class SearchInput(forms.TextInput):
    input_type = "search"


ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"

TYPE_HINTS: dict[str, Any] = {
    ReportType.PENGADUAN: _("Keluhan tentang pelayanan publik yang tidak berjalan semestinya."),
    ReportType.ASPIRASI: _("Saran atau usulan untuk perbaikan pelayanan publik."),
    ReportType.INFORMASI: _("Pertanyaan atau permintaan informasi kepada instansi pemerintah."),
}


# What the suggestion panel reads from the report form (htmx `hx-params`): never the reporter's
# identity or files.
SUGGESTION_FIELDS = (
    "title,body,province,regency,district,region_pick,address,lat,lon,"
    "institution,institution_q,pick_institution,suggest_digest"
)


class ReportForm(forms.Form):
    """The report form. Region, category and institution are rendered by their pickers and
    arrive as codes; `clean` turns them into objects."""

    idem = forms.CharField(widget=forms.HiddenInput, max_length=64)
    type = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=ReportType.choices,
        widget=forms.RadioSelect,
        initial=ReportType.PENGADUAN,
    )
    title = forms.CharField(
        label=_("Judul laporan"),
        max_length=200,
        help_text=_("Singkat dan jelas, misalnya: KTP-el belum jadi setelah tiga bulan."),
    )
    body = forms.CharField(
        label=_("Isi laporan"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ceritakan kronologinya: apa yang terjadi, di mana, kapan, dan siapa yang melayani. "
            "Jangan menulis NIK, nomor telepon, atau nama Anda di sini jika ingin tetap anonim."
        ),
    )
    occurred_on = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        help_text=_("Pengaduan dapat disampaikan paling lambat 30 hari setelah kejadian."),
    )
    province = forms.CharField(required=False, max_length=13)
    regency = forms.CharField(required=False, max_length=13)
    district = forms.CharField(required=False, max_length=13)
    region_pick = forms.CharField(required=False, max_length=13)
    address = forms.CharField(
        label=_("Alamat atau patokan lokasi"),
        required=False,
        max_length=300,
        help_text=_("Misalnya: depan SD Negeri 2 Caturtunggal, Jl. Kaliurang km 5."),
    )
    lat = forms.DecimalField(
        label=_("Lintang"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Contoh: -7.7713"),
    )
    lon = forms.DecimalField(
        label=_("Bujur"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Contoh: 110.3775"),
    )
    category = forms.CharField(required=False, max_length=80)
    institution = forms.CharField(required=False, max_length=80)
    anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    attachments = MultipleFileField(
        label=_("Lampiran"),
        widget=MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=_("Foto (JPEG, PNG, GIF, WebP) atau PDF, paling banyak %(n)d file.")
        % {"n": settings.LAPOR_MAX_ATTACHMENTS},
    )
    reporter_name = forms.CharField(label=_("Nama"), required=False, max_length=120)
    reporter_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Untuk pemberitahuan perkembangan laporan."),
    )
    reporter_phone = forms.CharField(
        label=_("Nomor telepon"),
        required=False,
        max_length=20,
        widget=TelInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Untuk pemberitahuan lewat SMS."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if getattr(user, "is_authenticated", False) else None
        if self.user is not None:
            # A signed-in reporter is known by their account; only a phone may be added.
            del self.fields["reporter_name"]
            del self.fields["reporter_email"]
        if "reporter_name" in self.fields:
            self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        if "reporter_email" in self.fields:
            self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        # As the reporter writes, the suggestion panel follows (progressive enhancement: without
        # JavaScript the "see suggestions" button re-renders the form with it).
        for name in ("title", "body"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": reverse("citizen:report_suggestions"),
                    "hx-trigger": "input changed delay:800ms, change"
                    + (", region-changed from:body" if name == "body" else ""),
                    "hx-target": "#suggestions",
                    "hx-swap": "innerHTML",
                    "hx-params": SUGGESTION_FIELDS,
                    "hx-sync": "closest form:replace",
                }
            )
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        state = pickers.region_state(self.data)
        data["region"] = state.region
        data["category_obj"] = None
        if data.get("category"):
            category = pickers.category_by_slug(data["category"])
            if category is None:
                self.add_error("category", _("Kategori tidak dikenal; pilih dari daftar."))
            data["category_obj"] = category
        data["institution_obj"] = None
        if data.get("institution"):
            institution = pickers.institution_by_code(data["institution"])
            if institution is None:
                self.add_error("institution", _("Instansi tidak dikenal; pilih dari daftar."))
            data["institution_obj"] = institution
        return data


class TrackForm(forms.Form):
    tracking_id = forms.CharField(
        label=_("Nomor pelacakan"),
        max_length=20,
        help_text=_("8 huruf dan angka, misalnya 7KQ4MXTA."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_tracking_id(self) -> str:
        value = "".join(self.cleaned_data["tracking_id"].split()).upper().replace("-", "")
        if not value or any(c not in TRACKING_ALPHABET for c in value):
            raise forms.ValidationError(
                _("Nomor pelacakan hanya berisi huruf dan angka seperti pada tanda terima Anda.")
            )
        return value


# --- reporter actions on the tracking page ------------------------------------------------------


class ReplyForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Apakah tindak lanjut ini menyelesaikan masalah Anda?"),
        choices=[
            ("yes", _("Puas: masalah selesai")),
            ("no", _("Tidak puas: masalah belum selesai")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Alasan atau tanggapan Anda"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wajib diisi jika tidak puas: jelaskan apa yang belum selesai."),
    )


class AddInfoForm(forms.Form):
    text = forms.CharField(
        label=_("Informasi tambahan"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Lampiran"),
        widget=MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text=_("Foto atau PDF, boleh lebih dari satu."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Alasan banding"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jelaskan mengapa laporan ini belum selesai."),
    )


class WithdrawForm(forms.Form):
    text = forms.CharField(
        label=_("Alasan mencabut (boleh dikosongkan)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa laporan yang dicabut tidak ditindaklanjuti lagi."),
    )


class ConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Saya setuju laporan ini dirujuk ke Ombudsman RI, termasuk identitas saya, untuk "
            "diperiksa."
        ),
    )


# --- feed ----------------------------------------------------------------------------------------


class FeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100, widget=SearchInput)
    region = forms.ChoiceField(label=_("Provinsi"), required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    institution = forms.CharField(label=_("Instansi"), required=False, max_length=80)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "region": [("", _("Semua provinsi")), *pickers.province_choices()],
            "category": [("", _("Semua kategori")), *pickers.main_category_choices()],
            "status": [("", _("Semua status")), *pickers.public_status_choices()],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


# --- accounts ------------------------------------------------------------------------------------


class RegisterForm(UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Untuk mengatur ulang kata sandi dan pemberitahuan laporan."),
    )
    first_name = forms.CharField(label=_("Nama lengkap"), required=False, max_length=150)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["username"].help_text = _("Huruf, angka, dan @ . + - _ saja.")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("E-mail ini sudah terdaftar. Masuk, atau atur ulang kata sandi.")
            )
        return email


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
