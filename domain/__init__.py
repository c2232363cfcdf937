"""The pure core of Cotation: events, facts, the grid as data and scoring.

Nothing here reads a clock, a file or a database; dates are always passed in.
"""
