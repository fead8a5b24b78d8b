"""备案信息查询 (§2.4): the public registry and an institution's public detail page."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import error_text, select
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table, filter_bar, link_button, pager
from filing_app.components.theme import MUTED
from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES
from filing_app.pages.common import frame, message_box
from filing_app.services.registry import PAGE_SIZE
from filing_app.state.registry import RegistryDetailState as D
from filing_app.state.registry import RegistryState as S

HEADERS = ["序号", "机构名称", "统一社会信用代码", "注册地址", "机构类别", "资质能力", "承诺书", "备案公开时间", "操作"]


def _filter(label: str, control: rx.Component, error) -> rx.Component:  # noqa: ANN001
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        error_text(error),
        spacing="1",
        align="stretch",
        min_width="150px",
    )


def _docs(docs, published_id, class_name: str) -> rx.Component:  # noqa: ANN001
    return rx.cond(
        docs.length() > 0,
        rx.flex(
            rx.foreach(
                docs,
                lambda d: link_button(d.label, on_click=S.download_doc(published_id, d.doc), class_name=class_name,
                                      white_space="nowrap"),
            ),
            gap="8px",
            wrap="wrap",
        ),
        rx.text("—", color=MUTED, size="2"),
    )


def _row(r) -> rx.Component:  # noqa: ANN001
    detail = routes.REGISTRY + "/" + r.id.to_string()
    return rx.table.row(
        rx.table.cell(r.seq),
        rx.table.cell(rx.link(r.org_name, href=detail, class_name="registry-name"), min_width="180px"),
        rx.table.cell(r.credit_code, class_name="registry-code", white_space="nowrap"),
        rx.table.cell(r.reg_address, min_width="200px"),
        rx.table.cell(r.inst_category, white_space="nowrap"),
        rx.table.cell(_docs(r.qualification_docs, r.id, "doc-qualification")),
        rx.table.cell(_docs(r.commitment_docs, r.id, "doc-commitment")),
        rx.table.cell(r.published_date, white_space="nowrap"),
        rx.table.cell(rx.link("查看", href=detail, size="2", class_name="registry-view")),
        class_name="registry-row",
    )


def _filters() -> rx.Component:
    e = S.errors
    return rx.form(
        filter_bar(
            _filter(
                "省份",
                select("province_code", S.province_options, placeholder="全部省份", value=S.filter_province,
                       on_change=S.set_province, disabled=S.scope_province != "", id="filter-province"),
                e.get("province_code", ""),
            ),
            _filter(
                "城市",
                select("city_code", S.city_options, placeholder="全部城市", value=S.filter_city, on_change=S.set_city,
                       id="filter-city"),
                e.get("city_code", ""),
            ),
            _filter(
                "机构名称",
                rx.input(name="name", id="filter-name", default_value=S.name, placeholder="输入名称中的字词",
                         max_length=50),
                e.get("name", ""),
            ),
            _filter(
                "统一社会信用代码",
                rx.input(name="credit_code", id="filter-code", default_value=S.credit_code,
                         placeholder="完整代码或前几位", max_length=18),
                e.get("credit_code", ""),
            ),
            rx.hstack(
                rx.button("查询", type="submit", id="registry-search"),
                rx.button("重置", type="button", variant="soft", color_scheme="gray", on_click=S.reset_filters,
                          id="registry-reset"),
                spacing="2",
                padding_bottom="2px",
            ),
            actions=[
                rx.button(rx.cond(S.exporting, "正在导出…", "导出"), type="button", variant="outline",
                          on_click=S.export, disabled=S.exporting, id="registry-export"),
            ],
        ),
        on_submit=S.search,
        key=S.form_key.to_string(),
        id="registry-filters",
        width="100%",
    )


def registry_page() -> rx.Component:
    return frame(
        content_card(
            rx.flex(
                rx.segmented_control.root(
                    *[rx.segmented_control.item(FILING_TYPE_LABELS[t], value=t, id=f"registry-type-{t}")
                      for t in FILING_TYPES],
                    value=S.filing_type,
                    on_change=S.set_type,
                    id="registry-type",
                ),
                rx.heading(
                    "备案信息查询",
                    rx.cond(S.scope_name != "", "（" + S.scope_name + "）", "（全国）"),
                    size="4",
                    id="registry-heading",
                ),
                rx.spacer(),
                rx.cond(
                    S.scope_province != "",
                    rx.text("本页仅展示注册地为本省的备案公示机构", size="1", color=MUTED),
                    rx.text("全国备案公示机构，可按省份筛选", size="1", color=MUTED),
                ),
                align="center",
                gap="12px",
                wrap="wrap",
                width="100%",
                margin_bottom="12px",
            ),
            _filters(),
            message_box(S.message),
            data_table(HEADERS, S.rows, _row, empty_text="暂无符合条件的备案公示机构", table_id="registry-table"),
            pager(S.total, S.page, S.page_count, S.page_numbers, S.go_page, page_size=PAGE_SIZE),
            rx.el.span(S.search_seq, id="registry-search-seq", data_seq=S.search_seq, display="none"),
        ),
        crumbs=("备案信息查询",),
    )


# ------------------------------------------------------------------ detail


def _kv_grid(items) -> rx.Component:  # noqa: ANN001
    return rx.grid(
        rx.foreach(
            items,
            lambda kv: rx.hstack(
                rx.text(kv.label, size="2", color=MUTED, min_width="168px", flex_shrink="0"),
                rx.text(rx.cond(kv.value != "", kv.value, "—"), size="2", class_name="detail-value"),
                align="start",
                spacing="2",
                padding_y="6px",
                border_bottom="1px dashed #e5e7eb",
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        column_gap="24px",
        width="100%",
    )


def _simple_table(headers: list[str], rows, cells) -> rx.Component:  # noqa: ANN001
    return data_table(
        ["序号", *headers],
        rows,
        lambda r, i: rx.table.row(rx.table.cell(i + 1), *[rx.table.cell(c) for c in cells(r)]),
        empty_text="无",
    )


def registry_detail_page() -> rx.Component:
    return frame(
        content_card(
            rx.cond(
                D.found,
                rx.vstack(
                    rx.hstack(
                        rx.heading(D.org_name, size="5", id="detail-name"),
                        rx.badge(D.type_label, size="2"),
                        align="center",
                        wrap="wrap",
                    ),
                    section_title("基本信息"),
                    _kv_grid(D.basics),
                    section_title("资质能力"),
                    rx.cond(
                        D.filing_type == "monitoring",
                        rx.vstack(
                            _kv_grid(D.qualifications),
                            rx.text("其他认证认可资质", size="2", weight="medium"),
                            _simple_table(["证书类型", "证书编号", "有效期"], D.other_certs,
                                          lambda c: [c.cert_type, c.cert_no, c.validity]),
                            width="100%",
                        ),
                        rx.vstack(
                            _simple_table(["运维服务能力", "证书编号(有/无)", "证书编号", "证书有效期", "发证单位"],
                                          D.capabilities,
                                          lambda c: [c.capability, c.has_cert, c.cert_no, c.valid_to, c.issuer]),
                            rx.text("管理体系认证", size="2", weight="medium"),
                            _simple_table(["证书类别", "证书编号"], D.mgmt_certs, lambda c: [c.cert_type, c.cert_no]),
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        D.branch_sites.length() > 0,
                        rx.vstack(
                            section_title("分场所"),
                            _simple_table(["所在地区", "详细地址"], D.branch_sites, lambda s: [s.region, s.address]),
                            width="100%",
                        ),
                    ),
                    section_title("公开材料"),
                    rx.flex(
                        rx.foreach(
                            D.docs,
                            lambda d: rx.button(rx.icon("download", size=14), d.label, variant="soft", size="2",
                                                on_click=D.download_doc(d.doc), class_name="detail-doc"),
                        ),
                        rx.cond(D.docs.length() == 0, rx.text("无", size="2", color=MUTED)),
                        gap="8px",
                        wrap="wrap",
                    ),
                    rx.link("< 返回备案信息查询", href=D.back_path, size="2", id="detail-back"),
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                rx.vstack(
                    rx.text(D.error, color="red", id="detail-error"),
                    rx.link("< 返回备案信息查询", href=D.back_path, size="2"),
                ),
            ),
        ),
        crumbs=("备案信息查询", "机构详情"),
    )
