"""The first time a reviewer opened a submission (审查中).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 01:13:22.707941
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('filing_submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('opened_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_filing_submission_opened_by_account'), 'account', ['opened_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('filing_submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_filing_submission_opened_by_account'), type_='foreignkey')
        batch_op.drop_column('opened_by')
        batch_op.drop_column('opened_at')
