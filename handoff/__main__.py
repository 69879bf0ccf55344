import logging

from aiohttp import web

from handoff.app import create_app
from handoff.settings import Settings

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)
