"""Citizen pages and back office (server-rendered templates)."""
