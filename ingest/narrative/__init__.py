"""Figures stated in a document's prose (情况说明): what each is about, its amount, its change on the prior year."""
