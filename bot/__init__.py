"""Our Rasa extensions: NLU components, channels, language and response rendering."""
from bot import rasa_speedups

# Two Rasa hot spots computed once instead of per call (bot/rasa_speedups.py).
rasa_speedups.install()
