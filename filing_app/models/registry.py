"""Search structures of the public registry (§2.4), next to PublishedFiling.

published_name_gram: one row per (published filing, distinct character of its normalised
name), each carrying the normalised name and the registry's filter columns. A name search
picks the query's rarest character, walks that character's rows in 备案公开时间 order and
keeps those whose name contains the whole query, so it is exact for queries of any length
(one Chinese character included) and never touches more rows than that character has.
The key is clustered on SQLite (WITHOUT ROWID) and covering on PostgreSQL (INCLUDE), so
the walk reads one index and nothing else. published_name_gram_count tells which character
is rarest. Both are maintained only by services/registry.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models.filings import PublishedFiling


class PublishedNameGram(SQLModel, table=True):
    __tablename__ = "published_name_gram"
    __table_args__ = (
        sa.PrimaryKeyConstraint(
            "gram",
            "filing_type",
            "published_us",
            "published_id",
            name="pk_published_name_gram",
            postgresql_include=["province_code", "city_code", "name_norm"],
        ),
        {"sqlite_with_rowid": False},
    )

    gram: str = Field(sa_column=sa.Column(sa.String(1), nullable=False))
    filing_type: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    # 备案公开时间 in microseconds since the epoch: the registry's sort order, compactly.
    published_us: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    published_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("published_filing.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    province_code: str = Field(sa_column=sa.Column(sa.String(6), nullable=False))
    city_code: str = Field(sa_column=sa.Column(sa.String(6), nullable=False))
    name_norm: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))


class PublishedNameGramCount(SQLModel, table=True):
    """How many published_name_gram entries each character has per registry: a search walks the
    query's rarest character. Kept in step by services/registry.py; only steers, never decides."""

    __tablename__ = "published_name_gram_count"
    __table_args__ = (sa.PrimaryKeyConstraint("gram", "filing_type", name="pk_published_name_gram_count"),)

    gram: str = Field(sa_column=sa.Column(sa.String(1), nullable=False))
    filing_type: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    entries: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))


# Credit-code search inside one registry (监测/运维): counts and date-sorts a code range from the
# index alone. Declared here, not in filings.py, so the registry's indexes live in one place.
sa.Index("ix_published_type_code", PublishedFiling.filing_type, PublishedFiling.credit_code,
         PublishedFiling.published_at, PublishedFiling.id)
