"""PDF documents read into the text form the parser reads (ingest.pdf.reader.read_pdf)."""
