"""Synthetic disclosures for scale tests and detection measurements: documents in the layout families
of the sample corpus, drawn from a model whose totals hold exactly, with optional injected faults
recorded in a ground-truth manifest."""
