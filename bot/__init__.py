"""Our Rasa extensions: NLU components, channels, language and response rendering."""
from bot import jsonschema_cache

# Rasa re-checks JSON schemas on every API call and action response (bot/jsonschema_cache.py).
jsonschema_cache.install()
