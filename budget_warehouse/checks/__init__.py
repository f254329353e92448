"""Great Expectations over the ties between totals: one expectation per rule of the registry,
computed from each check's figures; documents' tie failures reported, a tie status its figures
contradict blocking; and a per-document report of the ties. dbt's data tests own the structure."""
