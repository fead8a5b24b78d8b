"""备案提交: the check of every tab, the written commitment (书面承诺) and 确认提交."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import hint, section_title
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.upload import upload_box
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
                   hint="上传签字盖章后的承诺书扫描件，支持PDF、JPG、PNG格式，不超过20MB"),
        spacing="2",
        width="100%",
        align="start",
    )


def _body() -> rx.Component:
    return rx.vstack(
        message_line(S),
        section_title("提交前检查", rx.spacer(),
                      rx.button("重新检查", size="1", variant="soft", type="button", on_click=S.recheck,
                                id="recheck")),
        hint("备案提交前，系统按顺序检查每个页签的填报内容；请按清单逐项补充后再提交。"),
        rx.vstack(rx.foreach(S.groups, _group), spacing="0", width="100%", id="submit-check"),
        _commitment(),
        rx.cond(
            S.read_only | S.change_in_progress,
            rx.cond(S.change_in_progress,
                    rx.text("当前为备案变更：修改完成后请通过首页“备案变更”提交。", size="2", color=MUTED,
                            id="change-note")),
            rx.flex(
                confirm_dialog(
                    rx.button("确认提交", size="3", disabled=~S.ready, id="confirm-submit", type="button"),
                    "确认提交备案",
                    "提交后将由注册地省级生态环境部门审查，审查结束前不能修改备案信息。确认提交吗？",
                    S.confirm_submit,
                    confirm_label="确认提交",
                ),
                rx.cond(~S.ready, rx.text("请先完成上方所有待完善项目", size="2", color=MUTED)),
                gap="12px",
                align="center",
                wrap="wrap",
                padding_top="12px",
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
