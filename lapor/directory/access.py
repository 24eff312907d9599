"""Who may do what in the directory (the one place that answers it)."""

from __future__ import annotations

from typing import Any

from lapor.directory.models import Institution, Role, StaffRole


def roles_of(user: Any) -> list[StaffRole]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_lapor_roles", None)
    if cached is None:
        cached = list(StaffRole.objects.filter(user=user).select_related("institution", "unit"))
        user._lapor_roles = cached
    return cached


def is_national_admin(user: Any) -> bool:
    return any(r.role == Role.NATIONAL_ADMIN for r in roles_of(user))


def can_manage_units(user: Any, institution: Institution) -> bool:
    """Institution admins manage their own institution's units; the national admin any."""
    return is_national_admin(user) or any(
        r.role == Role.INSTITUTION_ADMIN and r.institution_id == institution.pk
        for r in roles_of(user)
    )
