"""Notifications out (e-mail, SMS, webhooks) through an outbox written with each event."""
