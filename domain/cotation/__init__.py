"""Scoring as a pure function: (facts at D, grid in force at D, D) -> total and traced contributions."""
