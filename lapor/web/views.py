"""Citizen-facing pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lapor.directory.models import Institution


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"institutions": Institution.objects.active().count()},
    )
