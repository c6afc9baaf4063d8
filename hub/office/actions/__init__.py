"""The one write path of office operations (see each module's docstring for its invariants)."""
