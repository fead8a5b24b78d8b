"""Validator tests with published or hand-verified vectors.

Valid check characters are never recomputed here with the code under test: credit codes
are python-stdnum's documented examples and codes from public business registrations;
identity numbers are widely published samples or were checked by hand and with
python-stdnum's independent formula (1 - 2 * int(first17, 13)) % 11.
"""

from datetime import date, datetime

import pytest

from filing_app.domain.validators import (
    IdCheck,
    PasswordPolicy,
    check_identity,
    credit_code_error,
    division_of_credit_code,
    format_date,
    identity_key,
    mask_id_number,
    mask_phone,
    mobile_error,
    normalize_credit_code,
    normalize_mobile,
    parse_date,
    password_errors,
    username_error,
)

TODAY = date(2025, 12, 24)

# --- 统一社会信用代码 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # python-stdnum docstring
        "91350100M000100Y43",  # python-stdnum test data
        "914403001922038216",  # 华为技术有限公司
        "91330100716105852F",  # 阿里巴巴（中国）有限公司
        "92310109MA1KMFLM1K",  # 个体工商户
        "12440600MB2C07549J",  # 事业单位 (机构编制)
        "Y1110108MA007J3P0M",  # letter first: 其他 (rejected by stdnum.cn.uscc)
    ],
)
def test_valid_credit_codes(code):
    assert credit_code_error(code) is None


def test_letter_first_credit_code_is_valid_by_an_alternate_computation():
    # stdnum's calc_check_digit computes the GB 32100 check independently of our code
    # (it only refuses letter-first codes in validate()).
    from stdnum.cn import uscc

    assert uscc.calc_check_digit("Y1110108MA007J3P0") == "M"


def test_credit_code_input_is_normalized():
    assert normalize_credit_code(" 91110000-6000 3734 1l ") == "91110000600037341L"
    assert normalize_credit_code("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"
    assert credit_code_error("91110000600037341l") is None
    assert credit_code_error("９１１１００００６０００３７３４１Ｌ") is None


def test_manual_sample_credit_code_fails_the_check_character():
    assert credit_code_error("91110108MA007J3P0U") == "统一社会信用代码校验位错误：第18位应为B，请逐位核对"


def test_credit_code_with_wrong_organization_code_check():
    message = credit_code_error("91110108MA00000000")  # from the manual's screenshots
    assert message.startswith("统一社会信用代码第9-17位（组织机构代码）校验错误：第17位应为7")


def test_credit_code_length():
    assert credit_code_error("911100006000373") == "统一社会信用代码应为18位，当前为15位"
    assert credit_code_error("91110000600037341L1") == "统一社会信用代码应为18位，当前为19位"
    assert credit_code_error("") == "请填写统一社会信用代码"
    assert credit_code_error(None) == "请填写统一社会信用代码"


def test_credit_code_illegal_characters_are_located():
    message = credit_code_error("91110000600O37341L")
    assert message.startswith("统一社会信用代码第12位“O”不是合法字符")
    assert "I、O、Z、S、V" in message
    assert credit_code_error("9111000060003734#L").startswith("统一社会信用代码第17位“#”不是合法字符")
    assert credit_code_error("911100006000中7341L").startswith("统一社会信用代码第13位“中”不是合法字符")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("B1110000600037341L", "第1位（登记管理部门代码）“B”无效"),
        ("95110000600037341L", "第2位（机构类别代码）“5”对登记管理部门“工商”"),
        ("Y2110108MA007J3P0M", "第2位（机构类别代码）“2”对登记管理部门“其他”"),
        ("9111AB00600037341L", "第3-8位（登记管理机关行政区划码）应为6位数字"),
    ],
)
def test_credit_code_structure(code, fragment):
    assert fragment in credit_code_error(code)


def test_division_of_credit_code():
    assert division_of_credit_code("91110108MA007J3P0U") == "110108"
    assert division_of_credit_code("91350100M000100Y43") == "350100"
    assert division_of_credit_code("9135") == ""


# --- Identity numbers ----------------------------------------------------------------


def test_resident_id_with_x_check_character():
    result = check_identity("居民身份证", "11010519491231002X", today=TODAY)
    assert result == IdCheck(True, "", "11010519491231002X", date(1949, 12, 31), "女")


def test_resident_id_lowercase_x_is_normalized():
    result = check_identity("居民身份证", " 11010519491231002x ", today=TODAY)
    assert result.ok and result.normalized == "11010519491231002X"


def test_resident_id_male():
    result = check_identity("居民身份证", "360426199101010071", today=TODAY)  # python-stdnum docstring
    assert result.ok
    assert result.gender == "男"
    assert result.birth_date == date(1991, 1, 1)


def test_empty_id_type_means_resident_id():
    assert check_identity("", "360426199101010071", today=TODAY).ok
    assert check_identity(None, "360426199101010071", today=TODAY).ok
    assert check_identity("身份证", "360426199101010071", today=TODAY).ok


@pytest.mark.parametrize("number", ["130102198801011111", "130102198801012222", "123456789012345678"])
def test_manual_sample_identity_numbers_are_rejected(number):
    result = check_identity("居民身份证", number, today=TODAY)
    assert not result.ok
    assert result.birth_date is None and result.gender is None


def test_manual_sample_fails_with_check_character_message():
    result = check_identity("居民身份证", "130102198801011111", today=TODAY)
    assert result.message == "居民身份证号码校验码错误（第18位与前17位不符），请逐位核对号码"


def test_bad_birth_date():
    result = check_identity("居民身份证", "110105199902300015", today=TODAY)  # check digit correct
    assert result.message == "居民身份证号码第7-14位的出生日期“19990230”不是有效日期"


def test_future_birth_date():
    result = check_identity("居民身份证", "110105209901010012", today=TODAY)  # check digit correct
    assert result.message == "居民身份证号码中的出生日期2099-01-01晚于今天"


def test_birth_before_1900():
    result = check_identity("居民身份证", "440524188001010014", today=TODAY)  # widely published sample
    assert result.message == "居民身份证号码中的出生日期1880-01-01早于1900年"


def test_bad_province():
    result = check_identity("居民身份证", "000000199001010018", today=TODAY)  # check digit correct
    assert result.message == "居民身份证号码前两位“00”不是有效的省级行政区划代码"


def test_first_generation_15_digit_number():
    result = check_identity("居民身份证", "130102880101111", today=TODAY)
    assert result.message == "这是15位的第一代身份证号码，请填写18位居民身份证号码"


def test_wrong_length_and_characters():
    assert check_identity("居民身份证", "1101051949123100", today=TODAY).message == "居民身份证号码应为18位，当前为16位"
    assert check_identity("居民身份证", "1101051949123A002X", today=TODAY).message == "居民身份证号码第14位“A”应为数字"
    assert (
        check_identity("居民身份证", "11010519491231002Y", today=TODAY).message
        == "居民身份证号码第18位（校验码）“Y”应为数字或X"
    )
    assert check_identity("居民身份证", "", today=TODAY).message == "请填写证件号码"


@pytest.mark.parametrize("value", ["1.30102E+17", "1.30102e17", 1.30102198801011e17, "130102198801011000.0"])
def test_excel_scientific_notation_is_explained(value):
    result = check_identity("居民身份证", value, today=TODAY)
    assert not result.ok
    assert "Excel" in result.message and "文本" in result.message


@pytest.mark.parametrize("value", ["130102198801011000", 130102198801011000])
def test_excel_truncated_digits_are_explained(value):
    result = check_identity("居民身份证", value, today=TODAY)
    assert not result.ok
    assert "校验码错误" in result.message and "Excel" in result.message and "文本" in result.message


def test_hmt_residence_permit():
    result = check_identity("港澳台居民居住证", "810000199001010019", today=TODAY)  # hand-verified
    assert result == IdCheck(True, "", "810000199001010019", date(1990, 1, 1), "男")
    macao = check_identity("港澳台居民居住证", "820000199505050024", today=TODAY)
    assert macao.ok and macao.gender == "女"
    assert check_identity("港澳台居民居住证", "830000198008080035", today=TODAY).ok


def test_hmt_permit_needs_its_prefix():
    result = check_identity("港澳台居民居住证", "360426199101010071", today=TODAY)
    assert result.message.startswith("港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头")


def test_permit_number_under_resident_id_type_says_which_type():
    result = check_identity("居民身份证", "810000199001010019", today=TODAY)
    assert not result.ok
    assert "港澳台居民居住证" in result.message


def test_foreign_permanent_residence_card():
    # 9 + 11 (北京) + 840 (USA) + 19850615 + 00 + 1/2 + check (hand-verified: sum 319, 319 % 11 = 0 -> "1")
    male = check_identity("外国人永久居留身份证", "911840198506150011", today=TODAY)
    assert male == IdCheck(True, "", "911840198506150011", date(1985, 6, 15), "男")
    female = check_identity("外国人永久居留身份证", "91184019850615002x", today=TODAY)
    assert female.ok and female.gender == "女" and female.normalized == "91184019850615002X"


def test_foreign_card_structure():
    assert check_identity("外国人永久居留身份证", "360426199101010071", today=TODAY).message == (
        "外国人永久居留身份证号码第1位应为9"
    )
    assert "第2-3位“00”" in check_identity("外国人永久居留身份证", "900840198506150019", today=TODAY).message
    assert "出生日期“19851315”" in check_identity("外国人永久居留身份证", "91184019851315001X", today=TODAY).message
    assert "校验码错误" in check_identity("外国人永久居留身份证", "911840198506150012", today=TODAY).message


def test_unknown_id_type():
    result = check_identity("护照", "E12345678", today=TODAY)
    assert not result.ok and result.message.startswith("证件类型“护照”无效")


def test_identity_key_is_the_normalized_number():
    assert identity_key("居民身份证", " 11010519491231002x") == "11010519491231002X"
    assert identity_key("居民身份证", "１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


# --- Mobile and masking ---------------------------------------------------------------


@pytest.mark.parametrize("phone", ["18812347808", "13000000000", " 188 1234 7808 ", "+8618812347808", "188-1234-7808"])
def test_valid_mobiles(phone):
    assert mobile_error(phone) is None


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "请填写手机号"),
        ("1881234780", "手机号应为11位数字，当前为10位"),
        ("188123478089", "手机号应为11位数字，当前为12位"),
        ("12812347808", "手机号应以1开头，第2位为3-9"),
        ("28812347808", "手机号应以1开头，第2位为3-9"),
        ("1881234780a", "手机号只能包含数字"),
    ],
)
def test_invalid_mobiles(phone, message):
    assert mobile_error(phone) == message


def test_normalize_mobile():
    assert normalize_mobile("+86 188 1234 7808") == "18812347808"
    assert normalize_mobile("８６18812347808") == "18812347808"


def test_mask_id_number():
    assert mask_id_number("510922199001013027") == "5109*****3027"
    assert mask_id_number("11010519491231002X") == "1101*****002X"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""
    assert mask_id_number("12345678") == "1*****8"
    assert mask_id_number("16") == "*****"


def test_mask_phone():
    assert mask_phone("18812347808") == "188****7808"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "1****5"


# --- Dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        date(2024, 7, 1),
        datetime(2024, 7, 1, 9, 30),
        45474,  # Excel serial
        45474.375,
        "45474",
        "2024-07-01",
        "2024/7/1",
        "2024.7.1",
        "2024年7月1日",
        "2024 年 07 月 01 日",
        "20240701",
        20240701,
        "2024-07-01 00:00:00",
        "２０２４－０７－０１",
    ],
)
def test_parse_date_forms(value):
    assert parse_date(value) == date(2024, 7, 1)


def test_parse_date_excel_serial_edges():
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)


@pytest.mark.parametrize(
    "value", [None, "", "abc", "2024-02-30", "2024-13-01", "20241301", True, 0, -5, float("nan"), "2024"]
)
def test_parse_date_rejects(value):
    assert parse_date(value) is None


def test_format_date():
    assert format_date(date(2025, 12, 24)) == "2025-12-24"
    assert format_date(datetime(2025, 12, 24, 8, 0)) == "2025-12-24"
    assert format_date(None) == ""
    assert format_date("2025/12/24") == "2025-12-24"


# --- Passwords and usernames ------------------------------------------------------------


def test_password_policy_accepts_three_classes():
    assert password_errors("Abcdefg1") == []
    assert password_errors("abcdef1!") == []
    assert password_errors("Abcdef1!", PasswordPolicy(min_classes=4)) == []


def test_password_policy_errors():
    assert password_errors("abcdefg1") == ["密码须包含大写字母、小写字母、数字、特殊符号中的至少3类"]
    assert password_errors("Ab1!") == ["密码长度至少8位"]
    assert password_errors("abc") == ["密码长度至少8位", "密码须包含大写字母、小写字母、数字、特殊符号中的至少3类"]
    assert password_errors("Abc 12345") == ["密码不能包含空格"]
    assert password_errors("Abc12345密码") == ["密码只能使用英文字母、数字和英文特殊符号"]
    assert password_errors("") == ["请输入密码"]
    assert password_errors(None) == ["请输入密码"]
    assert password_errors("Ab1" * 30) == ["密码长度不能超过64位"]


def test_password_policy_is_configurable():
    policy = PasswordPolicy(min_length=12, min_classes=4)
    assert password_errors("Abcdefg1", policy) == [
        "密码长度至少12位",
        "密码须包含大写字母、小写字母、数字、特殊符号中的至少4类",
    ]


@pytest.mark.parametrize("name", ["zhangsan", "Li_4", "a123", "a" * 32])
def test_valid_usernames(name):
    assert username_error(name) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请填写用户名"),
        ("abc", "用户名长度应为4-32位，当前为3位"),
        ("a" * 33, "用户名长度应为4-32位，当前为33位"),
        ("1abc", "用户名须以英文字母开头"),
        ("_abc", "用户名须以英文字母开头"),
        ("张三abcd", "用户名须以英文字母开头"),
        ("zhang-san", "用户名只能包含英文字母、数字和下划线"),
        ("zhang san", "用户名只能包含英文字母、数字和下划线"),
    ],
)
def test_invalid_usernames(name, message):
    assert username_error(name) == message


def _independent_check_char(first17: str) -> str:
    """python-stdnum's formula, independent of the weighted sum the code under test uses."""
    value = (1 - 2 * int(first17, 13)) % 11
    return "X" if value == 10 else str(value)


def test_identity_check_character_agrees_with_an_independent_formula_on_many_numbers():
    import random

    rng = random.Random(11)
    for _ in range(3000):
        born = date(1950, 1, 1).toordinal() + rng.randrange(25000)
        first17 = f"{rng.choice(['11', '31', '44', '51', '65'])}{rng.randrange(10000):04d}" \
                  f"{date.fromordinal(born):%Y%m%d}{rng.randrange(1000):03d}"
        good = first17 + _independent_check_char(first17)
        result = check_identity("", good, today=TODAY)
        assert result.ok and result.normalized == good, good
        # The same number as people type it: spaces, a hyphen, lower-case x, full-width digits.
        for typed in (f" {good.lower()} ", good[:6] + "-" + good[6:],
                      good.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))):
            assert check_identity("居民身份证", typed, today=TODAY) == result
        wrong = first17 + rng.choice([c for c in "0123456789X" if c != good[17]])
        assert check_identity("", wrong, today=TODAY).message.startswith("居民身份证号码校验码错误")


def test_a_letter_among_the_first_17_characters_is_located_whatever_else_is_wrong():
    assert check_identity("", "11010519491231A02X", today=TODAY).message == "居民身份证号码第15位“A”应为数字"
    assert check_identity("", "A1010519491231002X", today=TODAY).message == "居民身份证号码第1位“A”应为数字"
    assert check_identity("", "110105194912310E2X", today=TODAY).message == "居民身份证号码第16位“E”应为数字"
