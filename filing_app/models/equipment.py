"""设施设备 of a filing."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, utcnow


class Equipment(SQLModel, table=True):
    __tablename__ = "equipment"
    __table_args__ = (
        sa.Index("ix_equipment_filing_name", "filing_id", "name"),
        sa.Index("ix_equipment_filing_condition", "filing_id", "condition"),
    )

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", ondelete="CASCADE", index=False)
    equipment_type: str = Field(max_length=32)  # 设备类型
    name: str = Field(max_length=100)  # 设备名称
    model: str = Field(default="", max_length=100)  # 型号/规格
    number_type: str = Field(default="", max_length=16)  # 编号类型
    number: str = Field(default="", max_length=64)  # 设备编号
    ownership: str = Field(default="", max_length=16)  # 设备产权
    manufacturer: str = Field(default="", max_length=200)  # 生产厂家
    metrology_status: str = Field(default="", max_length=16)  # 计量管理状态
    condition: str = Field(default="", max_length=16)  # 设备状况
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
