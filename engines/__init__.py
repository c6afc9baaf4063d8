"""Pure optimization engines: no Django, no web apps (an import-linter contract keeps it so)."""
