"""The national directory: regions, institutions, work units, categories, staff roles."""
