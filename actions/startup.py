"""Seeds an empty shop database when the action server imports the actions package."""

import logging
import os

from actions.shop.seed import ensure_seeded

logger = logging.getLogger(__name__)

# The action server imports this package once at start: make sure there is shop data
# (SHOP_SEED_ON_START=0 turns this off, e.g. in unit tests that seed their own database).
if os.environ.get("SHOP_SEED_ON_START", "1") != "0":
    try:
        logger.info("shop database: %s", ensure_seeded())
    except Exception:  # a database problem must not stop the action server from starting
        logger.exception("could not prepare the shop database")
