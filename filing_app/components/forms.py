"""Form fields with a red * for required ones and the error text under the control."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from filing_app.components.theme import DANGER, MUTED


def error_text(message) -> rx.Component:  # noqa: ANN001
    return rx.cond(
        message != "",
        rx.text(message, color=DANGER, size="1", class_name="field-error"),
    )


def field(label: str, control: rx.Component, *, error="", required: bool = False, hint: str = "",  # noqa: ANN001
          width: str = "100%") -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("*", color=DANGER, size="2") if required else rx.fragment(),
            rx.text(label, size="2", weight="medium"),
            spacing="1",
            align="center",
        ),
        control,
        rx.text(hint, size="1", color=MUTED) if hint else rx.fragment(),
        error_text(error),
        spacing="1",
        align="stretch",
        width=width,
    )


def text_input(name: str, *, placeholder: str = "", type: str = "text", default_value=None,  # noqa: ANN001
               max_length: int | None = None, **props) -> rx.Component:
    props.setdefault("width", "100%")
    kwargs = dict(name=name, id=props.pop("id", name), placeholder=placeholder, type=type, **props)
    if default_value is not None:
        kwargs["default_value"] = default_value
    if max_length:
        kwargs["max_length"] = max_length
    return rx.input(**kwargs)


def select(name: str, options: Sequence[str] | rx.Var, *, placeholder: str = "请选择", default_value=None,  # noqa: ANN001
           labels: dict[str, str] | None = None, **props) -> rx.Component:
    """A native <select>: works inside uncontrolled forms and on phones."""
    if isinstance(options, rx.Var):
        items = rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
    else:
        items = [rx.el.option((labels or {}).get(o, o), value=o) for o in options]
    kwargs = dict(name=name, id=props.pop("id", name), class_name="native-select", **props)
    if default_value is not None:
        kwargs["default_value"] = default_value
    return rx.el.select(rx.el.option(placeholder, value=""), items, **kwargs)


def radio(name: str, options: Sequence[str], *, default_value="", labels: dict[str, str] | None = None,  # noqa: ANN001
          on_change=None, **props) -> rx.Component:  # noqa: ANN001
    """Native radio buttons; default_value may be a str or a Var; on_change gets the chosen value."""
    extra = {"on_change": on_change} if on_change is not None else {}
    return rx.hstack(
        *[
            rx.el.label(
                rx.el.input(type="radio", name=name, value=o, default_checked=default_value == o, **extra),
                rx.text((labels or {}).get(o, o), as_="span", size="2"),
                style={"display": "inline-flex", "align_items": "center", "gap": "4px", "cursor": "pointer"},
            )
            for o in options
        ],
        spacing="4",
        wrap="wrap",
        **props,
    )


def checkbox_group(name: str, options: Sequence[str], *, default_values=None, disabled=False,  # noqa: ANN001
                   on_change_option: dict | None = None, **props) -> rx.Component:
    """Native checkboxes sharing one name (a multi-select in an uncontrolled form; the handler
    reads every value with FormData.getlist(name)). default_values: a list or a list Var.
    on_change_option maps an option to an event fired when that box is clicked (e.g. 其他)."""
    def _checked(option: str):  # noqa: ANN202
        if isinstance(default_values, rx.Var):
            return default_values.contains(option)
        return option in (default_values or [])

    return rx.flex(
        *[
            rx.el.label(
                rx.el.input(type="checkbox", name=name, value=o, default_checked=_checked(o), disabled=disabled,
                            **({"on_change": (on_change_option or {})[o]} if o in (on_change_option or {}) else {})),
                rx.text(o, as_="span", size="2"),
                style={"display": "inline-flex", "align_items": "center", "gap": "4px", "cursor": "pointer",
                       "white_space": "nowrap"},
            )
            for o in options
        ],
        gap="8px 16px",
        wrap="wrap",
        **props,
    )


def choice_radio(name: str, options: Sequence[str], *, default_value="", disabled=False,  # noqa: ANN001
                 on_change=None, **props) -> rx.Component:  # noqa: ANN001
    """Native radio buttons that may be disabled and may report the chosen value
    (on_change receives it), e.g. 有/无 questions that show or hide a section."""
    extra = {"on_change": on_change} if on_change is not None else {}
    return rx.hstack(
        *[
            rx.el.label(
                rx.el.input(type="radio", name=name, value=o, default_checked=default_value == o, disabled=disabled,
                            **extra),
                rx.text(o, as_="span", size="2"),
                style={"display": "inline-flex", "align_items": "center", "gap": "4px", "cursor": "pointer"},
            )
            for o in options
        ],
        spacing="4",
        wrap="wrap",
        **props,
    )


def date_input(name: str, *, default_value="", disabled=False, **props) -> rx.Component:  # noqa: ANN001
    """A native date picker (value 2025-12-24) for uncontrolled forms."""
    return rx.input(type="date", name=name, id=props.pop("id", name), default_value=default_value,
                    disabled=disabled, width=props.pop("width", "170px"), **props)


def date_range(start_name: str, end_name: str, *, start_value="", end_value="", disabled=False) -> rx.Component:  # noqa: ANN001
    """开始日期 至 结束日期."""
    return rx.flex(
        date_input(start_name, default_value=start_value, disabled=disabled, aria_label="开始日期"),
        rx.text("至", size="2"),
        date_input(end_name, default_value=end_value, disabled=disabled, aria_label="结束日期"),
        gap="8px",
        align="center",
        wrap="wrap",
    )
