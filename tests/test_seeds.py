"""Checks on the reference-data seeds: seeds/subject_codes.csv and seeds/admin_divisions.csv.

The seeds are read with the csv module only (no dbt, no DuckDB), and the subject-code list is
checked against the codes actually printed in documents/samples/*.txt.
"""

import collections
import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SAMPLES = sorted((ROOT / "documents" / "samples").glob("*.txt"))

SUBJECT_HEADER = ["subject_code", "classification", "level", "level_name", "parent_code", "standard_name"]
ADMIN_HEADER = ["division_name", "division_code", "level", "province", "city", "county", "is_ambiguous"]

# 类 = 3 digits, 款 = 5, 项 = 7 (项 only in the function classification).
LEVELS = {
    "function": {3: ("1", "类"), 5: ("2", "款"), 7: ("3", "项")},
    "economic_department": {3: ("1", "类"), 5: ("2", "款")},
    "economic_government": {3: ("1", "类"), 5: ("2", "款")},
}
FIRST_DIGIT = {"function": "2", "economic_department": "3", "economic_government": "5"}

# Codes printed in the samples that are deliberately NOT in the seed.  Each is checked below to be
# really printed in a sample (so this list cannot silently go stale) and really absent from the seed.
KNOWN_MISPRINTS = {
    # 三明 2024 决算, prose: "实际为 2100550-事业运行科目" - 21005 is not a 款 of 210; the 事业运行 item
    # of 医疗保障管理事务 is 2101550, which the same document uses everywhere else.
    "2100550": "typo in 三明 2024 prose for 2101550",
}
UNVERIFIED_CODES = {
    # 三明 2024 决算, table 公开06: "31206 其他资本性补助".  Not confirmed against the national
    # 部门预算支出经济分类 list, so left out rather than guessed (see the seed's report).
    "31206": "printed by 三明 2024 (部门决算 table 06); not verified in the national list",
}

# Names printed next to a code that differ from the standard name, with the reason.
KNOWN_NAME_VARIANTS = {
    ("2210202", "租房补贴"): "泉州 2024 支出预算总表; the standard item (and the rest of that document) is 提租补贴",
    ("303", "对个人和家庭补助"): "招远 2024 drops 的; the standard 类 is 对个人和家庭的补助",
}

# Labels of the 支出 column of summary tables that are not 功能分类 类 (福州 2020 prints its summary by
# 人员经费/公用支出/项目支出...).
NON_FUNCTION_SUMMARY_LABELS = {"公用支出", "项目支出", "对附属单位补助支出", "上缴上级支出"}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def subjects() -> list[dict[str, str]]:
    header, rows = _read(SEEDS / "subject_codes.csv")
    assert header == SUBJECT_HEADER
    return rows


@pytest.fixture(scope="module")
def subject_by_code(subjects) -> dict[str, dict[str, str]]:
    return {row["subject_code"]: row for row in subjects}


@pytest.fixture(scope="module")
def divisions() -> list[dict[str, str]]:
    header, rows = _read(SEEDS / "admin_divisions.csv")
    assert header == ADMIN_HEADER
    return rows


@pytest.fixture(scope="module")
def sample_texts() -> dict[str, str]:
    assert SAMPLES, "no sample documents found"
    return {path.name: path.read_text(encoding="utf-8") for path in SAMPLES}


# --------------------------------------------------------------------------------------------
# Scanning the sample texts for codes
# --------------------------------------------------------------------------------------------

_WHOLE_FUNCTION_ITEM = re.compile(r"(?<!\d)(2\d{6})(?!\d)")  # 2101501, also in prose
# A code cell followed by a short name cell: "30101\t基本工资", "208\t社会保障和就业支出".
_CODE_THEN_NAME = re.compile(r"(?:^|\t)([235]\d{2}(?:\d{2}){0,2})\t([^\t\d][^\t]{0,30}?)(?=\t|$)", re.M)
# Split economic layouts: "301\t01\t基本工资", "501\t01\t工资奖金津补贴", "302\t\t商品和服务支出".
_ECONOMIC_SPLIT = re.compile(r"(?:^|\t)([35]\d{2})\t(\d{2})?\t([^\t\d][^\t]{0,30}?)(?=\t|$)")
_NAME_LIMIT = 24  # longer cells are prose, not a subject name


def _clean(name: str) -> str:
    return re.sub(r"</?b>", "", name).strip()


def scan_codes(text: str) -> dict[str, set[str]]:
    """Subject codes printed in one document -> names printed beside them (may be empty)."""
    found: dict[str, set[str]] = collections.defaultdict(set)
    for match in _WHOLE_FUNCTION_ITEM.finditer(text):
        found[match.group(1)]
    for match in _CODE_THEN_NAME.finditer(text):
        name = _clean(match.group(2))
        if len(name) <= _NAME_LIMIT and not re.search(r"[，。]", name):
            found[match.group(1)].add(name)
    lei = kuan = None
    for line in text.splitlines():
        # Split function layouts: "208 | | | 名称" then " | 05 | | 名称" then " | | 01 | 名称".
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) >= 4:
            first, second, third, name = cells[0], cells[1], cells[2], _clean(cells[3])
            if re.fullmatch(r"2\d{2}", first) and not second and not third:
                lei, kuan = first, None
                found[lei].add(name)
            elif not first and re.fullmatch(r"\d{2}", second) and not third and lei:
                kuan = lei + second
                found[kuan].add(name)
            elif not first and not second and re.fullmatch(r"\d{2}", third) and kuan:
                found[kuan + third].add(name)
        for match in _ECONOMIC_SPLIT.finditer(line):
            found[match.group(1) + (match.group(2) or "")].add(_clean(match.group(3)))
    for names in found.values():
        names.discard("")
    return found


@pytest.fixture(scope="module")
def sample_codes(sample_texts) -> dict[str, dict[str, set[str]]]:
    """code -> {document name -> printed names}."""
    by_code: dict[str, dict[str, set[str]]] = collections.defaultdict(dict)
    for name, text in sample_texts.items():
        for code, printed in scan_codes(text).items():
            by_code[code][name] = printed
    return by_code


def _normalise(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def test_scanner_completes_split_layouts():
    text = "208\t\t\t社会保障和就业支出\t1\n\t05\t\t行政事业单位养老支出\t1\n\t\t01\t行政单位离退休\t1\n"
    text += "301\t01\t基本工资\t501\t01\t工资奖金津补贴\t43.07\n302\t\t商品和服务支出\t\t502\t\t机关商品和服务支出\t1\n"
    found = scan_codes(text)
    assert {"208", "20805", "2080501", "30101", "50101", "302", "502"} <= set(found)
    assert found["2080501"] == {"行政单位离退休"}
    assert found["50101"] == {"工资奖金津补贴"}


def test_scanner_ignores_amounts_and_prose():
    found = scan_codes(
        "≥30000 人次\n505001\t福州市医疗保障局\t某项目\t245\t当符合条件的学生发生意外伤害时，提供资金帮扶救助\n"
    )
    assert found == {}


# --------------------------------------------------------------------------------------------
# subject_codes.csv
# --------------------------------------------------------------------------------------------


def test_subject_codes_unique(subjects):
    counts = collections.Counter(row["subject_code"] for row in subjects)
    assert [code for code, count in counts.items() if count > 1] == []


def test_subject_rows_are_well_formed(subjects):
    for row in subjects:
        code, classification = row["subject_code"], row["classification"]
        assert classification in LEVELS, row
        assert code.isdigit() and code.startswith(FIRST_DIGIT[classification]), row
        assert len(code) in LEVELS[classification], row
        assert (row["level"], row["level_name"]) == LEVELS[classification][len(code)], row
        assert row["standard_name"] and row["standard_name"] == row["standard_name"].strip(), row
        assert "(" not in row["standard_name"] and ")" not in row["standard_name"], "use full-width （）"


def test_subject_parents_exist(subjects, subject_by_code):
    for row in subjects:
        if row["level"] == "1":
            assert row["parent_code"] == "", row
            continue
        parent = subject_by_code.get(row["parent_code"])
        assert row["parent_code"] == row["subject_code"][:-2], row
        assert parent is not None, f"parent of {row['subject_code']} missing"
        assert parent["classification"] == row["classification"]
        assert int(parent["level"]) == int(row["level"]) - 1


def test_every_code_in_the_samples_is_in_the_seed(sample_codes, subject_by_code):
    missing = sorted(set(sample_codes) - set(subject_by_code) - set(KNOWN_MISPRINTS) - set(UNVERIFIED_CODES))
    assert missing == [], {code: sorted(sample_codes[code]) for code in missing}


def test_scan_finds_enough_codes(sample_codes):
    """Guards the scanner itself: the five samples print well over a hundred distinct codes."""
    assert len(sample_codes) > 150
    for code in ("2080501", "2082799", "2101401", "2101506", "30101", "39906", "39910", "50905", "20105"):
        assert code in sample_codes


@pytest.mark.parametrize("code", sorted(KNOWN_MISPRINTS) + sorted(UNVERIFIED_CODES))
def test_documented_exclusions_are_printed_but_not_seeded(code, sample_codes, subject_by_code):
    assert code in sample_codes, f"{code} is no longer printed in any sample: drop it from the exclusions"
    assert code not in subject_by_code


def test_printed_names_match_standard_names(sample_codes, subject_by_code):
    mismatches = []
    for code, documents in sample_codes.items():
        if code not in subject_by_code:
            continue
        standard = subject_by_code[code]["standard_name"]
        for document, names in documents.items():
            for name in names:
                if _normalise(name) != standard and (code, name) not in KNOWN_NAME_VARIANTS:
                    mismatches.append((document, code, name, standard))
    assert mismatches == []


@pytest.mark.parametrize(("code", "name"), sorted(KNOWN_NAME_VARIANTS))
def test_documented_name_variants_are_printed(code, name, sample_codes):
    assert any(name in names for names in sample_codes.get(code, {}).values()), "stale variant: drop it"


@pytest.mark.parametrize(
    ("code", "classification", "level", "parent", "name"),
    [
        ("2101501", "function", "3", "21015", "行政运行"),
        ("21015", "function", "2", "210", "医疗保障管理事务"),
        ("210", "function", "1", "", "卫生健康支出"),
        ("2210201", "function", "3", "22102", "住房公积金"),
        ("2210202", "function", "3", "22102", "提租补贴"),
        ("2101550", "function", "3", "21015", "事业运行"),
        ("229", "function", "1", "", "其他支出"),
        ("234", "function", "1", "", "抗疫特别国债安排的支出"),
        ("30217", "economic_department", "2", "302", "公务接待费"),
        ("30213", "economic_department", "2", "302", "维修（护）费"),
        ("303", "economic_department", "1", "", "对个人和家庭的补助"),
        ("50101", "economic_government", "2", "501", "工资奖金津补贴"),
        ("505", "economic_government", "1", "", "对事业单位经常性补助"),
    ],
)
def test_known_values(subject_by_code, code, classification, level, parent, name):
    row = subject_by_code[code]
    assert (row["classification"], row["level"], row["parent_code"], row["standard_name"]) == (
        classification,
        level,
        parent,
        name,
    )


def test_all_function_classes(subjects, sample_texts):
    classes = {
        row["subject_code"]: row["standard_name"]
        for row in subjects
        if row["classification"] == "function" and row["level"] == "1"
    }
    expected = {str(code) for code in [*range(201, 218), *range(219, 225), 227, *range(229, 235)]}
    assert set(classes) == expected
    # The summary tables of the samples list the classes by name ("一、一般公共服务支出").
    printed = set()
    for text in sample_texts.values():
        for match in re.finditer(r"(?:^|\t)[一二三四五六七八九十]+、([^\t]{0,20}?(?:支出|预备费))(?=\t|$)", text, re.M):
            printed.add(match.group(1))
    printed -= NON_FUNCTION_SUMMARY_LABELS
    assert len(printed) == len(expected)
    assert printed == set(classes.values())


def test_economic_classes_and_items(subjects):
    by_class = collections.defaultdict(list)
    for row in subjects:
        if row["classification"] != "function":
            by_class[row["classification"], row["subject_code"][:3]].append(row)
    department = {code for (classification, code) in by_class if classification == "economic_department"}
    government = {code for (classification, code) in by_class if classification == "economic_government"}
    assert department == {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
    assert government == {str(code) for code in range(501, 515)} | {"599"}
    for key, rows in by_class.items():
        levels = collections.Counter(row["level"] for row in rows)
        assert levels["1"] == 1 and levels["2"] >= 1, key
    # 福州 2020 prints the whole 部门经济分类 list of its edition; each of its 款 must be present.
    items = {row["subject_code"] for row in subjects if row["classification"] == "economic_department"}
    assert {"30101", "30199", "30240", "30299", "30310", "30399", "30704", "30999", "31099", "31199", "31299"} <= items


# --------------------------------------------------------------------------------------------
# admin_divisions.csv
# --------------------------------------------------------------------------------------------

EXPECTED_COUNTIES = {
    "泉州市": "鲤城区 丰泽区 洛江区 泉港区 惠安县 安溪县 永春县 德化县 金门县 石狮市 晋江市 南安市",
    "福州市": "鼓楼区 台江区 仓山区 马尾区 晋安区 长乐区 闽侯县 连江县 罗源县 闽清县 永泰县 平潭县 福清市",
    "三明市": "三元区 沙县区 明溪县 清流县 宁化县 大田县 尤溪县 将乐县 泰宁县 建宁县 永安市",
    "烟台市": "芝罘区 福山区 牟平区 莱山区 蓬莱区 龙口市 莱阳市 莱州市 招远市 栖霞市 海阳市",
    "廊坊市": "安次区 广阳区 固安县 永清县 香河县 大城县 文安县 大厂回族自治县 霸州市 三河市",
}
EXPECTED_CITIES = {
    "福建省": "福州市 厦门市 莆田市 三明市 泉州市 漳州市 南平市 龙岩市 宁德市",
    "山东省": "济南市 青岛市 淄博市 枣庄市 东营市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市",
    "河北省": "石家庄市 唐山市 秦皇岛市 邯郸市 邢台市 保定市 张家口市 承德市 沧州市 廊坊市 衡水市",
}


def _by_name(divisions, name):
    return [row for row in divisions if row["division_name"] == name]


def test_admin_rows_are_well_formed(divisions):
    for row in divisions:
        level, name = row["level"], row["division_name"]
        assert level in {"province", "city", "county"}, row
        assert row["is_ambiguous"] in {"true", "false"}, row
        assert row["province"], row
        if level == "province":
            assert (row["province"], row["city"], row["county"]) == (name, "", ""), row
        elif level == "city":
            assert (row["city"], row["county"]) == (name, ""), row
        else:
            assert row["county"] == name, row
        code = row["division_code"]
        if code:
            assert re.fullmatch(r"\d{6}", code), row
            suffix = {"province": code[2:], "city": code[4:]}.get(level)
            assert suffix is None or set(suffix) == {"0"}, row


def test_admin_hierarchy_is_consistent(divisions):
    provinces = {row["division_name"]: row for row in divisions if row["level"] == "province"}
    cities = {(row["province"], row["division_name"]): row for row in divisions if row["level"] == "city"}
    for row in divisions:
        province = provinces[row["province"]]
        if row["division_code"] and province["division_code"]:
            assert row["division_code"][:2] == province["division_code"][:2], row
        if row["level"] == "county" and row["city"]:
            city = cities[row["province"], row["city"]]
            if row["division_code"] and city["division_code"]:
                assert row["division_code"][:4] == city["division_code"][:4], row


def test_admin_codes_unique(divisions):
    counts = collections.Counter(row["division_code"] for row in divisions if row["division_code"])
    assert [code for code, count in counts.items() if count > 1] == []


def test_division_names_unique_unless_flagged_ambiguous(divisions):
    """A name is unique, or else every division bearing it is listed and flagged is_ambiguous.

    Department names carry only the place name (e.g. 鼓楼区医疗保障局), so a consumer must not resolve
    a flagged name without a province/city prefix from the document.
    """
    counts = collections.Counter(row["division_name"] for row in divisions)
    for row in divisions:
        assert (row["is_ambiguous"] == "true") == (counts[row["division_name"]] > 1), row
    unflagged = [row["division_name"] for row in divisions if row["is_ambiguous"] == "false"]
    assert len(unflagged) == len(set(unflagged))
    keys = [(row["division_name"], row["province"], row["city"]) for row in divisions]
    assert len(keys) == len(set(keys)), "an ambiguous name must still be unique within its parent"
    gulou = _by_name(divisions, "鼓楼区")
    assert {"福州市", "南京市", "徐州市", "开封市"} <= {row["city"] for row in gulou}
    assert all(row["is_ambiguous"] == "true" for row in gulou)


def test_admin_coverage(divisions):
    provinces = [row for row in divisions if row["level"] == "province"]
    assert len(provinces) == 34
    for province, cities in EXPECTED_CITIES.items():
        listed = {row["division_name"] for row in divisions if row["level"] == "city" and row["province"] == province}
        assert listed == set(cities.split()), province
    for city, counties in EXPECTED_COUNTIES.items():
        listed = {row["division_name"] for row in divisions if row["level"] == "county" and row["city"] == city}
        assert listed == set(counties.split()), city


@pytest.mark.parametrize(
    ("name", "level", "province", "city", "county", "code"),
    [
        ("泉州市", "city", "福建省", "泉州市", "", "350500"),
        ("固安县", "county", "河北省", "廊坊市", "固安县", "131022"),
        ("招远市", "county", "山东省", "烟台市", "招远市", "370685"),
        ("三明市", "city", "福建省", "三明市", "", "350400"),
        ("福州市", "city", "福建省", "福州市", "", "350100"),
        ("福建省", "province", "福建省", "", "", "350000"),
    ],
)
def test_admin_known_values(divisions, name, level, province, city, county, code):
    rows = _by_name(divisions, name)
    assert len(rows) == 1 and rows[0]["is_ambiguous"] == "false"
    row = rows[0]
    assert (row["level"], row["province"], row["city"], row["county"], row["division_code"]) == (
        level,
        province,
        city,
        county,
        code,
    )


# A department name as a whole cell or labelled field ("部门：三明市医疗保障局", "362 固安县医疗保障局",
# "泉州市医疗保障基金中心\t财政核拨"): place name + organisation name ending in 局/中心/委员会.
_DEPARTMENT_PLACE = re.compile(
    r"(?:^|[\t：:]|^\d+ )\s*([\u4e00-\u9fff]{1,6}?[省市县区])"
    r"(?=[\u4e00-\u9fff]*(?:局|中心|委员会)(?:（本级）|本级|机关)?\s*(?:\t|$))",
    re.M,
)


def test_places_in_sample_department_names_are_listed(divisions, sample_texts):
    names = {row["division_name"] for row in divisions}
    places = {match.group(1) for text in sample_texts.values() for match in _DEPARTMENT_PLACE.finditer(text)}
    assert places == {"泉州市", "招远市", "福州市", "三明市", "固安县"}
    assert places - names == set()
