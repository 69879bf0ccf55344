"""Serves only the channels of credentials.yml, loaded the way `rasa run` loads them, on a port:
used by test_unconfigured.py to see what the messaging channels do with empty settings.

    python -m tests.channels.unconfigured_app PORT
"""
import sys

from rasa.core import run
from rasa.core.channels import channel
from sanic import Sanic


def main() -> None:
    port = int(sys.argv[1])
    app = Sanic("channels_unconfigured")
    channels = run.create_http_input_channels(None, "credentials.yml")
    channel.register(channels, app, route="/webhooks/")

    @app.get("/health")
    async def health(_):
        from sanic import response
        return response.json({"channels": [c.name() for c in channels]})

    app.run(host="127.0.0.1", port=port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
