"""Shop data behind the conversation: the backend interface, its SQL default, seed data and rules."""

from __future__ import annotations

import importlib
import os
from typing import Optional

from actions.shop.backend import ShopBackend

_backend: Optional[ShopBackend] = None


def get_backend() -> ShopBackend:
    """The process-wide backend: `SHOP_BACKEND=module:Class`, else the SQL default."""
    global _backend
    if _backend is None:
        spec = os.environ.get("SHOP_BACKEND", "").strip()
        if spec:
            module_name, _, class_name = spec.partition(":")
            _backend = getattr(importlib.import_module(module_name), class_name)()
        else:
            from actions.shop.sql_backend import SqlShopBackend

            _backend = SqlShopBackend()
    return _backend


def set_backend(backend: Optional[ShopBackend]) -> None:
    """Replace (or, with None, forget) the process-wide backend; tests use this."""
    global _backend
    _backend = backend
