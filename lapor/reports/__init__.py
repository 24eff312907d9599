"""Reports (laporan): intake, the lifecycle as data, named actions, events, attachments."""
