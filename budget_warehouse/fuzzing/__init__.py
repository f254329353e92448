"""Fuzzing the parser: mutants of documents (mutants) and what is checked of each parse (checks)."""
