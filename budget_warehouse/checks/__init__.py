"""Great Expectations over the marts: structural expectations that block a run, tie results that are
published, and a per-document report of the ties."""
