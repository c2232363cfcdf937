"""Benchmarks, not tests: run by ``make bench`` (``lancer.py``), never collected by pytest."""
