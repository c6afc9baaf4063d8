"""Writes of volunteering: posts and shifts, drives and sign-ups, check-ins (one module each)."""
