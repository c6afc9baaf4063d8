"""Benchmark scripts and their helpers; never run by the hub test suite."""
