"""The administrator's area: accounts (other areas add their pages here)."""

from web.admin import security_views  # noqa: E402,F401  (audit trail, disable account)
from web.admin.views import bp

__all__ = ["bp"]
