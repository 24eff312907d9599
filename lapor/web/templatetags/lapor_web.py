"""Template helpers for the site: accessible form fields and small formatting filters."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.inclusion_tag("web/_field.html")
def field(bound: forms.BoundField, label: str = "", hint: str = "") -> dict[str, Any]:
    """A labelled field: label, hint, error next to it, and the widget pointing at both
    (aria-describedby, aria-invalid), so screen readers announce them with the field."""
    auto_id = bound.auto_id or bound.html_name
    hint = hint or str(bound.help_text or "")
    described = []
    if hint:
        described.append(f"{auto_id}-hint")
    if bound.errors:
        described.append(f"{auto_id}-error")
    attrs: dict[str, Any] = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    widget = bound.field.widget
    return {
        "f": bound,
        "id": auto_id,
        "label": label or bound.label,
        "hint": hint,
        "widget": bound.as_widget(attrs=attrs),
        "checkbox": isinstance(widget, forms.CheckboxInput),
        "optional": not bound.field.required and not isinstance(widget, forms.CheckboxInput),
    }


@register.filter
def status_class(kind: str) -> str:
    """CSS class of a status kind (open / waiting / closed); the label is always shown too."""
    return f"status-{kind}" if kind in ("open", "waiting", "closed") else "status-open"


@register.filter
def error_ids(bound: forms.BoundField) -> str:
    """aria-describedby value for hand-rendered fields."""
    return f"{bound.auto_id}-error" if bound.errors else ""
