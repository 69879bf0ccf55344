"""Keys our NLU components add to a message's parse output, for the action server to read
(kept here, free of Rasa imports, so the action server can import them cheaply)."""

# True when most of the message's letter n-grams are unknown to the intent classifier
# (keyboard mashing): bot.intent_classifier sets it, actions/language.py reads it.
UNFAMILIAR_TEXT = "unfamiliar_text"
