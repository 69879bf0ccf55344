"""Custom actions of the support bot (rasa_sdk): `rasa run actions --actions actions`."""
