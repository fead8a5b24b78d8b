"""The upload box of every attachment the wizard names (证明材料, 资质认定证书, 学历证书, 离职说明,
书面承诺, …): the current file (name and size, a download link, 删除 where the caller allows it)
and a button that picks a new file and uploads it at once (replacing the current one).
State-free: the caller passes Vars and handlers.

    upload_box("cma_cert", S.file_names["cma_cert"], S.file_sizes["cma_cert"],
               on_upload=S.upload_slot, upload_args=("cma_cert",),
               on_download=S.download(S.file_ids["cma_cert"]), disabled=S.read_only)

on_upload is an event handler `async def h(self, files: list[rx.UploadFile], *upload_args)`;
reading the file belongs to state/upload.read_one, checking and storing it to the service
(storage.save_upload, by content). The picker already offers only PDF/JPG/PNG files within the
size limit, and says so when another is dropped. Playwright reaches the file input as
`#<upload_id>-box input[type=file]`.
"""

from __future__ import annotations

import reflex as rx

from filing_app.components.theme import DANGER, MUTED, PRIMARY
from filing_app.services.storage import DOCUMENT_TYPES, EXTENSIONS
from filing_app.settings import get_settings

FORMATS_HINT = "支持PDF、JPG、PNG格式，单个文件不超过{mb}MB"


def formats_hint(prefix: str = "") -> str:
    """The formats and the configured size limit (FILING_MAX_UPLOAD_MB), after prefix."""
    return prefix + FORMATS_HINT.format(mb=get_settings().max_upload_bytes // 1024 // 1024)

# MIME type -> extensions the file dialog offers.
ACCEPT = {kind: [EXTENSIONS[kind]] + ([".jpeg"] if EXTENSIONS[kind] == ".jpg" else []) for kind in DOCUMENT_TYPES}


def upload_box(upload_id: str, file_name, size_text, *, on_upload, upload_args: tuple = (),  # noqa: ANN001
               on_download=None, on_remove=None, disabled=False, hint: str = "",  # noqa: ANN001
               button_text: str = "", error="") -> rx.Component:  # noqa: ANN001
    """upload_id: unique on the page; file_name / size_text: Vars, "" when there is no file yet;
    on_remove: an event for 删除 (not shown when None or disabled); button_text: the picker's
    label when there is no file yet (default 上传文件)."""
    limit = get_settings().max_upload_bytes
    mb = limit // 1024 // 1024
    name = (rx.link(file_name, on_click=on_download, cursor="pointer", size="2", class_name="upload-file-name")
            if on_download is not None else rx.text(file_name, size="2", class_name="upload-file-name"))
    remove = (rx.cond(disabled, rx.fragment(),
                      rx.link("删除", on_click=on_remove, size="2", color=DANGER, cursor="pointer",
                              class_name="upload-remove"))
              if on_remove is not None else rx.fragment())
    current = rx.cond(
        file_name != "",
        rx.hstack(
            rx.icon("file_text", size=16, color=PRIMARY),
            name,
            rx.text("（", size_text, "）", size="1", color=MUTED),
            remove,
            spacing="1",
            align="center",
            wrap="wrap",
        ),
        rx.text("未上传", size="2", color=MUTED, class_name="upload-empty"),
    )
    picker = rx.upload.root(
        rx.button(
            rx.icon("upload", size=14),
            rx.cond(file_name != "", "重新上传", button_text or "上传文件"),
            type="button",
            variant="outline",
            size="1",
            disabled=disabled,
        ),
        id=upload_id,
        accept=ACCEPT,
        multiple=False,
        max_files=1,
        max_size=limit,
        no_drag=True,
        disabled=disabled,
        on_drop=on_upload(rx.upload_files(upload_id=upload_id), *upload_args),
        on_drop_rejected=lambda _rejected: rx.toast.error(f"只能上传一个PDF、JPG或PNG文件，且不超过{mb}MB"),
    )
    return rx.vstack(
        rx.flex(current, rx.cond(disabled, rx.fragment(), picker), gap="12px", align="center", wrap="wrap"),
        rx.text(hint or FORMATS_HINT.format(mb=mb), size="1", color=MUTED),
        rx.cond(error != "", rx.text(error, size="1", color=DANGER, class_name="field-error")),
        spacing="1",
        align="start",
        id=f"{upload_id}-box",
        class_name="upload-box",
    )
