"""DDL of the raw layer. One place, so ingest, dbt sources and tests agree on it."""

RAW_DDL: tuple[str, ...] = (
    "create schema if not exists raw",
    """
    create table if not exists raw.documents (
        document_id        varchar primary key,  -- first 16 hex digits of sha256
        file_name          varchar not null,
        file_path          varchar not null,
        sha256             varchar not null,
        size_bytes         bigint not null,
        encoding           varchar,              -- utf-8 / gb18030; null when undecodable
        full_text          varchar,              -- the whole decoded text, kept for every document
        raw_bytes          blob,                 -- only for documents that could not be decoded
        title              varchar,
        department_name    varchar,
        fiscal_year        integer,
        phase              varchar,              -- budget (预算) / final (决算)
        department_code    varchar,              -- printed code, e.g. 445, 362
        line_count         integer,
        status             varchar not null,     -- loaded / quarantined
        quarantine_reason  varchar,
        quarantine_line    integer,
        version_rank       integer,              -- 1 = newest among same department, year and phase
        is_latest_version  boolean,
        file_modified_at   timestamp,
        ingested_at        timestamp not null
    )
    """,
    """
    create table if not exists raw.document_toc (
        document_id     varchar not null,
        line_number     integer not null,
        entry_title     varchar not null,
        statement_kind  varchar not null
    )
    """,
    """
    create table if not exists raw.statement_tables (
        table_id           varchar primary key,  -- document_id || '-' || table_seq
        document_id        varchar not null,
        table_seq          integer not null,
        title              varchar,              -- as printed (wrapped lines joined)
        title_line         integer,
        statement_kind     varchar not null,     -- see seeds/statement_title_patterns.csv; unknown when unclassified
        unit               varchar,              -- 万元 / 元 / 亿元; null when not printed
        unit_line          integer,
        first_line         integer not null,
        last_line          integer not null,
        page_count         integer not null,     -- blocks merged into this table (continued pages)
        header_rows        integer not null,
        row_count          integer not null,
        note               varchar,              -- e.g. 注：本部门没有使用…
        note_line          integer
    )
    """,
    """
    create table if not exists raw.statement_rows (
        row_id                    varchar primary key,  -- table_id || '-' || row_seq
        table_id                  varchar not null,
        document_id               varchar not null,
        row_seq                   integer not null,
        row_role                  varchar not null,     -- header (a header line, kept as printed) / data
        source_line               integer not null,
        column_group              integer not null,     -- side-by-side groups / sides, left to right from 0
        side                      varchar,              -- income / expense for two-sided tables
        group_header              varchar,              -- the group's top header, e.g. 人员经费
        printed_sequence          varchar,              -- 序号 / 行次 as printed
        label                     varchar,              -- the row's first label text
        label_extra               varchar,              -- further label texts, e.g. the 政府预算经济分类 name
        subject_code              varchar,              -- 功能分类, completed to the full code
        economic_code             varchar,              -- 部门预算经济分类
        government_economic_code  varchar,              -- 政府预算经济分类
        sub_unit_code             varchar,              -- 单位代码 of the sub-unit the row belongs to
        codes_printed             varchar,              -- code cells as printed, joined by |
        realigned                 boolean not null,     -- amount cells shifted back under their header
        line_text                 varchar not null
    )
    """,
    """
    create table if not exists raw.statement_cells (
        row_id          varchar not null,
        table_id        varchar not null,
        document_id     varchar not null,
        source_line     integer not null,
        column_index    integer not null,
        header_path     varchar,              -- header texts top-down joined by /
        cell_text       varchar not null,     -- as printed, tags removed; '' for a blank cell
        amount          decimal(24, 6),       -- exact value in the table's unit; null when blank or not a number
        decimals        integer               -- digits printed after the decimal point
    )
    """,
    """
    create table if not exists raw.ingest_issues (
        document_id  varchar,
        file_name    varchar not null,
        line_number  integer,
        severity     varchar not null,        -- error (quarantined) / warning (landed)
        message      varchar not null
    )
    """,
)
