"""Seeded volunteer roster instances (lockdown duty) and the realism benchmark that solves them."""
