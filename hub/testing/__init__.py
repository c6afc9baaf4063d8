"""Test support shared by every app's tests (a plain package, not a Django app)."""
