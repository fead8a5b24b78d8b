"""The reviewer's pages: the queue, a submitted filing, a duplicate-person report."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import field, select, text_input
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table, filter_bar, pager
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.widgets import confirm_dialog, status_badge
from filing_app.domain.enums import EQUIPMENT_CONDITIONS, FILING_TYPE_LABELS, FILING_TYPES, PERSON_STATUSES
from filing_app.domain.review import KIND_LABELS, QUEUE_KINDS, REVIEW_STATUS_LABELS, REVIEW_STATUSES
from filing_app.pages.common import frame
from filing_app.state.review import ReviewFilingState as F
from filing_app.state.review import ReviewQueueState as Q
from filing_app.state.review import ReviewReportState as R

LIST_PAGE_SIZE = 10


def _cell(value, **props) -> rx.Component:  # noqa: ANN001
    return rx.table.cell(value, white_space="nowrap", **props)


# ---------------------------------------------------------------- the queue


def _queue_row(r) -> rx.Component:  # noqa: ANN001
    pending = r.status == "pending"
    return rx.table.row(
        _cell(r.index),
        _cell(r.kind_label),
        rx.table.cell(r.institution_name, min_width="180px"),
        _cell(r.credit_code),
        _cell(r.filing_type_label),
        _cell(r.submitted_at),
        _cell(rx.cond(pending, r.waiting_days.to_string() + "天", "—"),
              color=rx.cond(pending & (r.waiting_days >= 10), DANGER, "inherit")),
        _cell(status_badge(r.status, r.status_label)),
        _cell(r.decided_at),
        _cell(r.reviewer),
        _cell(rx.link(rx.cond(pending, "审查", "查看"), href=r.href, class_name="queue-open")),
        class_name="queue-row",
        data_kind=r.kind,
    )


def queue_page() -> rx.Component:
    return frame(
        content_card(
            section_title("审查列表"),
            rx.form(
                filter_bar(
                    # Uncontrolled (read on 查询); the key remounts them with the loaded values.
                    field("事项类型", select("kind", list(QUEUE_KINDS), placeholder="全部事项", labels=KIND_LABELS,
                                             default_value=Q.kind, key="kind-" + Q.kind, id="queue-kind"),
                          width="auto"),
                    field("备案类别", select("filing_type", list(FILING_TYPES), placeholder="全部类别",
                                             labels=FILING_TYPE_LABELS, default_value=Q.filing_type,
                                             key="type-" + Q.filing_type, id="queue-type"), width="auto"),
                    field("状态", select("status", list(REVIEW_STATUSES), placeholder="全部状态",
                                         labels=REVIEW_STATUS_LABELS, default_value=Q.status,
                                         key="status-" + Q.status, id="queue-status"), width="auto"),
                    field("机构名称或信用代码", text_input("keyword", placeholder="名称包含 / 代码开头",
                                                          id="queue-keyword", max_length=50), width="200px"),
                    rx.button("查询", type="submit", id="queue-search"),
                ),
                on_submit=Q.search,
            ),
            rx.text("待审查事项按提交时间从早到晚排列；等待天数按北京时间的日期计算。", size="1", color=MUTED,
                    margin_bottom="6px"),
            data_table(
                ["序号", "事项类型", "机构名称", "统一社会信用代码", "备案类别", "提交时间", "等待天数", "状态",
                 "审查时间", "审查人", "操作"],
                Q.rows,
                _queue_row,
                table_id="review-queue",
                empty_text="没有符合条件的审查事项",
            ),
            pager(Q.total, Q.page, Q.page_count, Q.page_numbers, Q.go_page),
        ),
        crumbs=("备案审查", "审查列表"),
    )


# ---------------------------------------------------------------- shared bits


def info_grid(items, on_download, grid_id: str = "") -> rx.Component:  # noqa: ANN001
    """Label : value pairs; an attachment's value is its file name, a download link."""
    return rx.grid(
        rx.foreach(
            items,
            lambda i: rx.hstack(
                rx.text(i.label + "：", size="2", color=MUTED, min_width="168px", flex_shrink="0"),
                rx.cond(
                    i.attachment_id > 0,
                    rx.link(i.value, on_click=on_download(i.attachment_id), cursor="pointer", size="2",
                            class_name="attachment-link"),
                    rx.text(rx.cond(i.value != "", i.value, "—"), size="2", white_space="pre-wrap"),
                ),
                align="start",
                spacing="1",
                width="100%",
                class_name="info-item",
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="3",
        width="100%",
        id=grid_id or None,
    )


def _download_cell(attachment_id, name, on_download) -> rx.Component:  # noqa: ANN001
    return _cell(rx.cond(attachment_id > 0,
                         rx.link(name, on_click=on_download(attachment_id), cursor="pointer",
                                 class_name="attachment-link"),
                         "—"))


def _decision_box(state) -> rx.Component:  # noqa: ANN001
    """The decision once made: result, reviewer, time and the reviewer's words."""
    return rx.cond(
        state.status != "pending",
        rx.callout(
            rx.vstack(
                rx.text("审查结果：", state.status_label, "　审查人：", state.reviewer, "　审查时间：", state.decided_at,
                        size="2"),
                rx.cond(state.reason != "", rx.text("审查意见：", state.reason, size="2", white_space="pre-wrap")),
                spacing="1",
            ),
            icon="info",
            color_scheme=rx.cond(state.status == "approved", "green", "red"),
            width="100%",
            id="decision-box",
        ),
    )


def _decision_actions(state, approve_text, on_approve) -> rx.Component:  # noqa: ANN001
    """通过 (confirmed) and 退回 while the item waits; then back to the queue or on to the next item."""
    return rx.cond(
        state.is_pending,
        rx.hstack(
            confirm_dialog(rx.button("通过", color_scheme="green", id="review-approve"), "确认通过", approve_text,
                           on_approve, confirm_label="确认通过"),
            rx.button("退回", color_scheme="red", variant="soft", on_click=state.set_return_open(True),
                      id="review-return"),
            spacing="2",
        ),
        rx.hstack(
            rx.link(rx.button("返回审查列表", variant="soft"), href=routes.REVIEW_QUEUE),
            rx.cond(state.next_href != "", rx.link(rx.button("处理下一条", id="review-next"), href=state.next_href)),
            spacing="2",
        ),
    )


def _item_page(state, body: rx.Component, crumb: str) -> rx.Component:  # noqa: ANN001
    """A queue item's page: its body once loaded, or why it cannot be shown."""
    return frame(
        rx.cond(
            state.error != "",
            content_card(rx.callout(state.error, icon="triangle_alert", color_scheme="red", id="review-error"),
                         rx.link("< 返回审查列表", href=routes.REVIEW_QUEUE, size="2")),
            rx.cond(state.loaded, body, rx.center(rx.spinner(), padding="40px")),
        ),
        crumbs=("备案审查", "审查列表", crumb),
    )


def _return_dialog(state, on_submit, title: str, hint: str) -> rx.Component:  # noqa: ANN001
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.form(
                rx.vstack(
                    field("退回原因", rx.text_area(name="reason", id="return-reason", rows="5", width="100%",
                                                 placeholder=hint, max_length=500),
                          error=state.reason_error, required=True),
                    rx.hstack(
                        rx.dialog.close(rx.button("取消", variant="soft", color_scheme="gray", type="button")),
                        rx.button("确认退回", type="submit", color_scheme="red", id="return-submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=on_submit,
            ),
            max_width="min(520px, 94vw)",
        ),
        open=state.return_open,
        on_open_change=state.set_return_open,
    )


# ---------------------------------------------------------------- a submitted filing


def _header() -> rx.Component:
    return content_card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.heading(F.org_name, size="5", id="review-org-name"),
                    rx.badge(F.kind_label, size="2", variant="outline", id="review-kind"),
                    status_badge(F.status, F.status_label),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text("申请机构：", F.institution_name, "　统一社会信用代码：", F.credit_code, "　备案类别：",
                        F.filing_type_label, size="2", color=MUTED),
                rx.text("提交时间：", F.submitted_at,
                        rx.cond(F.is_pending, "　已等待 " + F.waiting_days.to_string() + " 天", ""),
                        size="2", color=MUTED),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            _decision_actions(F, rx.cond(F.is_change, "通过后，变更后的备案信息将立即公开。",
                                         "通过后，该备案即生效并在“备案信息查询”中公开，备案公开时间为当前时间。"),
                              F.approve),
            gap="12px",
            wrap="wrap",
            width="100%",
        ),
        rx.box(_decision_box(F), margin_top="10px"),
    )


def _change_card() -> rx.Component:
    """A change against the published version, or a resubmission against the returned one."""
    return rx.cond(
        F.compare_title != "",
        content_card(
            section_title(F.compare_title),
            rx.text(F.compare_note, size="1", color=MUTED, margin_bottom="6px", white_space="pre-wrap"),
            data_table(
                ["序号", "变更项", rx.cond(F.is_change, "已公开内容", "上次内容"), "本次内容", "说明"],
                F.field_changes,
                lambda c: rx.table.row(
                    _cell(c.index),
                    _cell(c.label, font_weight="bold"),
                    rx.table.cell(c.old, white_space="pre-wrap", color=MUTED),
                    rx.table.cell(c.new, white_space="pre-wrap", color=rx.cond(c.needs_review, DANGER, "inherit")),
                    _cell(c.note),
                    class_name="change-row",
                ),
                table_id="change-table",
                empty_text="基本信息、技术能力、管理能力各项无变化",
            ),
            rx.foreach(
                F.list_changes,
                lambda d: rx.vstack(
                    rx.text(d.label, "：", d.summary, size="2", weight="medium"),
                    rx.foreach(d.details, lambda line: rx.text(line, size="1", color=MUTED)),
                    spacing="1",
                    margin_top="8px",
                ),
            ),
            id="compare-card",
        ),
    )


def _record_card() -> rx.Component:
    return content_card(
        section_title("本备案的审查记录"),
        data_table(
            ["序号", "事项类型", "提交时间", "状态", "审查时间", "审查人", "审查意见"],
            F.record,
            lambda r: rx.table.row(
                _cell(r.index),
                _cell(rx.cond(r.current, r.kind_label + "（本次）", r.kind_label)),
                _cell(r.submitted_at),
                _cell(status_badge(r.status, r.status_label)),
                _cell(r.decided_at),
                _cell(r.reviewer),
                rx.table.cell(r.reason, min_width="200px", white_space="pre-wrap"),
                class_name="record-row",
            ),
            table_id="record-table",
        ),
    )


def _people_tab() -> rx.Component:
    def row(p, monitoring: bool) -> rx.Component:  # noqa: ANN001
        cells = [_cell(p.seq), _cell(p.name), _cell(p.gender), _cell(p.id_masked, class_name="id-masked"),
                 _cell(p.education)]
        if monitoring:
            cells.append(rx.table.cell(p.duties, min_width="120px"))
        cells += [rx.table.cell(p.posts, min_width="120px"), _cell(p.title), _cell(p.status),
                  _cell(rx.link("查看", on_click=F.open_person(p.id), cursor="pointer", class_name="person-open"))]
        return rx.table.row(*cells, class_name="person-row")

    common = ["序号", "姓名", "性别", "身份证号", "学历"]
    return rx.vstack(
        rx.form(
            filter_bar(
                field("姓名", text_input("name", placeholder="姓名", id="people-name", max_length=50), width="160px"),
                field("人员状态", select("status", list(PERSON_STATUSES), placeholder="全部", id="people-status"),
                      width="auto"),
                rx.button("查询", type="submit", id="people-search"),
            ),
            on_submit=F.search_people,
        ),
        rx.text("在职技术人员 ", F.people_active, " 人。证件号码已脱敏显示。", size="1", color=MUTED),
        rx.cond(
            F.is_monitoring,
            data_table(common + ["职务", "监测岗位", "专业技术人员职称", "人员状态", "操作"], F.people_rows,
                       lambda p: row(p, True), table_id="people-table"),
            data_table(common + ["运维岗位", "专业技术人员职称", "人员状态", "操作"], F.people_rows,
                       lambda p: row(p, False), table_id="people-table"),
        ),
        pager(F.people_total, F.people_page, F.people_page_count, F.people_page_numbers, F.go_people_page,
              page_size=LIST_PAGE_SIZE),
        width="100%",
        spacing="2",
    )


def _capability_tab() -> rx.Component:
    return rx.vstack(
        info_grid(F.capability, F.download),
        rx.cond(
            F.is_monitoring,
            rx.cond(
                F.other_certs.length() > 0,
                rx.vstack(
                    rx.text("其他认证认可资质", weight="medium", size="2"),
                    data_table(["序号", "证书类型", "证书编号", "有效期"], F.other_certs,
                               lambda c: rx.table.row(_cell(c.index), _cell(c.name), _cell(c.cert_no),
                                                      _cell(c.validity))),
                    width="100%",
                ),
            ),
            rx.vstack(
                rx.text("运维服务能力", weight="medium", size="2"),
                data_table(
                    ["序号", "运维服务能力", "证书编号(有/无)", "证书编号", "证书有效期", "发证单位", "认证机构批准书批准号",
                     "证书附件"],
                    F.om_capabilities,
                    lambda c: rx.table.row(_cell(c.index), _cell(c.name), _cell(c.has_cert), _cell(c.cert_no),
                                           _cell(c.validity), _cell(c.issuer), _cell(c.approval_no),
                                           _download_cell(c.attachment_id, c.attachment_name, F.download)),
                ),
                width="100%",
            ),
        ),
        width="100%",
        spacing="3",
    )


def _equipment_tab() -> rx.Component:
    return rx.vstack(
        rx.form(
            filter_bar(
                field("设备名称", text_input("name", placeholder="设备名称", id="equipment-name", max_length=50),
                      width="180px"),
                field("设备状况", select("condition", list(EQUIPMENT_CONDITIONS), placeholder="全部",
                                         id="equipment-condition"), width="auto"),
                rx.button("查询", type="submit", id="equipment-search"),
            ),
            on_submit=F.search_equipment,
        ),
        data_table(
            ["序号", "设备类型", "设备名称", "型号/规格", "编号类型", "设备编号", "设备产权", "生产厂家", "计量管理状态",
             "设备状况"],
            F.equipment_rows,
            lambda e: rx.table.row(_cell(e.seq), _cell(e.equipment_type), _cell(e.name), _cell(e.model),
                                   _cell(e.number_type), _cell(e.number), _cell(e.ownership), _cell(e.manufacturer),
                                   _cell(e.metrology_status), _cell(e.condition), class_name="equipment-row"),
            table_id="equipment-table",
        ),
        pager(F.equipment_total, F.equipment_page, F.equipment_page_count, F.equipment_page_numbers,
              F.go_equipment_page, page_size=LIST_PAGE_SIZE),
        width="100%",
        spacing="2",
    )


def _management_tab() -> rx.Component:
    return rx.vstack(
        info_grid(F.management, F.download),
        rx.cond(
            F.mgmt_certs.length() > 0,
            data_table(["序号", "证书类别", "证书编号", "证书附件"], F.mgmt_certs,
                       lambda c: rx.table.row(_cell(c.index), _cell(c.name), _cell(c.cert_no),
                                              _download_cell(c.attachment_id, c.attachment_name, F.download))),
        ),
        rx.separator(),
        info_grid(F.commitment, F.download),
        width="100%",
        spacing="3",
    )


def _basic_tab() -> rx.Component:
    return rx.vstack(
        info_grid(F.basic, F.download, "basic-info"),
        rx.text("分场所", weight="medium", size="2", margin_top="8px"),
        data_table(
            ["序号", "省份", "城市", "详细地址", "面积(m²)", "证明材料"],
            F.sites,
            lambda s: rx.table.row(_cell(s.index), _cell(s.province), _cell(s.city),
                                   rx.table.cell(s.address, min_width="160px"), _cell(s.area),
                                   _download_cell(s.attachment_id, s.attachment_name, F.download)),
            empty_text="无分场所",
        ),
        width="100%",
        spacing="2",
    )


def _person_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("技术人员：", F.person_title),
            info_grid(F.person_items, F.download, "person-detail"),
            rx.cond(
                F.person_trainings.length() > 0,
                rx.vstack(
                    rx.text("外部培训", weight="medium", size="2", margin_top="8px"),
                    data_table(["序号", "培训层级", "培训机构", "培训内容", "培训证书编号"], F.person_trainings,
                               lambda t: rx.table.row(_cell(t.index), _cell(t.level), _cell(t.organization),
                                                      rx.table.cell(t.content), _cell(t.cert_no))),
                    width="100%",
                ),
            ),
            rx.hstack(rx.dialog.close(rx.button("关闭", variant="soft")), justify="end", margin_top="12px"),
            max_width="min(760px, 96vw)",
        ),
        open=F.person_open,
        on_open_change=F.set_person_open,
    )


def filing_review_page() -> rx.Component:
    return _item_page(
        F,
        rx.vstack(
            _header(),
            _change_card(),
            content_card(
                rx.tabs.root(
                    rx.tabs.list(
                        rx.tabs.trigger("基本信息", value="basic"),
                        rx.tabs.trigger("技术人员", value="people"),
                        rx.tabs.trigger("技术能力", value="capability"),
                        rx.tabs.trigger("设施设备", value="equipment"),
                        rx.tabs.trigger("管理能力", value="management"),
                        overflow_x="auto",
                    ),
                    rx.tabs.content(_basic_tab(), value="basic", padding_top="12px"),
                    rx.tabs.content(_people_tab(), value="people", padding_top="12px"),
                    rx.tabs.content(_capability_tab(), value="capability", padding_top="12px"),
                    rx.tabs.content(_equipment_tab(), value="equipment", padding_top="12px"),
                    rx.tabs.content(_management_tab(), value="management", padding_top="12px"),
                    default_value="basic",
                    width="100%",
                ),
            ),
            _record_card(),
            _person_dialog(),
            _return_dialog(F, F.return_item, "退回备案",
                           "请写明需要机构修改或补充的内容，例如：资质认定证书附表与证书编号不一致，请重新上传"),
            spacing="4",
            width="100%",
        ),
        "备案审查",
    )


# ---------------------------------------------------------------- a duplicate-person report


def _line(label: str, value) -> rx.Component:  # noqa: ANN001
    return rx.hstack(rx.text(label + "：", size="2", color=MUTED, min_width="140px"), rx.text(value, size="2"),
                     spacing="1", class_name="info-item")


def report_review_page() -> rx.Component:
    return _item_page(
        R,
        content_card(
            rx.flex(
                rx.hstack(rx.heading("重复人员信息报备", size="5"), status_badge(R.status, R.status_label),
                          align="center", spacing="2"),
                rx.spacer(),
                _decision_actions(R, "通过后，该人员在原单位的备案状态将改为“离职”（离职时间为报备的原单位离职时间），"
                                     "原单位和报备机构都会收到通知，报备机构即可添加该人员。", R.accept),
                wrap="wrap",
                gap="12px",
                width="100%",
            ),
            rx.box(_decision_box(R), margin_y="10px"),
            section_title("报备内容"),
            rx.grid(
                _line("报备机构", R.view_institution),
                _line("统一社会信用代码", R.credit_code),
                _line("备案类别", R.filing_type_label),
                _line("申请时间", R.submitted_at),
                _line("人员姓名", R.name),
                _line("性别", R.gender),
                _line("证件类型", R.id_type),
                _line("人员身份证号", R.id_masked),
                _line("原单位", R.holder_name),
                _line("原单位离职时间", R.leave_date),
                _line("当前在职备案情况", R.holder_status),
                rx.hstack(
                    rx.text("离职证明附件：", size="2", color=MUTED, min_width="140px"),
                    rx.cond(R.statement_name != "",
                            rx.link(R.statement_name, on_click=R.download_statement, cursor="pointer",
                                    size="2", class_name="attachment-link", id="statement-download"),
                            rx.text("未上传", size="2")),
                    spacing="1",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
                id="report-detail",
            ),
            rx.cond(R.is_pending, rx.text("已等待 ", R.waiting_days, " 天", size="1", color=MUTED, margin_top="8px")),
            _return_dialog(R, R.reject, "退回重复人员信息报备", "请写明退回原因，例如：离职说明未经本人签字"),
        ),
        "重复人员信息报备",
    )
