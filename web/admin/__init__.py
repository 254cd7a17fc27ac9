"""The administrator's area: accounts (other areas add their pages here)."""

from web.admin.views import bp

__all__ = ["bp"]
