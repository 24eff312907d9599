"""Citizen pages: home, report form, tracking, public feed, accounts."""
