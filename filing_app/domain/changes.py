"""备案变更 (§3.3): which fields are key, and the difference between two filing snapshots.

Changes to 机构名称, 机构类别, 法定代表人 and 监测类别 / 运维类别 need a second review; every
other edit takes effect at once. Pure functions over snapshots (services/snapshots.py):
the field-level difference of the filing's own fields and row-level summaries of its lists.

The field definitions here also label the read-only view of a snapshot that reviewers
read, so a field is named once, as the manual names it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from filing_app.domain import regions
from filing_app.domain.enums import FilingType, business_category_label
from filing_app.domain.records import EQUIPMENT_FIELDS, PERSON_FIELDS, TRAINING_FIELDS, label_of
from filing_app.domain.validators import mask_id_number, mask_phone

# value kinds of a logical field
TEXT = "text"
YES_NO = "yes_no"  # 是 / 否
HAS = "has"  # 有 / 无
DATE = "date"
DATE_RANGE = "date_range"
MULTI = "multi"
PHONE = "phone"
ADDRESS = "address"
ATTACHMENT = "attachment"

SECTION_BASIC = "基本信息"
SECTION_CAPABILITY = "技术能力"
SECTION_MANAGEMENT = "管理能力"
SECTION_COMMITMENT = "书面承诺"

# 机构名称, 机构类别, 法定代表人, 监测类别/运维类别 (with its 其他 text): a change needs review.
KEY_FIELDS: tuple[str, ...] = ("org_name", "inst_category", "legal_rep", "categories", "other_category")


@dataclass(frozen=True)
class FieldDef:
    """One field of the filing as a person reads it (it may combine several stored keys)."""

    key: str
    label: str | Callable[[str], str]
    kind: str = TEXT
    sources: tuple[str, ...] = ()
    section: str = SECTION_BASIC
    only_for: str | None = None
    # the name §3.3 uses when the field is changed (e.g. 组织名称 is 机构名称 there)
    change_label: str = ""

    @property
    def stored(self) -> tuple[str, ...]:
        return self.sources or (self.key,)

    @property
    def is_key(self) -> bool:
        return any(k in KEY_FIELDS for k in self.stored)

    def label_for(self, filing_type: str) -> str:
        return self.label(filing_type) if callable(self.label) else self.label


def _manual_label(filing_type: str) -> str:
    return "质量手册" if filing_type == FilingType.MONITORING else "质量管理制度手册"


M = FilingType.MONITORING
OM = FilingType.OM

FILING_FIELDS: tuple[FieldDef, ...] = (
    FieldDef("inst_category", "机构类别"),
    FieldDef("org_name", "组织名称", change_label="机构名称"),
    FieldDef("independent_legal_person", "是否独立法人", YES_NO),
    FieldDef("cma_first_date", "首次获得资质认定时间(CMA)", DATE, only_for=M),
    FieldDef("nature", "机构性质"),
    FieldDef("categories", business_category_label, MULTI),
    FieldDef("other_category", "其他运维类别", only_for=OM),
    FieldDef("legal_rep", "法定代表人"),
    FieldDef("legal_rep_phone", "法定代表人联系方式(手机)", PHONE),
    FieldDef("reg_address", "注册地址", ADDRESS, sources=("reg_province_code", "reg_city_code", "reg_address")),
    FieldDef("cma_cert_no", "资质认定证书编号(CMA)", section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cma_valid", "资质认定有效期", DATE_RANGE, sources=("cma_valid_from", "cma_valid_to"),
             section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cma_cert_attachment_id", "资质认定证书", ATTACHMENT, section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cma_annex_attachment_id", "资质认定证书附表", ATTACHMENT, section=SECTION_CAPABILITY, only_for=M),
    FieldDef("has_cnas", "检测实验室认可证书(CNAS)", HAS, section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cnas_cert_no", "CNAS证书编号", section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cnas_valid", "CNAS证书有效期", DATE_RANGE, sources=("cnas_valid_from", "cnas_valid_to"),
             section=SECTION_CAPABILITY, only_for=M),
    FieldDef("cnas_attachment_id", "CNAS证书", ATTACHMENT, section=SECTION_CAPABILITY, only_for=M),
    FieldDef("has_other_certs", "其他认证认可资质", HAS, section=SECTION_CAPABILITY, only_for=M),
    FieldDef("quality_manual_attachment_id", _manual_label, ATTACHMENT, section=SECTION_MANAGEMENT),
    FieldDef("has_mgmt_certs", "管理体系认证", HAS, section=SECTION_MANAGEMENT, only_for=OM),
    FieldDef("commitment_attachment_id", "书面承诺", ATTACHMENT, section=SECTION_COMMITMENT),
)


def filing_fields(filing_type: str, section: str | None = None) -> tuple[FieldDef, ...]:
    return tuple(
        f for f in FILING_FIELDS
        if f.only_for in (None, filing_type) and (section is None or f.section == section)
    )


# ---------------------------------------------------------------- values


def _yes_no(value: Any, yes: str, no: str) -> str:
    if value is None:
        return ""
    return yes if value else no


def raw_value(defn: FieldDef, data: dict[str, Any]) -> Any:
    """What is compared: the stored values (lists compared regardless of order)."""
    values = []
    for key in defn.stored:
        value = data.get(key)
        if isinstance(value, list):
            value = tuple(sorted(str(v) for v in value))
        elif value == "":
            value = None
        values.append(value)
    return tuple(values)


def attachment_name(attachment_id: Any, attachments: dict[str, Any]) -> str:
    if not attachment_id:
        return ""
    meta = attachments.get(str(attachment_id)) or {}
    return meta.get("name") or "附件"


def display_value(defn: FieldDef, data: dict[str, Any], attachments: dict[str, Any] | None = None) -> str:
    """The value as the review page shows it (phones masked, dates 2025-12-24, files by name)."""
    value = data.get(defn.stored[0])
    if defn.kind == YES_NO:
        return _yes_no(value, "是", "否")
    if defn.kind == HAS:
        return _yes_no(value, "有", "无")
    if defn.kind == MULTI:
        return "、".join(str(v) for v in (value or []))
    if defn.kind == PHONE:
        return mask_phone(value or "")
    if defn.kind == DATE:
        return str(value or "")[:10]
    if defn.kind == DATE_RANGE:
        start, end = (str(data.get(k) or "")[:10] for k in defn.stored)
        return f"{start} 至 {end}" if start or end else ""
    if defn.kind == ADDRESS:
        province, city, detail = (data.get(k) or "" for k in defn.stored)
        return regions.full_address(province, city, detail) if province or detail else ""
    if defn.kind == ATTACHMENT:
        return attachment_name(value, attachments or {})
    return "" if value is None else str(value)


# ---------------------------------------------------------------- field difference


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    old: str
    new: str
    is_key: bool


@dataclass(frozen=True)
class RowChange:
    summary: str
    fields: tuple[str, ...] = ()  # labels of the changed fields (for changed rows)


@dataclass(frozen=True)
class ListDiff:
    key: str
    label: str
    added: int
    removed: int
    changed: int
    added_rows: tuple[RowChange, ...] = ()
    removed_rows: tuple[RowChange, ...] = ()
    changed_rows: tuple[RowChange, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = []
        if self.added:
            parts.append(f"新增{self.added}条")
        if self.removed:
            parts.append(f"删除{self.removed}条")
        if self.changed:
            parts.append(f"修改{self.changed}条")
        return "，".join(parts) or "无变化"


@dataclass(frozen=True)
class SnapshotDiff:
    fields: tuple[FieldChange, ...] = ()
    lists: tuple[ListDiff, ...] = field(default_factory=tuple)

    @property
    def has_changes(self) -> bool:
        return bool(self.fields) or any(d.any for d in self.lists)

    @property
    def key_changes(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.fields if c.is_key)

    @property
    def other_changes(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.fields if not c.is_key)

    @property
    def needs_review(self) -> bool:
        return bool(self.key_changes)

    def to_json(self) -> list[dict[str, Any]]:
        """What FilingSubmission.changes stores: field rows, then one row per changed list."""
        rows: list[dict[str, Any]] = [
            {"field": c.key, "label": c.label, "old": c.old, "new": c.new, "key": c.is_key} for c in self.fields
        ]
        rows += [
            {"list": d.key, "label": d.label, "added": d.added, "removed": d.removed, "changed": d.changed}
            for d in self.lists if d.any
        ]
        return rows


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Field-level difference of the filing's own fields (not its lists)."""
    filing_type = new.get("filing_type") or old.get("filing_type")
    before, after = old.get("filing", {}), new.get("filing", {})
    changes = []
    for defn in filing_fields(filing_type):
        if raw_value(defn, before) == raw_value(defn, after):
            continue
        old_text = display_value(defn, before, old.get("attachments"))
        new_text = display_value(defn, after, new.get("attachments"))
        if defn.kind == ATTACHMENT and old_text == new_text and new_text:
            new_text += "（已更换文件）"
        changes.append(FieldChange(defn.key, defn.change_label or defn.label_for(filing_type), old_text, new_text,
                                   defn.is_key))
    return tuple(changes)


# ---------------------------------------------------------------- list difference

MAX_LISTED_ROWS = 20  # per kind (added / removed / changed): the counts stay exact


@dataclass(frozen=True)
class _ListSpec:
    key: str
    label: str
    identity: Callable[[dict], Any]
    summary: Callable[[dict], str]
    fields: Callable[[str], tuple[tuple[str, str], ...]]
    select: Callable[[dict], list[dict]]


def _person_fields(filing_type: str) -> tuple[tuple[str, str], ...]:
    specs = tuple(
        (s.key, label_of(s, filing_type)) for s in PERSON_FIELDS if s.only_for in (None, filing_type)
    )
    return specs + (
        ("edu_cert_attachment_id", "学历证书"),
        ("degree_cert_attachment_id", "学位证书"),
        ("title_cert_attachment_id", "职称证书"),
        ("trainings", "外部培训"),
    )


def _person_summary(row: dict) -> str:
    return f"{row.get('name', '')}（{mask_id_number(row.get('id_number', ''))}）"


def _site_summary(row: dict) -> str:
    text = regions.full_address(row.get("province_code"), row.get("city_code"), row.get("address") or "")
    return f"{text}（{row['area_m2']:g}m²）" if row.get("area_m2") else text


def _equipment_summary(row: dict) -> str:
    parts = [row.get("name", ""), row.get("model", ""), row.get("number", "")]
    return " / ".join(p for p in parts if p)


def _certs(kind: str) -> Callable[[dict], list[dict]]:
    return lambda snap: [c for c in snap.get("certificates", []) if c.get("kind") == kind]


def _cert_summary(row: dict) -> str:
    head = row.get("capability") or row.get("cert_type") or "证书"
    return f"{head} {row.get('cert_no') or ''}".strip()


_CERT_FIELDS = (("cert_type", "证书类型"), ("cert_no", "证书编号"), ("valid_from", "有效期起"),
                ("valid_to", "有效期止"))
_CAPABILITY_FIELDS = (("capability", "运维服务能力"), ("has_cert", "证书编号(有/无)"), ("cert_no", "证书编号"),
                      ("valid_from", "证书有效期起"), ("valid_to", "证书有效期止"), ("issuer", "发证单位"),
                      ("approval_no", "认证机构批准书批准号"), ("attachment_id", "证书附件"))
_MGMT_FIELDS = (("cert_type", "证书类别"), ("cert_no", "证书编号"), ("attachment_id", "证书附件"))


def _by_id(row: dict) -> Any:
    return row.get("id")


LIST_SPECS: tuple[_ListSpec, ...] = (
    _ListSpec("branch_sites", "分场所", _by_id, _site_summary,
              lambda _t: (("province_code", "省份"), ("city_code", "城市"), ("address", "详细地址"),
                          ("area_m2", "面积(m²)"), ("proof_attachment_id", "证明材料")),
              lambda s: s.get("branch_sites", [])),
    # A person is the same person by identity number, whatever row id the working copy gave them.
    _ListSpec("people", "技术人员", lambda r: r.get("id_key") or r.get("id_number"), _person_summary,
              _person_fields, lambda s: s.get("people", [])),
    _ListSpec("equipment", "设施设备", _by_id, _equipment_summary,
              lambda _t: tuple((s.key, s.label) for s in EQUIPMENT_FIELDS), lambda s: s.get("equipment", [])),
    _ListSpec("other_certs", "其他认证认可资质", _by_id, _cert_summary, lambda _t: _CERT_FIELDS, _certs("other")),
    _ListSpec("om_capabilities", "运维服务能力", _by_id, _cert_summary, lambda _t: _CAPABILITY_FIELDS,
              _certs("om_capability")),
    _ListSpec("mgmt_certs", "管理体系认证", _by_id, _cert_summary, lambda _t: _MGMT_FIELDS, _certs("mgmt_system")),
)


def _comparable(key: str, value: Any) -> Any:
    if key == "trainings":
        return tuple(sorted(tuple(str(t.get(s.key) or "") for s in TRAINING_FIELDS) for t in (value or [])))
    if isinstance(value, list):
        return tuple(sorted(str(v) for v in value))
    return None if value == "" else value


def _diff_list(spec: _ListSpec, old: dict, new: dict, filing_type: str) -> ListDiff:
    before = {spec.identity(r): r for r in spec.select(old)}
    after = {spec.identity(r): r for r in spec.select(new)}
    added = [after[k] for k in after if k not in before]
    removed = [before[k] for k in before if k not in after]
    changed: list[RowChange] = []
    fields = spec.fields(filing_type)
    for k in after:
        if k not in before:
            continue
        labels = tuple(label for key, label in fields
                       if _comparable(key, before[k].get(key)) != _comparable(key, after[k].get(key)))
        if labels:
            changed.append(RowChange(spec.summary(after[k]), labels))
    return ListDiff(
        spec.key,
        spec.label,
        added=len(added),
        removed=len(removed),
        changed=len(changed),
        added_rows=tuple(RowChange(spec.summary(r)) for r in added[:MAX_LISTED_ROWS]),
        removed_rows=tuple(RowChange(spec.summary(r)) for r in removed[:MAX_LISTED_ROWS]),
        changed_rows=tuple(changed[:MAX_LISTED_ROWS]),
    )


def diff_lists(old: dict[str, Any], new: dict[str, Any]) -> tuple[ListDiff, ...]:
    filing_type = new.get("filing_type") or old.get("filing_type")
    return tuple(_diff_list(spec, old, new, filing_type) for spec in LIST_SPECS)


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> SnapshotDiff:
    """What changed from `old` (the published snapshot) to `new` (the working copy's)."""
    return SnapshotDiff(fields=diff_fields(old, new), lists=diff_lists(old, new))


def revert_key_fields(new: dict[str, Any], published: dict[str, Any]) -> dict[str, Any]:
    """`new` with the key fields put back to their published values: what the public may see
    while a key change waits for review."""
    result = copy.deepcopy(new)
    for key in KEY_FIELDS:
        if key in published.get("filing", {}):
            result["filing"][key] = copy.deepcopy(published["filing"][key])
    return result
