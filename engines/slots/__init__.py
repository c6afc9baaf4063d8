"""Screening slots: buildings (or their units) to time slots and sampling points (pure Python)."""
