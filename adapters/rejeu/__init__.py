"""Replay of a candidate grid over the history, and the yearly evaluation of the cotation (ADR 0023):
reading the log, the two passes, the spool between them, and the reports (JSON, CSV, HTML)."""
