"""Demo data of the public registry: published institutions of both types in several provinces.

`seed(session)` is idempotent (get-or-create by credit code and filing type). Each
institution gets small generated PDFs as its public documents, stored through
storage.save_upload like any upload. `publish_institution` is also what the tests use
to put a published filing in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import utcnow
from filing_app.domain.enums import FilingStatus, FilingType, OM_CAPABILITIES
from filing_app.domain.validators import complete_credit_code
from filing_app.models import Filing, Institution, PublishedFiling
from filing_app.services import registry, storage


def minimal_pdf(*lines: str) -> bytes:
    """A valid one-page PDF showing a few ASCII lines (Helvetica)."""
    text = "BT /F1 14 Tf 60 780 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
    ) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@dataclass
class DemoInstitution:
    name: str
    city_code: str
    address: str
    filing_type: str
    inst_category: str
    categories: list[str]
    days_ago: int
    credit_code: str = ""
    nature: str = "私营"
    legal_rep: str = "张明"
    extra: dict[str, Any] = field(default_factory=dict)


def _code(city_code: str, seq: int) -> str:
    return complete_credit_code(f"91{city_code}MAD{seq:05d}")


_MON = FilingType.MONITORING
_OM = FilingType.OM
_WATER_AIR = ["水(含大气降水)和废水", "环境空气和废气", "噪声"]
_SOIL = ["土壤和水系沉积物", "固体废物", "生物"]
_RADIATION = ["电磁辐射", "电离辐射"]
_OM_SOURCE = ["污染源废气自动监测", "污染源废水自动监测"]
_OM_QUALITY = ["环境空气自动监测", "地表水自动监测"]

DEMO = [
    DemoInstitution("北京华澄环境检测有限公司", "110108", "学院路18号", _MON, "综合监测类", _WATER_AIR + _SOIL, 1),
    DemoInstitution("北京中环辐射监测技术有限公司", "110105", "朝阳北路99号", _MON, "辐射专项监测类", _RADIATION, 3),
    DemoInstitution("北京绿源环保科技有限公司", "110106", "丰台科技园12号", _OM, "污染源自动监测运维类", _OM_SOURCE, 4),
    DemoInstitution("北京清和生态环境监测中心", "110102", "西直门南大街5号", _MON, "综合监测类", _WATER_AIR, 8,
                    nature="事业单位"),
    DemoInstitution("天津滨海环境检测技术有限公司", "120116", "第三大街21号", _MON, "综合监测类", _WATER_AIR, 2),
    DemoInstitution("天津蓝天自动监测运维有限公司", "120104", "南京路77号", _OM, "环境质量自动监测运维类", _OM_QUALITY, 6),
    DemoInstitution("河北冀达环境监测有限公司", "130100", "裕华路66号", _MON, "综合监测类", _WATER_AIR + ["振动"], 5),
    DemoInstitution("上海浦润测试环境科技有限公司", "310104", "宜山路888号", _MON, "综合监测类", _WATER_AIR + _SOIL, 1),
    DemoInstitution("上海浦江辐射环境监测站", "310115", "张江路100号", _MON, "辐射专项监测类", _RADIATION, 9,
                    nature="事业单位"),
    DemoInstitution("上海申清环保设备运营有限公司", "310112", "莘庄工业区申富路9号", _OM, "综合运维类",
                    _OM_SOURCE + _OM_QUALITY, 2),
    DemoInstitution("江苏苏力环境检测有限公司", "320500", "苏州工业园区星湖街328号", _MON, "综合监测类", _WATER_AIR, 3),
    DemoInstitution("南京宁源环境监测技术有限公司", "320100", "江宁区胜太路58号", _MON, "综合监测类", _SOIL + ["海水"], 7),
    DemoInstitution("江苏清泉水务科技有限公司", "320200", "新吴区长江路7号", _OM, "污染源自动监测运维类",
                    ["污染源废水自动监测"], 4),
    DemoInstitution("浙江杭测环境技术有限公司", "330100", "西湖区文三路90号", _MON, "综合监测类", _WATER_AIR + _SOIL, 2),
    DemoInstitution("宁波海环检测有限公司", "330200", "鄞州区天童南路588号", _MON, "综合监测类",
                    ["海水", "海洋沉积物", "生物体残留"], 11),
    DemoInstitution("浙江之江自动监测运维有限公司", "330100", "滨江区江南大道3888号", _OM, "环境质量自动监测运维类",
                    _OM_QUALITY + ["环境空气颗粒物自动监测"], 5),
    DemoInstitution("湖北楚天环境监测有限公司", "420100", "洪山区珞喻路1037号", _MON, "综合监测类", _WATER_AIR, 6),
    DemoInstitution("武汉江城环保科技有限公司", "420100", "东湖高新区光谷大道41号", _OM, "综合运维类",
                    _OM_SOURCE + ["挥发性有机物自动监测"], 10),
    DemoInstitution("广东粤测环境检测有限公司", "440100", "天河区科韵路16号", _MON, "综合监测类", _WATER_AIR + _SOIL, 1),
    DemoInstitution("深圳鹏城辐射环境技术有限公司", "440300", "南山区科技园高新南一道8号", _MON, "辐射专项监测类",
                    _RADIATION, 12),
    DemoInstitution("广州南粤自动监测运维有限公司", "440100", "黄埔区科学大道18号", _OM, "污染源自动监测运维类",
                    _OM_SOURCE, 3),
    DemoInstitution("佛山禅清环保科技有限公司", "440600", "南海区桂城街道海八路1号", _OM, "综合运维类",
                    _OM_SOURCE + _OM_QUALITY, 8),
    DemoInstitution("四川蜀测环境监测有限公司", "510100", "高新区天府大道中段1388号", _MON, "综合监测类",
                    _WATER_AIR + ["油气回收"], 2),
    DemoInstitution("成都锦江环境服务有限公司", "510100", "锦江区东大街100号", _OM, "环境质量自动监测运维类",
                    _OM_QUALITY, 9),
    DemoInstitution("陕西秦川环境检测有限公司", "610100", "雁塔区科技路48号", _MON, "综合监测类", _WATER_AIR + _SOIL, 4),
    DemoInstitution("陕西长安自动监测运维有限公司", "610100", "未央区凤城八路9号", _OM, "污染源自动监测运维类",
                    _OM_SOURCE, 13),
    DemoInstitution("山东齐鲁环境监测有限公司", "370100", "历下区经十路17703号", _MON, "综合监测类", _WATER_AIR, 5),
    DemoInstitution("青岛海清检测技术有限公司", "370200", "崂山区松岭路169号", _MON, "综合监测类",
                    ["海水", "海洋沉积物"], 14),
    DemoInstitution("山东泉城环保运维有限公司", "370100", "高新区舜华路2000号", _OM, "综合运维类",
                    _OM_SOURCE + _OM_QUALITY, 7),
]
# Two institutions hold both filing types (§3.2): the same credit code in both registries.
DEMO += [
    DemoInstitution("北京华澄环境检测有限公司", "110108", "学院路18号", _OM, "污染源自动监测运维类", _OM_SOURCE, 2),
    DemoInstitution("广东粤测环境检测有限公司", "440100", "天河区科韵路16号", _OM, "环境质量自动监测运维类",
                    _OM_QUALITY, 6),
]


def _assign_codes() -> None:
    codes: dict[str, str] = {}
    for seq, item in enumerate(DEMO, start=1):
        item.credit_code = codes.setdefault(item.name, _code(item.city_code, seq))


_assign_codes()


def _public(item: DemoInstitution, province_code: str, reg_address: str, published_at: datetime,
            seq: int) -> dict[str, Any]:
    public: dict[str, Any] = {
        "org_name": item.name, "credit_code": item.credit_code, "filing_type": item.filing_type,
        "inst_category": item.inst_category, "nature": item.nature, "independent_legal_person": True,
        "legal_rep": item.legal_rep, "reg_address": reg_address, "province_code": province_code,
        "city_code": item.city_code, "categories": list(item.categories), "published_at": published_at.isoformat(),
        "people_count": 12 + seq % 30, "equipment_count": 40 + (seq * 7) % 90,
    }
    year = 2023 + seq % 3
    if item.filing_type == FilingType.MONITORING:
        public.update({
            "cma_cert_no": f"{year % 100:02d}{province_code[:2]}12{seq:06d}",
            "cma_valid_from": f"{year}-03-01", "cma_valid_to": f"{year + 6}-02-28",
            "has_cnas": seq % 2 == 0,
            "cnas_cert_no": f"CNAS L{10000 + seq}" if seq % 2 == 0 else "",
            "cnas_valid_to": f"{year + 5}-12-31" if seq % 2 == 0 else "",
            "other_certs": [],
        })
    else:
        public.update({
            "om_capabilities": [
                {"capability": c, "has_cert": i == 0, "cert_no": f"YW{year}{seq:04d}{i}" if i == 0 else "",
                 "valid_to": f"{year + 3}-12-31" if i == 0 else "", "issuer": "中国环境保护产业协会" if i == 0 else ""}
                for i, c in enumerate(c for c in item.categories if c in OM_CAPABILITIES)
            ],
            "mgmt_certs": [{"cert_type": "质量管理体系认证(QMS)", "cert_no": f"QMS{year}{seq:05d}"}],
        })
    return public


def publish_institution(session: Session, item: DemoInstitution, *, seq: int = 1,
                        published_at: datetime | None = None, with_documents: bool = True) -> PublishedFiling:
    """Get or create the institution and its approved filing, and publish it (idempotent)."""
    province_code = regions.province_of(item.city_code)
    institution = session.exec(select(Institution).where(Institution.credit_code == item.credit_code)).first()
    if institution is None:
        institution = Institution(credit_code=item.credit_code, name=item.name, registered_type=item.filing_type,
                                  province_code=province_code, city_code=item.city_code, address=item.address)
        session.add(institution)
        session.flush()
    filing = session.exec(select(Filing).where(Filing.institution_id == institution.id,
                                               Filing.filing_type == item.filing_type)).first()
    existing = filing and session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).first()
    if existing:
        return existing
    published_at = published_at or utcnow() - timedelta(days=item.days_ago, hours=seq)
    reg_address = regions.full_address(province_code, item.city_code, item.address)
    qualification: list[int] = []
    commitment_id = None
    if with_documents:
        def pdf(title: str, purpose: str) -> int:
            data = minimal_pdf(title, f"Credit code: {item.credit_code}", "Demo document of the filing system")
            return storage.save_upload(session, None, data, f"{title}.pdf", purpose,
                                       institution_id=institution.id).id

        if item.filing_type == FilingType.MONITORING:
            qualification = [pdf("CMA certificate", "cma_cert"), pdf("CMA certificate annex", "cma_annex")]
        else:
            qualification = [pdf("O&M capability certificate", "om_cert")]
        commitment_id = pdf("Commitment letter", "commitment")
    if filing is None:
        filing = Filing(institution_id=institution.id, filing_type=item.filing_type, status=FilingStatus.APPROVED)
    filing.status = FilingStatus.APPROVED
    filing.inst_category = item.inst_category
    filing.org_name = item.name
    filing.independent_legal_person = True
    filing.nature = item.nature
    filing.categories = list(item.categories)
    filing.legal_rep = item.legal_rep
    filing.reg_province_code = province_code
    filing.reg_city_code = item.city_code
    filing.reg_address = item.address
    filing.commitment_attachment_id = commitment_id
    if item.filing_type == FilingType.MONITORING and qualification:
        filing.cma_cert_attachment_id, filing.cma_annex_attachment_id = qualification[:2]
    filing.completed_tabs = ["basic", "people", "capability", "equipment", "management"]
    filing.first_submitted_at = filing.submitted_at = published_at - timedelta(days=2)
    filing.published_at = published_at
    session.add(filing)
    session.flush()
    public = _public(item, province_code, reg_address, published_at, seq)
    public.update(item.extra)
    return registry.upsert_published(
        session, filing_id=filing.id, institution_id=institution.id, filing_type=item.filing_type,
        province_code=province_code, city_code=item.city_code, org_name=item.name, credit_code=item.credit_code,
        reg_address=reg_address, inst_category=item.inst_category, published_at=published_at,
        qualification_attachment_ids=qualification, commitment_attachment_id=commitment_id, public=public,
    )


def seed(session: Session) -> None:
    for seq, item in enumerate(DEMO, start=1):
        publish_institution(session, item, seq=seq)
