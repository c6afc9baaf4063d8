"""Benchmarks of the dispatch engine: VRPLIB CVRP files and a seeded compound generator."""
