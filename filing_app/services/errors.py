"""Errors a service raises; every message is Chinese and fit to show to the user."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal the user can act on. field_errors maps a form field to its message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = dict(field_errors or {})


class ValidationFailed(ServiceError):
    def __init__(self, field_errors: dict[str, str], message: str = "填写内容有误，请按提示修改") -> None:
        super().__init__(message, field_errors)


class PermissionDenied(ServiceError):
    def __init__(self, message: str = "无权进行此操作") -> None:
        super().__init__(message)


class NotLoggedIn(PermissionDenied):
    def __init__(self, message: str = "登录已失效，请重新登录") -> None:
        super().__init__(message)


class NotFound(ServiceError):
    def __init__(self, message: str = "记录不存在或已被删除") -> None:
        super().__init__(message)


class StaleVersion(ServiceError):
    """Someone else saved or decided first (optimistic lock)."""

    def __init__(self, message: str = "数据已被他人修改，请刷新页面后再操作，您填写的内容仍保留在表单中") -> None:
        super().__init__(message)
