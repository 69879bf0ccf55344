"""Which language a buyer writes in, and which one the conversation is held in."""
