"""Colours, fonts and the global style."""

PRIMARY = "#1d5fa6"
PRIMARY_DARK = "#164a82"
BORDER = "#dfe4ea"
MUTED = "#6b7280"
DANGER = "#d93025"
PAGE_BG = "#f3f5f8"

FONT_STACK = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif'
)

GLOBAL_STYLE = {
    "font_family": FONT_STACK,
    "background_color": PAGE_BG,
}
