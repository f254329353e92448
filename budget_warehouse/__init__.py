"""Budget Warehouse: the command line, the pipeline steps (ingest → dbt build → checks → export), the
checks and the exports, and the synthetic corpus generator. Reading documents into raw rows is `ingest`."""
