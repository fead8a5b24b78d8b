from filing_app.domain import regions
from filing_app.domain.regions import (
    PROVINCES,
    cities,
    city_in_province,
    city_name,
    find_city,
    find_province,
    full_address,
    is_province,
    province_name,
    province_of,
)


def test_31_mainland_provinces_in_gbt2260_order():
    assert len(PROVINCES) == 31
    assert PROVINCES[0] == ("110000", "北京市")
    assert PROVINCES[-1] == ("650000", "新疆维吾尔自治区")
    codes = [code for code, _ in PROVINCES]
    assert codes == sorted(codes)
    assert all(len(code) == 6 and code.endswith("0000") for code in codes)
    assert not {"710000", "810000", "820000"} & set(codes)


def test_province_name_knows_all_provincial_units():
    assert province_name("110000") == "北京市"
    assert province_name("450000") == "广西壮族自治区"
    assert province_name("810000") == "香港特别行政区"
    assert province_name("820000") == "澳门特别行政区"
    assert province_name("710000") == "台湾省"
    assert province_name("990000") == ""
    assert province_name(None) == ""


def test_municipality_cities_are_districts():
    beijing = dict(cities("110000"))
    assert beijing["110108"] == "海淀区"
    assert len(beijing) == 16
    assert city_name("110108") == "海淀区"
    assert "500233" in dict(cities("500000"))  # 重庆 忠县


def test_province_cities():
    hebei = cities("130000")
    assert hebei[0] == ("130100", "石家庄市")
    assert len(hebei) == 11
    assert city_name("130100") == "石家庄市"
    assert dict(cities("410000"))["419001"] == "济源市"  # governed directly by the province
    assert cities("990000") == ()


def test_is_province_and_membership():
    assert is_province("110000")
    assert not is_province("110108")
    assert not is_province("810000")
    assert city_in_province("110108", "110000")
    assert city_in_province("130100", "130000")
    assert not city_in_province("130100", "110000")
    assert not city_in_province("999999", "110000")


def test_province_of():
    assert province_of("110108") == "110000"
    assert province_of("130102") == "130000"
    assert province_of("") == ""


def test_find_province_by_name_short_name_or_code():
    assert find_province("北京") == "110000"
    assert find_province("北京市") == "110000"
    assert find_province("110000") == "110000"
    assert find_province("11") == "110000"
    assert find_province(" 河北省 ") == "130000"
    assert find_province("广西") == "450000"
    assert find_province("内蒙古") == "150000"
    assert find_province("新疆") == "650000"
    assert find_province("香港") is None
    assert find_province("火星") is None
    assert find_province("110108") is None
    assert find_province("") is None


def test_find_city_tolerates_names_and_codes():
    assert find_city("110000", "海淀区") == "110108"
    assert find_city("110000", "海淀") == "110108"
    assert find_city("130000", "石家庄市") == "130100"
    assert find_city("130000", "石家庄") == "130100"
    assert find_city("130000", "130100") == "130100"
    assert find_city("130000", "1301") == "130100"
    assert find_city("220000", "延边") == "222400"  # 延边朝鲜族自治州
    assert find_city("220000", "延边州") == "222400"
    assert find_city("220000", "吉林") == "220200"
    assert find_city("500000", "忠县") == "500233"


def test_find_city_rejects_cities_of_other_provinces():
    assert find_city("110000", "石家庄") is None
    assert find_city("110000", "130100") is None
    assert find_city("990000", "海淀") is None
    assert find_city("110000", "") is None


def test_full_address():
    assert full_address("110000", "110108", "中关村大街11号") == "北京市海淀区中关村大街11号"
    assert full_address("110000", "110108", "北京市海淀区中关村大街11号") == "北京市海淀区中关村大街11号"
    assert full_address("110000", "110108", "海淀区中关村大街11号") == "北京市海淀区中关村大街11号"
    assert full_address("130000", "130100", "中山西路1号") == "河北省石家庄市中山西路1号"
    assert full_address("110000", "130100", "某路1号") == "北京市某路1号"  # city of another province dropped


def test_tables_are_built_once():
    assert regions._tables() is regions._tables()
