"""bot.language.gloss: rough English glosses that carry a message's intent words."""
import pytest

from bot.language.gloss import Glossary, gloss, glossary
from bot.language.detect import NATIVE_LANGUAGES


def test_matching_rules():
    it = Glossary.parse("it", "quanto\thow much\ncost*\tcost\nspedizion*\tshipping\n# comment\n"
                              "rimborso\trefund\nrimbors*\treimburse\n")
    assert it.gloss("Quanto costa la spedizione in Germania?") == "how much cost shipping"
    assert it.gloss("rimborso rimborsato") == "refund reimburse"  # the exact word beats the stem
    assert it.gloss("buongiorno") == ""
    zh = Glossary.parse("zh", "订单\torder\n什么时候\twhen\n到\tarrive\n退款\trefund\n")
    assert zh.gloss("我的订单A1003什么时候到？") == "order when arrive"
    assert zh.gloss("paypal退款") == "paypal refund"  # English words in a Chinese message stay
    ar = Glossary.parse("ar", "طلب*\torder\nمتى\twhen\n")
    assert ar.gloss("متى يصل الطلب") == "when order"  # the article is taken off


def test_traditional_chinese_is_read_with_the_simplified_glossary():
    zh = glossary("zh")
    assert zh.gloss("訂單什麼時候到") == zh.gloss("订单什么时候到") == "order when arrive"
    assert "free shipping" in zh.gloss("有免運嗎")


def test_korean_typed_without_spaces_is_read_word_by_word():
    ko = Glossary.parse("ko", "주문*\torder\n확인*\tconfirm\n메일*\temail\n됐어요\tnever mind\n")
    assert ko.gloss("주문확인메일이안왔어요") == ko.gloss("주문 확인 메일이 안 왔어요") == "order confirm email"
    assert ko.gloss("주문이안됐어요") == "order"  # a whole word ("never mind") is not read inside one
    assert ko.gloss("됐어요") == "never mind"


def test_letters_typed_without_their_mark_match():
    pl = Glossary.parse("pl", "nosił*\twore\n")
    assert pl.gloss("już je nosiłam") == pl.gloss("juz je nosilam") == "wore"
    tr = Glossary.parse("tr", "kullandım\tused\n")
    assert tr.gloss("KULLANDIM zaten") == tr.gloss("kullandim zaten") == "used"


@pytest.mark.parametrize("language, text, words", [
    ("es", "¿Cuánto cuesta el envío a México?", {"shipping"}),
    ("fr", "je veux annuler ma commande", {"cancel", "order"}),
    ("it", "dov'è il mio pacco?", {"where"}),
    ("de", "Wo ist meine Bestellung?", {"where", "order"}),
    ("pt", "quero devolver o produto e receber o reembolso", {"refund"}),
    ("nl", "ik wil mijn bestelling annuleren", {"order", "cancel"}),
    ("pl", "chcę anulować zamówienie", {"cancel", "order"}),
    ("ru", "где мой заказ?", {"where", "order"}),
    ("tr", "siparişimi iptal etmek istiyorum", {"order", "cancel"}),
    ("zh", "我想取消订单", {"cancel", "order"}),
    ("ja", "注文をキャンセルしたいです", {"order", "cancel"}),
    ("ko", "주문을 취소하고 싶어요", {"order", "cancel"}),
    ("ar", "أريد إلغاء طلبي", {"cancel", "order"}),
])
def test_each_glossary_carries_the_intent_words(language, text, words):
    assert glossary(language) is not None, f"bot/language/glossary/{language}.tsv is missing"
    glossed = set(gloss(text, language).split())
    assert words <= glossed, (language, gloss(text, language))


@pytest.mark.parametrize("language, text, words, not_words", [
    # shop words buyers use that a dictionary of basics misses
    ("ko", "택배 보관함으로 받을 수 있나요", {"parcel", "locker"}, set()),
    ("ko", "주문 철회할게요", {"order", "cancel"}, set()),
    ("de", "kann ich meinen Geschenkgutschein einlösen", {"gift", "card"}, set()),
    ("pt", "dá para retirar num ponto de coleta?", {"pick", "point"}, set()),
    ("pl", "proszę unieważnić moje zamówienie", {"cancel", "order"}, set()),
    ("ru", "аннулируйте мой заказ", {"cancel", "order"}, set()),
    # a short word or stem read inside a longer one, or in its wrong sense
    ("ja", "送料はいくらですか", {"shipping", "how", "much"}, {"yes"}),  # は+いくら, not はい
    ("zh", "是真人还是机器人", {"person", "or"}, {"still"}),
    ("fr", "je veux parler à une vraie personne", {"person"}, {"nobody"}),
    ("ar", "شكرا لكم", {"thanks"}, {"how", "much"}),  # ل+كم, not كم
    ("it", "sono davvero scontento del servizio", {"unhappy"}, {"discount"}),
    ("es", "se rompieron las costuras del bolso", {"broken", "seam"}, {"cost"}),
    ("nl", "tot de volgende keer", set(), {"track"}),
    ("tr", "gümrük muafiyet sınırı ne kadar", {"customs", "limit"}, {"angry"}),
])
def test_glossaries_know_shop_words_and_their_sense_here(language, text, words, not_words):
    glossed = set(gloss(text, language).split())
    assert words <= glossed and not (not_words & glossed), (language, gloss(text, language))


def test_every_language_but_english_has_a_glossary():
    assert {code for code in NATIVE_LANGUAGES if code != "en" and glossary(code) is None} == set()
    assert gloss("anything", "en") == "" and gloss("anything", None) == "" and gloss("x", "../etc") == ""
