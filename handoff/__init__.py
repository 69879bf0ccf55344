"""Handoff service: the agents' side of the product (aiohttp + Redis)."""
