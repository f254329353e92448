{#
    T_ROW_BASIC_EQ_PERSONNEL_PLUS_PUBLIC — on each row, 基本支出 = 人员经费 + 公用经费 (人员经费 taken as
    人员支出 + 对个人和家庭的补助 where it is printed split that way). Rows without a 基本支出 cell, or
    without any of its parts, are not checked.
#}

{%- set basic_parts = ['personnel', 'public_use', 'wages_and_benefits', 'family_subsidy'] %}

{{ row_cell_eq_sum_cells(
    'T_ROW_BASIC_EQ_PERSONNEL_PLUS_PUBLIC', ref('int_tie__cells'), ref('int_tie__measure_ancestors'),
    total_measure='basic', term_measures=basic_parts
) }}
