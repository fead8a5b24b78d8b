"""Rules of the wizard tabs 基本信息, 技术能力 and 管理能力, and of their list rows.

Two layers, both pure (no database), so unit tests reach every rule:

- `parse_*` turns submitted form values into typed values and reports only what cannot be
  stored at all (a date that is no date, a value outside an enumeration, text too long for
  its column). 保存 stores a half-filled tab when parsing succeeds.
- `*_errors` checks the typed values for completeness and consistency (required fields,
  formats, periods). 下一步 and 备案提交 run them, so the tab and the submit page agree.

Every error is keyed by its form field and is a whole Chinese sentence, fit to show under
the field or as a line of the submit page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from filing_app.domain import enums, regions
from filing_app.domain.clock import today_beijing
from filing_app.domain.enums import FilingType
from filing_app.domain.records import Checked
from filing_app.domain.text import normalize_text
from filing_app.domain.validators import format_date, mobile_error, normalize_mobile, parse_date

# Tab keys (components/wizard.WIZARD_TABS) and their labels.
TAB_LABELS: dict[str, str] = {
    "basic": "基本信息",
    "people": "技术人员",
    "capability": "技术能力",
    "equipment": "设施设备",
    "management": "管理能力",
}

YES, NO = "有", "无"
TRUE_LABEL, FALSE_LABEL = "是", "否"

# Column limits of models/filings.py.
_MAX = {
    "org_name": 200, "other_category": 200, "legal_rep": 50, "reg_address": 300, "cma_cert_no": 64,
    "cnas_cert_no": 64, "cert_type": 64, "cert_no": 64, "issuer": 200, "approval_no": 64, "address": 300,
}

# 资质认定证书编号: 12 digits (year, issuing authority, field, serial number).
_CMA_NUMBER = re.compile(r"^\d{12}$")
# 检测实验室认可证书: CNAS L + digits; written with or without the space.
_CNAS_NUMBER = re.compile(r"^CNAS ?L\d{4,5}$")
_MAX_AREA = 10_000_000.0


def mark_tab(completed: Sequence[str] | None, tab: str, complete: bool) -> list[str]:
    """Filing.completed_tabs after a tab's 下一步 check (or a plain 保存, which is no check)."""
    tabs = [t for t in (completed or []) if t != tab]
    if complete:
        tabs.append(tab)
    return tabs


# ------------------------------------------------------------------ parsing helpers


def _text(data: Mapping[str, Any], key: str, errors: dict[str, str], label: str) -> str:
    value = normalize_text(data.get(key))
    limit = _MAX.get(key, 100)
    if len(value) > limit:
        errors[key] = f"{label}不能超过{limit}个字，当前为{len(value)}个字"
    return value


def _choice(data: Mapping[str, Any], key: str, choices: Sequence[str], errors: dict[str, str], label: str) -> str:
    value = normalize_text(data.get(key))
    if value and value not in choices:
        errors[key] = f"{label}“{value}”不是可选值，应为：{'、'.join(choices)}"
        return ""
    return value


def _multi(data: Mapping[str, Any], key: str, choices: Sequence[str], errors: dict[str, str], label: str) -> list[str]:
    raw = data.get(key)
    items = raw if isinstance(raw, (list, tuple)) else ([raw] if raw not in (None, "") else [])
    chosen: list[str] = []
    bad: list[str] = []
    for item in items:
        value = normalize_text(item)
        if not value:
            continue
        if value not in choices:
            bad.append(value)
        elif value not in chosen:
            chosen.append(value)
    if bad:
        errors[key] = f"{label}中“{'、'.join(bad)}”不是可选值"
    # Keep the order of the enumeration, whatever order the browser sent.
    return [c for c in choices if c in chosen]


def _flag(data: Mapping[str, Any], key: str, errors: dict[str, str], label: str,
          labels: tuple[str, str] = (YES, NO)) -> bool | None:
    """有/无 (or 是/否) -> True/False; "" -> None."""
    raw = data.get(key)
    if isinstance(raw, bool):
        return raw
    value = normalize_text(raw)
    if not value:
        return None
    if value == labels[0]:
        return True
    if value == labels[1]:
        return False
    errors[key] = f"{label}应选择“{labels[0]}”或“{labels[1]}”"
    return None


def _date(data: Mapping[str, Any], key: str, errors: dict[str, str], label: str) -> date | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    parsed = parse_date(raw)
    if parsed is None:
        errors[key] = f"{label}“{normalize_text(raw)}”不是有效日期，请按 2025-01-31 的形式填写"
    return parsed


def flag_label(value: bool | None, labels: tuple[str, str] = (YES, NO)) -> str:
    """True/False/None -> 有/无/"" (or 是/否/"")."""
    if value is None:
        return ""
    return labels[0] if value else labels[1]


def _required(values: Mapping[str, Any], key: str, errors: dict[str, str], message: str) -> bool:
    value = values.get(key)
    if value is None or value == "" or value == []:
        errors.setdefault(key, message)
        return False
    return True


def _period(values: Mapping[str, Any], start: str, end: str, errors: dict[str, str], label: str, *,
            today: date, end_required: bool = True, not_expired: bool = False) -> None:
    has_start = _required(values, start, errors, f"请选择{label}的开始日期")
    has_end = _required(values, end, errors, f"请选择{label}的结束日期") if end_required else bool(values.get(end))
    if has_start and values[start] > today:
        errors.setdefault(start, f"{label}的开始日期不能晚于今天")
    if has_start and has_end and values[end] <= values[start]:
        errors.setdefault(end, f"{label}的结束日期应晚于开始日期")
    elif has_end and not_expired and values[end] < today:
        errors.setdefault(end, f"{label}已于{format_date(values[end])}到期，请上传有效期内的证书")


# ------------------------------------------------------------------ 基本信息


def basic_labels(filing_type: str) -> dict[str, str]:
    return {
        "inst_category": "机构类别",
        "org_name": "组织名称",
        "independent_legal_person": "是否独立法人",
        "cma_first_date": "首次获得资质认定时间(CMA)",
        "nature": "机构性质",
        "categories": enums.business_category_label(filing_type),
        "other_category": "其他运维类别",
        "legal_rep": "法定代表人",
        "legal_rep_phone": "法定代表人联系方式(手机)",
        "reg_city_code": "注册地址（城市）",
        "reg_address": "注册地址（详细地址）",
    }


def parse_basic(data: Mapping[str, Any], filing_type: str, province_code: str) -> Checked:
    """Typed values of the 基本信息 form; errors only for what cannot be stored.

    legal_rep_phone must already be the real number (the service resolves the masked
    "unchanged" value before calling this).
    """
    labels = basic_labels(filing_type)
    errors: dict[str, str] = {}
    v: dict[str, Any] = {
        "inst_category": _choice(data, "inst_category", enums.institution_categories(filing_type), errors,
                                 labels["inst_category"]),
        "org_name": _text(data, "org_name", errors, labels["org_name"]),
        "independent_legal_person": _flag(data, "independent_legal_person", errors,
                                          labels["independent_legal_person"], (TRUE_LABEL, FALSE_LABEL)),
        "nature": _choice(data, "nature", enums.INSTITUTION_NATURES, errors, labels["nature"]),
        "categories": _multi(data, "categories", enums.business_categories(filing_type), errors,
                             labels["categories"]),
        "other_category": _text(data, "other_category", errors, labels["other_category"]),
        "legal_rep": _text(data, "legal_rep", errors, labels["legal_rep"]),
        "reg_address": _text(data, "reg_address", errors, labels["reg_address"]),
    }
    if filing_type == FilingType.MONITORING:
        v["cma_first_date"] = _date(data, "cma_first_date", errors, labels["cma_first_date"])
    if "其他" not in v["categories"]:
        v["other_category"] = ""
    phone = normalize_mobile(data.get("legal_rep_phone"))
    if "*" in phone:
        errors["legal_rep_phone"] = "请填写完整的11位手机号（不能含*号）"
        phone = ""
    elif phone and (not phone.isascii() or not phone.isdigit() or len(phone) > 11):
        errors["legal_rep_phone"] = mobile_error(phone) or "手机号应为11位数字"
        phone = ""
    v["legal_rep_phone"] = phone
    city = normalize_text(data.get("reg_city_code"))
    if city and not regions.city_in_province(city, province_code):
        errors["reg_city_code"] = f"所选城市不属于{regions.province_name(province_code)}"
        city = ""
    v["reg_city_code"] = city
    return Checked(v, errors)


def basic_errors(values: Mapping[str, Any], filing_type: str, province_code: str,
                 today: date | None = None) -> dict[str, str]:
    """Completeness and consistency of typed 基本信息 values."""
    today = today or today_beijing()
    labels = basic_labels(filing_type)
    errors: dict[str, str] = {}
    _required(values, "inst_category", errors, "请选择机构类别")
    if _required(values, "org_name", errors, "请填写组织名称") and len(values["org_name"]) < 4:
        errors["org_name"] = "组织名称过短，请填写营业执照或法人登记证书上的完整名称"
    if values.get("independent_legal_person") is None:
        errors["independent_legal_person"] = "请选择是否独立法人"
    if filing_type == FilingType.MONITORING:
        if _required(values, "cma_first_date", errors, "请选择首次获得资质认定时间(CMA)") and \
                values["cma_first_date"] > today:
            errors["cma_first_date"] = "首次获得资质认定时间不能晚于今天"
    _required(values, "nature", errors, "请选择机构性质")
    _required(values, "categories", errors, f"请至少选择一项{labels['categories']}")
    if "其他" in (values.get("categories") or []):
        _required(values, "other_category", errors, "选择了“其他”，请填写其他运维类别")
    if _required(values, "legal_rep", errors, "请填写法定代表人") and len(values["legal_rep"]) < 2:
        errors["legal_rep"] = "法定代表人姓名至少2个字，请填写完整姓名"
    phone = values.get("legal_rep_phone") or ""
    if not phone:
        errors["legal_rep_phone"] = "请填写法定代表人联系方式(手机)"
    else:
        message = mobile_error(phone)
        if message:
            errors["legal_rep_phone"] = message
    if _required(values, "reg_city_code", errors, "请选择注册地址所在城市") and \
            not regions.city_in_province(values["reg_city_code"], province_code):
        errors["reg_city_code"] = f"所选城市不属于{regions.province_name(province_code)}"
    if _required(values, "reg_address", errors, "请填写注册地址的详细地址") and len(values["reg_address"]) < 4:
        errors["reg_address"] = "详细地址过短，请填写到街道门牌号"
    return errors


# ------------------------------------------------------------------ 分场所


def check_site(data: Mapping[str, Any], *, has_proof: bool) -> Checked:
    """A 分场所 from its dialog: everything required (it is saved as a whole)."""
    errors: dict[str, str] = {}
    province = normalize_text(data.get("province_code"))
    city = normalize_text(data.get("city_code"))
    if not province:
        errors["province_code"] = "请选择省份"
    elif not regions.is_province(province):
        errors["province_code"] = "省份无效，请重新选择"
        province = ""
    if not city:
        errors["city_code"] = "请选择城市"
    elif province and not regions.city_in_province(city, province):
        errors["city_code"] = "所选城市不属于所选省份，请重新选择"
        city = ""
    address = _text(data, "address", errors, "详细地址")
    if not address:
        errors.setdefault("address", "请填写详细地址")
    elif len(address) < 4:
        errors.setdefault("address", "详细地址过短，请填写到街道门牌号")
    area_text = normalize_text(data.get("area_m2")).replace(",", "")
    area: float | None = None
    if not area_text:
        errors["area_m2"] = "请填写面积"
    else:
        try:
            area = float(area_text)
        except ValueError:
            errors["area_m2"] = f"面积“{area_text}”不是数字，请填写平方米数，如 120.5"
        else:
            if not (0 < area <= _MAX_AREA) or area != area:  # NaN fails both
                errors["area_m2"] = "面积应大于0且不超过10000000平方米"
                area = None
            else:
                area = round(area, 2)
    if not has_proof:
        errors["proof"] = "请上传分场所证明材料"
    return Checked({"province_code": province, "city_code": city, "address": address, "area_m2": area}, errors)


def site_values(province_code: str, city_code: str, address: str, area_m2: float | None) -> dict[str, Any]:
    return {"province_code": province_code, "city_code": city_code, "address": address,
            "area_m2": "" if area_m2 is None else str(area_m2)}


def format_area(area: float | None) -> str:
    if area is None:
        return ""
    return f"{area:.2f}".rstrip("0").rstrip(".")


# ------------------------------------------------------------------ 技术能力 (monitoring)

MONITORING_CAPABILITY_LABELS = {
    "cma_cert_no": "资质认定证书编号(CMA)",
    "cma_valid_from": "资质认定有效期",
    "cma_valid_to": "资质认定有效期",
    "has_cnas": "检测实验室认可证书(CNAS)",
    "cnas_cert_no": "CNAS认可证书编号",
    "cnas_valid_from": "CNAS认可有效期",
    "cnas_valid_to": "CNAS认可有效期",
    "has_other_certs": "其他认证认可资质",
}


def normalize_cnas_number(value: object) -> str:
    text = normalize_text(value).upper()
    return text


def parse_monitoring_capability(data: Mapping[str, Any]) -> Checked:
    labels = MONITORING_CAPABILITY_LABELS
    errors: dict[str, str] = {}
    v = {
        "cma_cert_no": _text(data, "cma_cert_no", errors, labels["cma_cert_no"]).replace(" ", ""),
        "cma_valid_from": _date(data, "cma_valid_from", errors, labels["cma_valid_from"] + "开始日期"),
        "cma_valid_to": _date(data, "cma_valid_to", errors, labels["cma_valid_to"] + "结束日期"),
        "has_cnas": _flag(data, "has_cnas", errors, labels["has_cnas"]),
        "cnas_cert_no": normalize_cnas_number(_text(data, "cnas_cert_no", errors, labels["cnas_cert_no"])),
        "cnas_valid_from": _date(data, "cnas_valid_from", errors, labels["cnas_valid_from"] + "开始日期"),
        "cnas_valid_to": _date(data, "cnas_valid_to", errors, labels["cnas_valid_to"] + "结束日期"),
        "has_other_certs": _flag(data, "has_other_certs", errors, labels["has_other_certs"]),
    }
    return Checked(v, errors)


def monitoring_capability_errors(values: Mapping[str, Any], *, files: Mapping[str, bool], other_certs: int,
                                 today: date | None = None) -> dict[str, str]:
    """files: which uploads are present (cma_cert, cma_annex, cnas_cert); other_certs: rows."""
    today = today or today_beijing()
    errors: dict[str, str] = {}
    number = values.get("cma_cert_no") or ""
    if not number:
        errors["cma_cert_no"] = "请填写资质认定证书编号(CMA)"
    elif not _CMA_NUMBER.match(number):
        errors["cma_cert_no"] = f"资质认定证书编号应为12位数字（如 231112050123），当前为“{number}”"
    _period(values, "cma_valid_from", "cma_valid_to", errors, "资质认定有效期", today=today, not_expired=True)
    if not files.get("cma_cert"):
        errors["cma_cert"] = "请上传资质认定证书"
    if not files.get("cma_annex"):
        errors["cma_annex"] = "请上传资质认定证书附表（多个分场所的能力附表合并后上传）"
    has_cnas = values.get("has_cnas")
    if has_cnas is None:
        errors["has_cnas"] = "请选择是否有检测实验室认可证书(CNAS)"
    elif has_cnas:
        cnas = values.get("cnas_cert_no") or ""
        if not cnas:
            errors["cnas_cert_no"] = "请填写CNAS认可证书编号"
        elif not _CNAS_NUMBER.match(cnas):
            errors["cnas_cert_no"] = f"CNAS认可证书编号应为“CNAS L”加4-5位数字（如 CNAS L1234），当前为“{cnas}”"
        _period(values, "cnas_valid_from", "cnas_valid_to", errors, "CNAS认可有效期", today=today,
                not_expired=True)
        if not files.get("cnas_cert"):
            errors["cnas_cert"] = "请上传检测实验室认可证书(CNAS)"
    has_other = values.get("has_other_certs")
    if has_other and other_certs == 0:
        errors["has_other_certs"] = "选择了有其他认证认可资质，请点击“新增”至少填写一条，或改选“无”"
    elif not has_other and other_certs > 0:
        errors["has_other_certs"] = f"已填写{other_certs}条其他认证认可资质，请选择“有”，或删除这些记录"
    return errors


def clear_cnas_when_absent(values: dict[str, Any]) -> dict[str, Any]:
    """无 CNAS: its number and period mean nothing and are not kept."""
    if values.get("has_cnas") is False:
        values.update(cnas_cert_no="", cnas_valid_from=None, cnas_valid_to=None)
    return values


# ------------------------------------------------------------------ certificate rows

CERT_OTHER = "other"
CERT_OM_CAPABILITY = "om_capability"
CERT_MGMT = "mgmt_system"
CERT_KINDS = (CERT_OTHER, CERT_OM_CAPABILITY, CERT_MGMT)
CERT_KIND_LABELS = {CERT_OTHER: "其他认证认可资质", CERT_OM_CAPABILITY: "运维服务能力", CERT_MGMT: "管理体系认证"}
# Which filing type has which kind of row.
CERT_KIND_TYPES = {CERT_OTHER: FilingType.MONITORING, CERT_OM_CAPABILITY: FilingType.OM, CERT_MGMT: FilingType.OM}


def check_certificate(kind: str, data: Mapping[str, Any], *, has_attachment: bool,
                      today: date | None = None) -> Checked:
    """A certificate row from its dialog, checked as a whole.

    other:         证书类型, 证书编号, 有效期 (start required; end optional, after start); no upload
    om_capability: 运维服务能力; 证书编号 有/无; when 有: 证书编号, 证书有效期, 发证单位,
                   认证机构批准书批准号 and the 证书附件
    mgmt_system:   证书类别, 证书编号; 证书附件 optional
    """
    today = today or today_beijing()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"cert_type": "", "capability": "", "has_cert": None, "cert_no": "",
                              "valid_from": None, "valid_to": None, "issuer": "", "approval_no": ""}
    if kind == CERT_OTHER:
        values["cert_type"] = _text(data, "cert_type", errors, "证书类型")
        values["cert_no"] = _text(data, "cert_no", errors, "证书编号")
        values["valid_from"] = _date(data, "valid_from", errors, "有效期开始日期")
        values["valid_to"] = _date(data, "valid_to", errors, "有效期结束日期")
        _required(values, "cert_type", errors, "请填写证书类型")
        _required(values, "cert_no", errors, "请填写证书编号")
        if not errors.get("valid_from") and not errors.get("valid_to"):
            _period(values, "valid_from", "valid_to", errors, "有效期", today=today, end_required=False)
    elif kind == CERT_OM_CAPABILITY:
        values["capability"] = _choice(data, "capability", enums.OM_CAPABILITIES, errors, "运维服务能力")
        values["has_cert"] = _flag(data, "has_cert", errors, "证书编号（有/无）")
        _required(values, "capability", errors, "请选择运维服务能力")
        if values["has_cert"] is None:
            errors.setdefault("has_cert", "请选择证书编号有或无")
        elif values["has_cert"]:
            values["cert_no"] = _text(data, "cert_no", errors, "证书编号")
            values["valid_from"] = _date(data, "valid_from", errors, "证书有效期开始日期")
            values["valid_to"] = _date(data, "valid_to", errors, "证书有效期结束日期")
            values["issuer"] = _text(data, "issuer", errors, "发证单位")
            values["approval_no"] = _text(data, "approval_no", errors, "认证机构批准书批准号")
            _required(values, "cert_no", errors, "请填写证书编号")
            if not errors.get("valid_from") and not errors.get("valid_to"):
                _period(values, "valid_from", "valid_to", errors, "证书有效期", today=today, not_expired=True)
            _required(values, "issuer", errors, "请填写发证单位")
            _required(values, "approval_no", errors, "请填写认证机构批准书批准号")
            if not has_attachment:
                errors["attachment"] = "请上传证书附件"
    elif kind == CERT_MGMT:
        values["cert_type"] = _choice(data, "cert_type", enums.MGMT_CERT_CATEGORIES, errors, "证书类别")
        values["cert_no"] = _text(data, "cert_no", errors, "证书编号")
        _required(values, "cert_type", errors, "请选择证书类别")
        _required(values, "cert_no", errors, "请填写证书编号")
    else:
        raise ValueError(f"unknown certificate kind {kind!r}")
    return Checked(values, errors)


def om_capability_errors(rows: Sequence[Mapping[str, Any]], today: date | None = None) -> list[str]:
    """The O&M 技术能力 tab: at least one row, one row per capability, every row complete.

    rows: dicts with the Certificate fields plus "has_attachment".
    """
    problems: list[str] = []
    if not rows:
        return ["请至少新增一项运维服务能力"]
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        data = {**row, "has_cert": flag_label(row.get("has_cert")),
                "valid_from": row.get("valid_from"), "valid_to": row.get("valid_to")}
        checked = check_certificate(CERT_OM_CAPABILITY, data, has_attachment=bool(row.get("has_attachment")),
                                    today=today)
        capability = row.get("capability") or ""
        messages = list(checked.errors.values())
        if capability and capability in seen:
            messages.append(f"与第{seen[capability]}条重复")
        seen.setdefault(capability, index)
        if messages:
            problems.append(f"运维服务能力第{index}条（{capability or '未选择'}）：{'；'.join(messages)}")
    return problems


def certificate_rows_errors(kind: str, rows: Sequence[Mapping[str, Any]], today: date | None = None) -> list[str]:
    """Rows of other / mgmt_system re-checked at submission (the dialogs already check them)."""
    problems: list[str] = []
    for index, row in enumerate(rows, start=1):
        checked = check_certificate(kind, dict(row), has_attachment=bool(row.get("has_attachment")), today=today)
        if checked.errors:
            problems.append(f"{CERT_KIND_LABELS[kind]}第{index}条：{'；'.join(checked.errors.values())}")
    return problems


# ------------------------------------------------------------------ 管理能力


def management_labels(filing_type: str) -> dict[str, str]:
    manual = "质量手册" if filing_type == FilingType.MONITORING else "质量管理制度手册"
    return {"quality_manual": manual, "has_mgmt_certs": "管理体系认证"}


def parse_management(data: Mapping[str, Any], filing_type: str) -> Checked:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if filing_type == FilingType.OM:
        values["has_mgmt_certs"] = _flag(data, "has_mgmt_certs", errors, "管理体系认证")
    return Checked(values, errors)


def management_errors(values: Mapping[str, Any], filing_type: str, *, has_manual: bool,
                      mgmt_certs: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not has_manual:
        errors["quality_manual"] = (
            "请上传质量手册" if filing_type == FilingType.MONITORING else "请上传质量管理制度手册（盖章版）"
        )
    if filing_type == FilingType.OM:
        has = values.get("has_mgmt_certs")
        if has and mgmt_certs == 0:
            errors["has_mgmt_certs"] = "选择了有管理体系认证，请点击“新增”至少填写一条，或改选“无”"
        elif not has and mgmt_certs > 0:
            errors["has_mgmt_certs"] = f"已填写{mgmt_certs}条管理体系认证，请选择“有”，或删除这些记录"
    return errors
