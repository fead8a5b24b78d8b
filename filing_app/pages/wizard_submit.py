"""备案提交: the check of every tab, the written commitment (书面承诺) and 确认提交; for the
working copy of a published filing (备案变更) the button is 提交变更."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import hint, section_title
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.upload import formats_hint, upload_box
from filing_app.components.widgets import confirm_dialog
from filing_app.components.wizard import wizard_frame
from filing_app.pages.common import frame
from filing_app.pages.wizard_parts import breadcrumb, loading, message_line, status_line
from filing_app.state.wizard_submit import SubmitPageState as S


def _group(g) -> rx.Component:  # noqa: ANN001
    return rx.box(
        rx.hstack(
            rx.cond(g.ok, rx.icon("circle_check", color="green", size=18), rx.icon("circle_x", color=DANGER, size=18)),
            rx.text(g.label, weight="bold", size="2"),
            rx.cond(g.ok, rx.text("已完成", size="2", color="green"),
                    rx.text("待完善", size="2", color=DANGER)),
            rx.spacer(),
            rx.cond((g.href != "") & ~g.ok & ~S.read_only,
                    rx.link("去填写 >", href=g.href, size="2", class_name="group-link")),
            align="center",
            width="100%",
        ),
        rx.cond(
            ~g.ok,
            rx.vstack(rx.foreach(g.problems, lambda p: rx.text("· ", p, size="2", color=DANGER)),
                      spacing="1", padding_left="26px", padding_top="4px"),
        ),
        padding_y="8px",
        border_bottom="1px dashed #e5e7eb",
        width="100%",
        class_name="check-group",
        data_tab=g.tab,
        data_ok=rx.cond(g.ok, "1", "0"),
    )


def _commitment() -> rx.Component:
    return rx.vstack(
        section_title("书面承诺"),
        rx.text("依据《生态环境监测条例》第二十八条，机构应对备案信息的真实性、完整性、准确性作出书面承诺。请下载系统生成的"
                "承诺书（已填入机构名称和统一社会信用代码），由法定代表人签字并加盖公章后，扫描上传。", size="2"),
        rx.text("机构名称：", S.institution, "　统一社会信用代码：", S.credit_code, size="2", color=MUTED),
        rx.button(rx.icon("download", size=14), "下载承诺书", variant="outline", type="button",
                  on_click=S.download_letter, id="download-letter"),
        upload_box("commitment", S.commitment_name, S.commitment_size, on_upload=S.upload_commitment,
                   on_download=S.download(S.commitment_id), disabled=S.read_only,
                   hint=formats_hint("上传签字盖章后的承诺书扫描件，")),
        spacing="2",
        width="100%",
        align="start",
    )


def _submit_button(label: str, button_id: str, title: str, text: str, on_confirm) -> rx.Component:  # noqa: ANN001
    return rx.flex(
        confirm_dialog(
            rx.button(label, size="3", disabled=~S.ready, id=button_id, type="button"),
            title,
            text,
            on_confirm,
            confirm_label=label,
        ),
        rx.cond(~S.ready, rx.text("请先完成上方所有待完善项目", size="2", color=MUTED)),
        gap="12px",
        align="center",
        wrap="wrap",
        padding_top="12px",
    )


def _change_notes() -> rx.Component:
    """The result of 提交变更, and the status while a key change waits for review."""
    return rx.fragment(
        rx.cond(
            S.change_result != "",
            rx.callout(S.change_result, icon="circle_check", color_scheme="green", size="1", width="100%",
                       id="change-result"),
        ),
        rx.cond(
            S.filing_status == "change_pending",
            rx.callout("变更审查中：备案变更已提交省级生态环境部门审查，审查结束前不能修改备案信息；"
                       "审查通过前，备案信息公开中的机构名称、机构类别、法定代表人、监测类别/运维类别保持原值。",
                       icon="hourglass", color_scheme="orange", size="1", width="100%", id="change-pending"),
        ),
    )


def _body() -> rx.Component:
    return rx.vstack(
        message_line(S),
        _change_notes(),
        section_title("提交前检查", rx.spacer(),
                      rx.button("重新检查", size="1", variant="soft", type="button", on_click=S.recheck,
                                id="recheck")),
        hint("备案提交前，系统按顺序检查每个页签的填报内容；请按清单逐项补充后再提交。"),
        rx.vstack(rx.foreach(S.groups, _group), spacing="0", width="100%", id="submit-check"),
        _commitment(),
        rx.cond(
            S.read_only,
            rx.fragment(),
            rx.cond(
                S.change_in_progress,
                rx.vstack(
                    hint("备案变更：机构名称、机构类别、法定代表人、监测类别/运维类别的修改需经省级生态环境部门审查，"
                         "审查通过前公开信息保持原值；其他修改提交后立即生效并公开。"),
                    _submit_button("提交变更", "submit-change", "确认提交变更",
                                   "系统将把修改后的备案信息与已公开的内容逐项对比：关键信息的修改提交审查，"
                                   "其他修改立即生效并公开。确认提交变更吗？", S.submit_change),
                    spacing="1",
                    width="100%",
                ),
                _submit_button("确认提交", "confirm-submit", "确认提交备案",
                               "提交后将由注册地省级生态环境部门审查，审查结束前不能修改备案信息。确认提交吗？",
                               S.confirm_submit),
            ),
        ),
        spacing="3",
        width="100%",
    )


def wizard_submit_page() -> rx.Component:
    return rx.box(frame(
        breadcrumb(S),
        rx.cond(S.loaded_tab == "submit", wizard_frame(S.wizard_type, "submit", _body(), read_only=S.read_only,
                                                      status_line=status_line(S)), loading()),
    ), on_unmount=S.leave, width="100%")
