"""Ingest: land Chinese department budget / final-account disclosures in DuckDB's `raw` schema."""
