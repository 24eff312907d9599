"""Routing intelligence: suggest institution, unit and category from text; duplicates."""
