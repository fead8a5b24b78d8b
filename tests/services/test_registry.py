"""The public registry: what is visible, each filter, paging, the name index, public downloads."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete as sa_delete
from sqlalchemy import func
from sqlmodel import select

from filing_app.demo_registry import DemoInstitution, minimal_pdf, publish_institution
from filing_app.domain.enums import FilingStatus, FilingType
from filing_app.models import AuditLog, Filing, FilingSubmission, PublishedFiling, PublishedNameGram
from filing_app.services import files, registry, storage
from filing_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from filing_app.services.registry import RegistryQuery
from tests.helpers import new_credit_code

BASE = datetime(2025, 12, 24, 2, 0, tzinfo=timezone.utc)
MON, OM = FilingType.MONITORING, FilingType.OM


def publish(session, name: str, city: str = "110108", filing_type: str = MON, *, code: str | None = None,
            minutes: int = 0, documents: bool = False, category: str | None = None, **extra):
    item = DemoInstitution(
        name=name, city_code=city, address="测试路1号", filing_type=filing_type,
        inst_category=category or ("综合监测类" if filing_type == MON else "综合运维类"),
        categories=["噪声"] if filing_type == MON else ["污染源废气自动监测"], days_ago=0,
        credit_code=code or new_credit_code(city), extra=extra,
    )
    return publish_institution(session, item, published_at=BASE + timedelta(minutes=minutes), with_documents=documents)


def find(session, scope_province=None, page=1, page_size=10, **filters):
    return registry.search(session, None, RegistryQuery(**filters), page=page, page_size=page_size,
                           scope_province=scope_province)


def names(result) -> list[str]:
    return [r.org_name for r in result.rows]


# ------------------------------------------------------------------ scope and type


def test_a_province_portal_shows_only_institutions_registered_in_that_province(session):
    publish(session, "北京甲环境监测有限公司", "110108")
    publish(session, "上海乙环境监测有限公司", "310104")
    publish(session, "江苏丙环境监测有限公司", "320500")
    session.commit()
    assert names(find(session, scope_province="110000")) == ["北京甲环境监测有限公司"]
    # The portal's province wins over a province chosen in the filter.
    assert names(find(session, scope_province="110000", province_code="310000")) == ["北京甲环境监测有限公司"]
    # The national view shows all, newest first, and filters by province on request.
    assert find(session).total == 3
    assert names(find(session, province_code="320000")) == ["江苏丙环境监测有限公司"]
    with pytest.raises(NotFound):
        find(session, scope_province="999999")


def test_the_type_switch_shows_monitoring_or_om_institutions(session):
    publish(session, "北京监测一号有限公司", filing_type=MON)
    publish(session, "北京运维一号有限公司", filing_type=OM)
    code = new_credit_code()
    publish(session, "北京双类型环境有限公司", filing_type=MON, code=code, minutes=5)
    publish(session, "北京双类型环境有限公司", filing_type=OM, code=code, minutes=6)
    session.commit()
    assert names(find(session, filing_type=MON)) == ["北京双类型环境有限公司", "北京监测一号有限公司"]
    assert names(find(session, filing_type=OM)) == ["北京双类型环境有限公司", "北京运维一号有限公司"]
    with pytest.raises(ValidationFailed) as exc:
        find(session, filing_type="all")
    assert "filing_type" in exc.value.field_errors


# ------------------------------------------------------------------ filters


def test_city_filter_follows_the_province(session):
    publish(session, "海淀某环境监测有限公司", "110108")
    publish(session, "朝阳某环境监测有限公司", "110105")
    publish(session, "苏州某环境监测有限公司", "320500")
    session.commit()
    assert names(find(session, province_code="110000", city_code="110105")) == ["朝阳某环境监测有限公司"]
    assert names(find(session, city_code="110105", name="某环境")) == ["朝阳某环境监测有限公司"]
    assert find(session, province_code="110000", name="某环境").total == 2
    # A city alone implies its province.
    assert names(find(session, city_code="320500")) == ["苏州某环境监测有限公司"]
    with pytest.raises(ValidationFailed) as exc:
        find(session, province_code="110000", city_code="320500")
    assert "城市" in exc.value.field_errors["city_code"]
    # Under a province portal, a city of another province is refused, not silently widened.
    with pytest.raises(ValidationFailed):
        find(session, scope_province="110000", city_code="320500")


def test_name_contains_one_two_or_many_characters(session):
    publish(session, "北京清源环境监测有限公司", minutes=1)
    publish(session, "北京源清检测技术有限公司", minutes=2)
    publish(session, "上海浦润测试科技有限公司", "310104", minutes=3)
    session.commit()
    assert names(find(session, name="源")) == ["北京源清检测技术有限公司", "北京清源环境监测有限公司"]
    assert names(find(session, name="清源")) == ["北京清源环境监测有限公司"]
    assert names(find(session, name="源清")) == ["北京源清检测技术有限公司"]
    assert names(find(session, name="环境监测有限")) == ["北京清源环境监测有限公司"]
    assert find(session, name="有限公司").total == 3
    assert find(session, name="清源检测").total == 0  # both characters present, not contiguous
    assert find(session, name="鑫").total == 0  # a character no name has
    assert names(find(session, name="浦润", province_code="310000")) == ["上海浦润测试科技有限公司"]
    assert find(session, name="浦润", province_code="110000").total == 0
    assert names(find(session, name="清源", city_code="110108")) == ["北京清源环境监测有限公司"]


def test_name_search_ignores_width_case_and_spaces(session):
    publish(session, "华澄检测认证集团（北京）有限公司")
    publish(session, "ABC Environmental Testing Co")
    session.commit()
    assert find(session, name="集团(北京)").total == 1  # half-width brackets find full-width ones
    assert find(session, name=" （北京） ").total == 1
    assert find(session, name="abc environmental").total == 1
    assert find(session, name="ＡＢＣ").total == 1
    assert find(session, name="%").total == 0  # no LIKE wildcards
    with pytest.raises(ValidationFailed):
        find(session, name="环" * (registry.NAME_MAX_CHARS + 1))


def test_credit_code_exact_and_prefix(session):
    first = publish(session, "北京码一环境有限公司", code=new_credit_code("110108"))
    second = publish(session, "北京码二环境有限公司", code=new_credit_code("110108"), minutes=1)
    third = publish(session, "上海码三环境有限公司", "310104", code=new_credit_code("310104"), minutes=2)
    session.commit()
    assert names(find(session, credit_code=first.credit_code)) == ["北京码一环境有限公司"]
    assert names(find(session, credit_code=first.credit_code.lower())) == ["北京码一环境有限公司"]
    assert names(find(session, credit_code="91110108")) == ["北京码二环境有限公司", "北京码一环境有限公司"]
    assert names(find(session, credit_code="91310104")) == ["上海码三环境有限公司"]
    assert find(session, credit_code="9").total == 3
    assert find(session, credit_code="92").total == 0
    assert names(find(session, credit_code=third.credit_code[:17])) == ["上海码三环境有限公司"]
    # With a name: exact code, and prefix.
    assert names(find(session, credit_code=second.credit_code, name="码二")) == ["北京码二环境有限公司"]
    assert find(session, credit_code=second.credit_code, name="码一").total == 0
    assert names(find(session, credit_code="911101", name="码")) == ["北京码二环境有限公司", "北京码一环境有限公司"]
    with pytest.raises(ValidationFailed) as exc:
        find(session, credit_code="91I10108")
    assert "I" in exc.value.field_errors["credit_code"]
    with pytest.raises(ValidationFailed):
        find(session, credit_code=first.credit_code + "0")


def test_code_prefix_bounds_cover_exactly_the_prefix():
    assert registry.code_prefix_bounds("9111") == ("9111", "9112")
    assert registry.code_prefix_bounds("919") == ("919", "91A")
    assert registry.code_prefix_bounds("91Y") == ("91Y", "92")
    assert registry.code_prefix_bounds("YY") == ("YY", None)


def test_a_broad_credit_code_prefix_pages_in_date_order(session, monkeypatch):
    for i in range(5):
        publish(session, f"北京宽前缀{i}号环境有限公司", minutes=i)
    publish(session, "上海宽前缀环境有限公司", "310104", minutes=9)
    session.commit()
    for scan_max in (registry.CODE_SCAN_MAX, 2):  # answered from the code's rows, or in date order
        monkeypatch.setattr(registry, "CODE_SCAN_MAX", scan_max)
        result = find(session, credit_code="9111", page_size=2, page=2)
        assert result.total == 5
        assert names(result) == ["北京宽前缀2号环境有限公司", "北京宽前缀1号环境有限公司"]
        assert names(find(session, credit_code="9111", name="3号")) == ["北京宽前缀3号环境有限公司"]
        assert find(session, credit_code="9131", name="宽前缀").total == 1
        assert find(session, credit_code="9111", name="上海").total == 0


# ------------------------------------------------------------------ paging


def test_paging_edges(session):
    for i in range(23):
        publish(session, f"北京分页{i:02d}号环境监测有限公司", minutes=i)
    session.commit()
    first = find(session)
    assert (first.total, first.page, first.page_count, len(first.rows)) == (23, 1, 3, 10)
    assert first.rows[0].org_name == "北京分页22号环境监测有限公司"  # newest first
    assert [r.seq for r in first.rows] == list(range(1, 11))
    last = find(session, page=3)
    assert [r.seq for r in last.rows] == [21, 22, 23]
    assert last.rows[-1].org_name == "北京分页00号环境监测有限公司"
    assert find(session, page=99).page == 3  # past the end: the last page
    assert find(session, page=0).page == 1
    assert find(session, page=-5).page == 1
    # The same through the name index.
    by_name = find(session, name="分页", page=3)
    assert (by_name.total, by_name.page, [r.seq for r in by_name.rows]) == (23, 3, [21, 22, 23])
    assert names(by_name) == names(last)
    # Page size is bounded; an exact multiple has no empty last page.
    assert len(find(session, page_size=1000).rows) == 23
    assert find(session, page_size=0).page_size == 1
    for i in range(23, 30):
        publish(session, f"北京分页{i:02d}号环境监测有限公司", minutes=i)
    session.commit()
    assert find(session).page_count == 3 and find(session, page=3).rows[-1].seq == 30


def test_an_empty_registry_gives_one_empty_page(session):
    result = find(session, name="不存在的机构")
    assert (result.total, result.page, result.page_count, result.rows) == (0, 1, 1, [])


def test_same_publication_time_orders_by_id(session):
    a = publish(session, "北京同时一环境有限公司", minutes=0)
    b = publish(session, "北京同时二环境有限公司", minutes=0)
    session.commit()
    expected = [b.org_name, a.org_name]
    assert names(find(session)) == expected
    assert names(find(session, name="同时")) == expected


# ------------------------------------------------------------------ what is visible


def test_a_pending_change_is_not_visible(session):
    row = publish(session, "北京旧名称环境监测有限公司")
    filing = session.get(Filing, row.filing_id)
    # The institution edits its working copy and submits a change: the registry keeps the approved values.
    filing.org_name = "北京新名称环境监测有限公司"
    filing.status = FilingStatus.CHANGE_PENDING
    session.add(filing)
    session.add(FilingSubmission(filing_id=filing.id, institution_id=row.institution_id, province_code="110000",
                                 filing_type=MON, kind="change", snapshot={"org_name": filing.org_name}))
    session.commit()
    assert find(session, name="新名称").total == 0
    assert names(find(session, name="旧名称")) == ["北京旧名称环境监测有限公司"]
    assert registry.get_detail(session, None, row.id).org_name == "北京旧名称环境监测有限公司"


def test_a_filing_submitted_but_never_approved_is_not_visible(session):
    publish(session, "北京已公开环境监测有限公司")
    from filing_app.models import Institution

    institution = Institution(credit_code=new_credit_code(), name="北京待审查环境监测有限公司", registered_type=MON,
                              province_code="110000")
    session.add(institution)
    session.flush()
    session.add(Filing(institution_id=institution.id, filing_type=MON, status=FilingStatus.SUBMITTED,
                       org_name=institution.name))
    session.commit()
    assert find(session).total == 1
    assert find(session, name="待审查").total == 0


def test_a_cancelled_filing_leaves_the_registry_with_its_index(session):
    row = publish(session, "北京将注销环境监测有限公司")
    publish(session, "北京继续经营环境监测有限公司")
    session.commit()
    published_id, filing_id = row.id, row.filing_id
    assert registry.remove_published(session, filing_id) is True
    session.commit()
    assert find(session, name="将注销").total == 0
    assert find(session).total == 1
    grams = session.exec(select(func.count()).select_from(PublishedNameGram)
                         .where(PublishedNameGram.published_id == published_id)).one()
    assert grams == 0
    with pytest.raises(NotFound):
        registry.get_detail(session, None, published_id)
    assert registry.remove_published(session, filing_id) is False


def test_deleting_the_published_row_directly_also_drops_its_index(session):
    """If the review feature deletes the row itself, the database cascade keeps the index clean."""
    row = publish(session, "北京直接删除环境监测有限公司")
    session.commit()
    session.delete(session.get(PublishedFiling, row.id))
    session.commit()
    assert find(session, name="直接删除").total == 0
    assert session.exec(select(func.count()).select_from(PublishedNameGram)).one() == 0


def test_republishing_replaces_the_row_and_its_index(session):
    row = publish(session, "北京改名前环境监测有限公司")
    session.commit()
    registry.upsert_published(
        session, filing_id=row.filing_id, institution_id=row.institution_id, filing_type=MON,
        province_code="310000", city_code="310104", org_name="上海改名后环境监测有限公司",
        credit_code=row.credit_code, reg_address="上海市徐汇区测试路1号", inst_category="综合监测类",
        published_at=BASE + timedelta(days=1), public={},
    )
    session.commit()
    assert session.exec(select(func.count()).select_from(PublishedFiling)).one() == 1
    assert find(session, name="改名前").total == 0
    assert names(find(session, name="改名后", province_code="310000")) == ["上海改名后环境监测有限公司"]
    assert find(session, province_code="110000").total == 0
    grams = session.exec(select(PublishedNameGram.gram).where(PublishedNameGram.published_id == row.id)).all()
    assert sorted(grams) == sorted(set(registry.normalize_name("上海改名后环境监测有限公司")))


def test_rebuilding_the_index_gives_the_same_answers(session):
    for i, name in enumerate(["北京甲乙环境有限公司", "北京乙丙检测有限公司", "上海丙丁科技有限公司"]):
        publish(session, name, "110108" if i < 2 else "310104", minutes=i)
    session.commit()
    before = [names(find(session, name=q)) for q in ("乙", "乙丙", "有限公司", "丁")]
    assert registry.rebuild_name_index(session) == 3
    session.commit()
    assert [names(find(session, name=q)) for q in ("乙", "乙丙", "有限公司", "丁")] == before


# ------------------------------------------------------------------ rows, detail


def test_rows_carry_the_listed_columns_and_document_links(session):
    publish(session, "北京列表环境监测有限公司", documents=True)
    publish(session, "北京列表运维有限公司", filing_type=OM, documents=True)
    session.commit()
    row = find(session).rows[0]
    assert row.credit_code and row.reg_address.startswith("北京市海淀区")
    assert row.inst_category == "综合监测类" and row.published_date == "2025-12-24"
    assert [d.label for d in row.qualification_docs] == ["资质认定证书", "证书附表"]
    assert [d.label for d in row.commitment_docs] == ["书面承诺"]
    om_row = find(session, filing_type=OM).rows[0]
    assert [d.label for d in om_row.qualification_docs] == ["运维能力证书"]


def test_beijing_date_is_shown(session):
    publish(session, "北京跨日环境监测有限公司", minutes=22 * 60 - 1)  # 2025-12-24 23:59 UTC = 12-25 Beijing
    session.commit()
    assert find(session).rows[0].published_date == "2025-12-25"


def test_detail_shows_public_information_and_nothing_personal(session):
    row = publish(session, "北京详情环境监测有限公司", documents=True,
                  legal_rep_phone="13912345678", id_number="110108199003071234",
                  other_certs=[{"cert_type": "计量认证", "cert_no": "JL-1", "valid_from": "2024-01-01",
                                "valid_to": "2027-12-31"}],
                  branch_sites=[{"province_code": "120000", "city_code": "120116", "address": "第三大街1号"}])
    session.commit()
    detail = registry.get_detail(session, None, row.id)
    values = {kv.label: kv.value for kv in detail.basics + detail.qualifications}
    assert values["机构名称"] == "北京详情环境监测有限公司"
    assert values["法定代表人"] == "张明"
    assert values["监测类别"] == "噪声"
    assert values["资质认定有效期"].endswith("至 " + row.public["cma_valid_to"])
    assert detail.other_certs[0].validity == "2024-01-01 至 2027-12-31"
    assert detail.branch_sites[0].region == "天津市滨海新区"
    assert [d.label for d in detail.docs] == ["资质认定证书", "证书附表", "书面承诺"]
    everything = repr(detail)
    assert "13912345678" not in everything and "110108199003071234" not in everything
    with pytest.raises(NotFound):
        registry.get_detail(session, None, 999_999)


def test_om_detail_lists_capabilities_and_management_certificates(session):
    row = publish(session, "北京详情运维有限公司", filing_type=OM)
    session.commit()
    detail = registry.get_detail(session, None, row.id)
    assert detail.type_label == "运维机构"
    assert detail.capabilities[0].capability == "污染源废气自动监测"
    assert detail.mgmt_certs[0].cert_type == "质量管理体系认证(QMS)"
    assert {kv.label for kv in detail.basics} >= {"运维类别", "备案公开时间"}


# ------------------------------------------------------------------ public documents


def _link_parts(path: str) -> tuple[int, int, str]:
    _, _, attachment_id, expires, signature = path.split("/")
    return int(attachment_id), int(expires), signature


def test_anyone_may_download_the_public_documents_of_a_published_filing(session):
    row = publish(session, "北京下载环境监测有限公司", documents=True)
    session.commit()
    for doc, expected in ((0, row.qualification_attachment_ids[0]), (1, row.qualification_attachment_ids[1]),
                          (registry.COMMITMENT_DOC, row.commitment_attachment_id)):
        attachment_id, expires, signature = _link_parts(registry.public_document_link(session, None, row.id, doc))
        assert attachment_id == expected
        assert files.verify_link(attachment_id, expires, signature)
    with pytest.raises(NotFound):
        registry.public_document_link(session, None, row.id, 2)


def test_documents_of_a_cancelled_filing_are_refused(session):
    row = publish(session, "北京已注销下载环境监测有限公司", documents=True)
    session.commit()
    published_id, cert_id = row.id, row.qualification_attachment_ids[0]
    registry.remove_published(session, row.filing_id)
    session.commit()
    with pytest.raises(NotFound):
        registry.public_document_link(session, None, published_id, 0)
    # Nor is the file reachable any other way without logging in.
    with pytest.raises(PermissionDenied):
        files.download_link(session, None, cert_id)


def test_private_files_are_refused_to_anonymous_users(session):
    row = publish(session, "北京私有文件环境监测有限公司", documents=True)
    private = storage.save_upload(session, None, minimal_pdf("quality manual"), "质量手册.pdf", "quality_manual",
                                  institution_id=row.institution_id)
    other = publish(session, "北京另一家环境监测有限公司", documents=True)
    session.commit()
    with pytest.raises(PermissionDenied):
        files.download_link(session, None, private.id)
    # An attachment that is not in a published row is not public even though its owner is published.
    unpublished = storage.save_upload(session, None, minimal_pdf("draft cma"), "cma.pdf", "cma_cert",
                                      institution_id=other.institution_id)
    session.commit()
    with pytest.raises(PermissionDenied):
        files.download_link(session, None, unpublished.id)


def test_a_published_row_pointing_at_another_institutions_file_is_refused_and_audited(session):
    row = publish(session, "北京错误引用环境监测有限公司", documents=True)
    victim = publish(session, "北京被引用环境监测有限公司", documents=True)
    private = storage.save_upload(session, None, minimal_pdf("private"), "人员名单.pdf", "edu_cert",
                                  institution_id=victim.institution_id)
    row.qualification_attachment_ids = [private.id]
    session.add(row)
    session.commit()
    with pytest.raises(PermissionDenied):
        registry.public_document_link(session, None, row.id, 0)
    denied = session.exec(select(AuditLog).where(AuditLog.action == "download_public",
                                                 AuditLog.result == "denied")).all()
    assert [a.object_id for a in denied] == [private.id]


def _counts(session) -> dict[tuple[str, str], int]:
    from filing_app.models import PublishedNameGramCount as C

    return {(c.gram, c.filing_type): c.entries for c in session.exec(select(C)).all() if c.entries}


def _actual_counts(session) -> dict[tuple[str, str], int]:
    rows = session.exec(select(PublishedNameGram.gram, PublishedNameGram.filing_type, func.count())
                        .group_by(PublishedNameGram.gram, PublishedNameGram.filing_type)).all()
    return {(g, t): n for g, t, n in rows}


def test_character_counts_follow_publish_republish_and_removal(session):
    a = publish(session, "北京甲乙环境有限公司")
    publish(session, "北京丙丁环境有限公司", filing_type=OM)
    session.commit()
    assert _counts(session) == _actual_counts(session)
    assert _counts(session)[("环", MON)] == 1 and _counts(session)[("环", OM)] == 1
    registry.upsert_published(session, filing_id=a.filing_id, institution_id=a.institution_id, filing_type=MON,
                              province_code="110000", city_code="110108", org_name="北京甲戊检测有限公司",
                              credit_code=a.credit_code, reg_address="", inst_category="综合监测类",
                              published_at=BASE, public={})
    session.commit()
    assert _counts(session) == _actual_counts(session)
    assert ("乙", MON) not in _counts(session) and _counts(session)[("戊", MON)] == 1
    registry.remove_published(session, a.filing_id)
    session.commit()
    assert _counts(session) == _actual_counts(session)
    assert registry.rebuild_name_index(session) == 1
    session.commit()
    assert _counts(session) == _actual_counts(session)


def test_missing_or_stale_character_counts_never_change_the_answer(session):
    from filing_app.models import PublishedNameGramCount as C

    first = publish(session, "北京甲乙环境有限公司")
    publish(session, "北京丙丁环境有限公司")
    session.commit()
    session.exec(sa_delete(C))  # counts lost: characters are counted directly
    session.commit()
    assert names(find(session, name="丁环")) == ["北京丙丁环境有限公司"]
    assert find(session, name="环境").total == 2
    # A row deleted behind the service's back leaves its counts too high.
    session.delete(session.get(PublishedFiling, first.id))
    session.commit()
    assert find(session, name="甲乙").total == 0
    assert names(find(session, name="环境")) == ["北京丙丁环境有限公司"]
