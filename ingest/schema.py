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
        ingested_at        timestamp not null,   -- when first landed (kept when parsed again)
        parser_version     varchar not null      -- ingest.version.parser_version() of the parser that read it
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
    """
    create table if not exists raw.performance_projects (
        performance_project_id  varchar primary key,  -- document_id || '-P' || project_seq
        document_id             varchar not null,
        table_id                varchar not null,     -- the performance table the project is printed in
        project_seq             integer not null,
        scope                   varchar not null,     -- project / department / special_fund
        project_name            varchar,              -- as printed (wrapped cells joined)
        name_source             varchar,              -- printed (a 项目名称 / 专项名称 cell) / title (the table title)
        project_code            varchar,              -- 项目编码
        sub_unit_code           varchar,              -- 单位编码
        sub_unit_name           varchar,              -- 单位名称 / 实施单位
        budget_text             varchar,              -- 预算数 / 资金总额 / 全年预算数 as printed
        budget_amount           decimal(24, 6),       -- exact, in budget_unit
        budget_decimals         integer,              -- digits printed after the decimal point
        budget_unit             varchar,              -- 万元 / 元
        budget_line             integer,
        goal                    varchar,              -- 项目实施期目标 / 年度总体目标 / 绩效目标 as printed
        first_line              integer not null,
        last_line               integer not null
    )
    """,
    """
    create table if not exists raw.performance_indicators (
        performance_indicator_id  varchar primary key,  -- performance_project_id || '-' || indicator_seq
        performance_project_id    varchar not null,
        document_id               varchar not null,
        table_id                  varchar not null,
        indicator_seq             integer not null,
        source_line               integer not null,
        level1                    varchar,              -- 一级指标 (carried down when blank on its row)
        level2                    varchar,              -- 二级指标 (carried down when blank on its row)
        level3                    varchar,              -- 三级指标 as printed
        level1_carried            boolean not null,
        level2_carried            boolean not null,
        description               varchar,              -- 指标明细说明 / 绩效指标描述
        scoring_rule              varchar,              -- 评（扣）分标准
        basis                     varchar,              -- 指标值确定依据
        direction                 varchar,              -- 正向 / 反向 (指标性质)
        target_text               varchar not null,     -- as printed; 符号 | 值 | 单位 cells joined by a space
        target_operator           varchar,              -- >= <= = > <; null when qualitative or unreadable
        target_value              decimal(24, 6),       -- exact
        target_unit               varchar,              -- normalized (百分比 -> %)
        target_is_qualitative     boolean not null,
        target_wording            varchar,              -- a qualitative target's words (显著, 稳步增长)
        target_parse_status       varchar not null,     -- parsed / qualitative / malformed / empty
        actual_text               varchar,              -- 实际完成值 as printed (final accounts)
        actual_value              decimal(24, 6),
        weight_text               varchar,              -- 指标分值
        weight                    decimal(24, 6),
        score_text                varchar,              -- 自评得分
        score                     decimal(24, 6),
        deviation_reason          varchar,              -- 偏差原因分析及改进措施
        column_shift              integer not null,     -- columns the row is printed off its header
        line_text                 varchar not null
    )
    """,
    """
    create table if not exists raw.performance_spending_plan (
        spending_milestone_id   varchar primary key,  -- performance_project_id || '-S' || milestone_seq
        performance_project_id  varchar not null,
        document_id             varchar not null,
        table_id                varchar not null,
        milestone_seq           integer not null,     -- position within the project's plan, from 1
        milestone               varchar not null,     -- as printed: 3月底
        month                   integer,              -- the month the milestone closes: 3; null when not a date
        percent_text            varchar not null,     -- as printed: 25%
        cumulative_percent      decimal(24, 6),       -- exact share of the budget spent by then: 25
        milestone_line          integer not null,     -- line printing the milestones (资金支出计划)
        source_line             integer not null      -- line printing the percentage
    )
    """,
    """
    create table if not exists raw.performance_fund_totals (
        document_id    varchar not null,
        source_line    integer not null,
        project_count  integer not null,      -- 共设置2个项目绩效目标
        amount_text    varchar not null,      -- as printed: 4,023.00
        amount         decimal(24, 6) not null,
        decimals       integer not null,      -- digits printed after the decimal point
        unit           varchar not null,      -- 万元 / 元 / 亿元
        sentence       varchar not null
    )
    """,
    """
    create table if not exists raw.performance_report_statements (
        document_id   varchar not null,
        source_line   integer not null,
        title_line    integer not null,       -- the 绩效自评报告's title
        project_name  varchar,                -- (2024 年城乡居民基本医疗保险市级补助资金) under the title
        level1        varchar,                -- the heading above: (一) 产出指标
        level2        varchar,                -- 1、数量指标
        level3        varchar not null,       -- the indicator: 居民参保人数
        unit_text     varchar not null,       -- (人) / (百分比) / (定性)
        target_text   varchar not null,       -- 目标值 as printed
        target_value  decimal(24, 6),
        actual_text   varchar not null,       -- 完成值 as printed
        actual_value  decimal(24, 6),
        weight        decimal(24, 6) not null,  -- 分值
        score         decimal(24, 6) not null   -- 得分
    )
    """,
    """
    create table if not exists raw.narrative_figures (
        figure_id          varchar primary key,  -- document_id || '-N' || figure_seq
        document_id        varchar not null,
        figure_seq         integer not null,     -- order in the document's prose, from 1
        section            varchar,              -- the heading the sentence sits under, as printed
        section_line       integer,
        subject_kind       varchar not null,     -- see seeds/narrative_subjects.csv; unclassified when none matched
        subject_code       varchar,              -- 功能分类 code when the figure is about one (2101501-行政运行)
        subject_text       varchar,              -- what the figure is about, as printed
        amount             decimal(24, 6),       -- exact, in unit; null for a change stated on its own
        unit               varchar not null,     -- 万元 / 元 / 亿元 / 千元 / 辆
        decimals           integer,              -- digits printed after the decimal point of the amount
        printed_amount     varchar,              -- as printed: 4,023.00 万元
        change_amount      decimal(24, 6),       -- change against the prior year, signed (减少 / 下降 negative)
        change_unit        varchar,
        change_direction   varchar,              -- increase / decrease / flat
        change_percent     decimal(24, 6),       -- signed percentage (下降30.61% -> -30.61)
        printed_change     varchar,              -- as printed: 减少7.50万元
        parent_figure_seq  integer,              -- the figure this one is part of (其中 / 包括 lists)
        sentence           varchar not null,
        source_line        integer not null      -- line the amount is printed on
    )
    """,
)
