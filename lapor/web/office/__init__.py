"""The back office (/kantor/): queues, report workspace, institution settings."""
