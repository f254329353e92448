{#
    T_ROW_TOTAL_EQ_BASIC_PLUS_PROJECT — on each row, 合计 = 基本支出 + 项目支出 (+ 上缴上级支出, 经营支出,
    对附属单位补助支出 where printed). In a table of basic expenditure only (基本支出表: 合计 | 人员经费 |
    公用经费) the top-most expense types printed are 人员经费 and 公用经费; where 人员经费 itself is split
    (福州: 人员支出 | 对个人和家庭的补助) its parts are summed. Of each family only the top-most measure
    printed on the row counts (seeds/measure_hierarchy.csv). Rows without an expense-type cell are
    not checked (the table has no such columns).
#}

{%- set expense_types = [
    'basic', 'project', 'remit_to_superior', 'operating_expense', 'subsidiary_subsidy',
    'personnel', 'public_use', 'wages_and_benefits', 'family_subsidy'
] %}

{{ row_cell_eq_sum_cells(
    'T_ROW_TOTAL_EQ_BASIC_PLUS_PROJECT', ref('int_tie__cells'), ref('int_tie__measure_ancestors'),
    total_measure='total', term_measures=expense_types
) }}
