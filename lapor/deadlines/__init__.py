"""Working-day calendar, per-leg deadlines, escalation and auto-close sweeps."""
