"""Background job handlers for imports (filled in with the import pipeline)."""
