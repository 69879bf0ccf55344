from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.component import LanguageDetector


def test_every_message_gets_its_language_in_the_parse_output():
    detector = LanguageDetector()
    spanish, order_number = Message(data={TEXT: "¿Dónde está mi pedido A1003?"}), Message(data={TEXT: "A1003"})
    detector.process([spanish, order_number])
    assert spanish.get("language")["code"] == "es"
    assert spanish.get("language")["confidence"] > 0.5
    assert order_number.get("language")["code"] == "und"
    assert "language" in spanish.as_dict_nlu() or "language" in spanish.output_properties


def test_messages_without_text_are_left_alone():
    action_only = Message(data={"action_name": "utter_greet"})
    LanguageDetector().process([action_only])
    assert action_only.get("language") is None


def test_training_data_passes_through():
    data = TrainingData([Message(data={TEXT: "hola", "intent": "greet"})])
    assert LanguageDetector().process_training_data(data) is data
