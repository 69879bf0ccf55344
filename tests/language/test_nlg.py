"""Responses are rendered in the conversation's language with locale-formatted values."""
import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.localize import localize_values
from bot.nlg import LocalizedResponseGenerator
from bot.translation import NoTranslator, TranslationResult, Translator

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  language: {type: text, mappings: [{type: custom}]}
  chinese_script: {type: text, mappings: [{type: custom}]}
responses:
  utter_refund:
    - text: "The refund of {amount} was issued on {refunded_on}."
  utter_case:
    - text: "Case {case_id} ({case_type}) is {case_status}."
""")


def tracker(language=None, **slots) -> DialogueStateTracker:
    t = DialogueStateTracker.from_events("buyer", [], slots=DOMAIN.slots)
    for name, value in {"language": language, **slots}.items():
        if value:
            t.update(SlotSet(name, value))
    return t


def render(generator, name, language=None, slots=None, **kwargs) -> str:
    return asyncio.run(generator.generate(name, tracker(language, **(slots or {})), "rest", **kwargs))["text"]


def test_english_by_default_with_english_formats():
    generator = LocalizedResponseGenerator(domain=DOMAIN, translator=NoTranslator())
    text = render(generator, "utter_refund", amount="59.90", currency="EUR", refunded_on="2026-11-20")
    assert text == "The refund of €59.90 was issued on November 20, 2026."


def test_native_language_uses_its_locale_file_and_formats(tmp_path):
    (tmp_path / "es.yml").write_text(
        'responses:\n  utter_refund:\n    - text: "El reembolso de {amount} se emitió el {refunded_on}."\n',
        encoding="utf-8")
    generator = LocalizedResponseGenerator(domain=DOMAIN, translator=NoTranslator(), locales_dir=tmp_path)
    text = render(generator, "utter_refund", "es", amount="59.90", currency="EUR", refunded_on="2026-11-20")
    assert text == "El reembolso de 59,90\xa0€ se emitió el 20 de noviembre de 2026."


def test_chinese_replies_are_written_in_the_buyers_script(tmp_path):
    (tmp_path / "zh.yml").write_text(
        'responses:\n  utter_case:\n    - text: "您的售后单{case_id}（{case_type}）处理状态：{case_status}。"\n'
        'labels:\n  case_status:\n    open: 处理中\n', encoding="utf-8")
    generator = LocalizedResponseGenerator(domain=DOMAIN, translator=NoTranslator(), locales_dir=tmp_path)
    values = dict(case_id="C-7K2M9Q", case_type="damaged", case_status="open")
    assert render(generator, "utter_case", "zh", **values).startswith("您的售后单C-7K2M9Q")
    assert render(generator, "utter_case", "zh", {"chinese_script": "simplified"}, **values) \
        .endswith("处理状态：处理中。")
    assert render(generator, "utter_case", "zh", {"chinese_script": "traditional"}, **values) \
        == "您的售後單C-7K2M9Q（damaged）處理狀態：處理中。"


def test_codes_are_named_in_the_buyers_language():
    values = localize_values({"case_type": "damaged", "case_status": "open", "country": "ES"}, "de",
                             {"case_type": {"damaged": "beschädigter Artikel"}, "case_status": {"open": "offen"}})
    assert values["case_type"] == "beschädigter Artikel"
    assert values["case_status"] == "offen"
    assert values["country"] == values["country_name"] == "Spanien"


def test_a_country_sent_by_name_is_named_in_the_buyers_language():
    # The German NLU turns "Österreich" into the synonym "Austria"; the buyer reads German.
    assert localize_values({"country_name": "Austria"}, "de")["country_name"] == "Österreich"
    assert localize_values({"country_name": "Österreich", "country": None}, "ja")["country_name"] \
        == "オーストリア"
    assert localize_values({"country_name": "Atlantis"}, "de")["country_name"] == "Atlantis"
    # A code still wins over the name sent with it.
    assert localize_values({"country_name": "Spain", "country": "ES"}, "fr")["country_name"] == "Espagne"


def test_catalogue_values_are_named_in_the_buyers_language():
    labels = {"product": {"Trail-running sneakers": "Zapatillas de trail running"},
              "colour": {"black": "negro", "blue": "azul"},
              "material": {"rubber outsole": "suela de caucho"}}
    values = localize_values({
        "product": "trail-running sneakers",  # the NLU's synonym, lower case
        "order_product": "Trail-running sneakers", "colour": "black", "colours": "black, blue",
        "materials": "recycled mesh upper, rubber outsole",
        "items": "Trail-running sneakers, Leather handbag",
    }, "es", labels)
    assert values["product"] == values["order_product"] == "Zapatillas de trail running"
    assert values["colour"] == "negro"
    assert values["colours"] == "negro, azul"
    # What the locale does not name is shown as the shop wrote it.
    assert values["materials"] == "recycled mesh upper, suela de caucho"
    assert values["items"] == "Zapatillas de trail running, Leather handbag"
    zh = localize_values({"colours": "black, white"}, "zh", {"colour": {"black": "黑色", "white": "白色"}})
    assert zh["colours"] == "黑色、白色"


class RecordingTranslator(Translator):
    def __init__(self):
        self.calls = []

    async def translate(self, text, source, target):
        self.calls.append((text, source, target))
        return TranslationResult(text=f"<{target}> {text}", source=source, target=target, provider="test")


def test_other_language_gets_the_english_text_translated():
    translator = RecordingTranslator()
    generator = LocalizedResponseGenerator(domain=DOMAIN, translator=translator)
    text = render(generator, "utter_case", "sv", case_id="C-ABC123", case_type="return", case_status="open")
    assert text == "<sv> Case C-ABC123 (return) is open."
    assert translator.calls[0][1:] == ("en", "sv")


def test_other_language_without_provider_stays_english():
    generator = LocalizedResponseGenerator(domain=DOMAIN, translator=NoTranslator())
    text = render(generator, "utter_case", "sv", case_id="C-ABC123", case_type="return", case_status="open")
    assert text == "Case C-ABC123 (return) is open."
