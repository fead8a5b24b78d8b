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


def checkbox_group(name: str, options: Sequence[str], *, default_values=None, **props) -> rx.Component:  # noqa: ANN001
    """Native check boxes sharing one name (a multi-select that an uncontrolled form submits as
    several values: read them with FormData.getlist). default_values: a list or a list Var."""
    def checked(option: str):  # noqa: ANN202
        if default_values is None:
            return False
        if isinstance(default_values, rx.Var):
            return default_values.contains(option)
        return option in default_values

    return rx.flex(
        *[
            rx.el.label(
                rx.el.input(type="checkbox", name=name, value=o, default_checked=checked(o)),
                rx.text(o, as_="span", size="2"),
                style={"display": "inline-flex", "align_items": "center", "gap": "4px", "cursor": "pointer"},
            )
            for o in options
        ],
        gap="6px 14px",
        wrap="wrap",
        **props,
    )
