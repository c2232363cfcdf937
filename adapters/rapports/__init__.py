"""The CIL reports: reading the log in batches, and rendering them as JSON, CSV and HTML pages."""
