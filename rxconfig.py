"""Reflex configuration. Every value can be overridden by REFLEX_<FIELD> environment variables
(REFLEX_DB_URL, REFLEX_REDIS_URL, ...); see README.md."""

import reflex as rx

from filing_app.settings import get_settings

settings = get_settings()

config = rx.Config(
    app_name="filing_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="small", scaling="95%"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
