import pytest

from bot.language.detect import NATIVE_LANGUAGES, detect
from bot.language.wordmodel import LANGUAGES, WordModel


@pytest.mark.parametrize("text,code", [
    ("Wo ist meine Bestellung? Ich warte seit zwei Wochen.", "de"),
    ("¿Dónde está mi pedido? Lo compré hace dos semanas.", "es"),
    ("Où est ma commande ? Je l'attends depuis deux semaines.", "fr"),
    ("Onde está o meu pedido? Comprei há duas semanas.", "pt"),
    ("Dov'è il mio ordine? L'ho comprato due settimane fa.", "it"),
    ("Gdzie jest moje zamówienie? Czekam już dwa tygodnie.", "pl"),
    ("Waar is mijn bestelling? Ik wacht al twee weken.", "nl"),
    ("Siparişim nerede? İki haftadır bekliyorum.", "tr"),
    ("Where is my order? I have been waiting for two weeks.", "en"),
    ("Где мой заказ? Я жду уже две недели.", "ru"),
    ("أين طلبي؟ أنتظر منذ أسبوعين.", "ar"),
    ("我的订单A1003还没发货", "zh"),
    ("我的訂單還沒有出貨", "zh"),  # Traditional characters are Chinese too
    ("注文A1003はまだ届いていません", "ja"),
    ("주문한 물건이 아직 안 왔어요", "ko"),
])
def test_native_languages_are_recognised(text, code):
    detection = detect(text)
    assert (detection.code, detection.native) == (code, True)
    assert detection.confidence >= 0.5


def test_any_kana_makes_it_japanese_even_with_mostly_kanji():
    assert detect("配送状況を確認したい").code == "ja"


def test_a_latin_brand_name_does_not_outweigh_chinese():
    assert detect("请问iPhone Pro Max有货吗").code == "zh"


@pytest.mark.parametrize("text", ["ok", "si", "da", "A1003", "RR123456789CN", "jonas.weber@example.com",
                                  "👍", "🙏🙏🙏", "12345", "24.5 €", "https://shop.example.com/a/1", ""])
def test_text_without_language_evidence_is_undetermined(text):
    detection = detect(text)
    assert detection.undetermined and not detection.native and not detection.other
    assert detection.confidence == 0.0


@pytest.mark.parametrize("text,code", [
    # Short sentences where lingua's character n-grams alone pick a neighbour: the function words
    # ("el", "mi", "tu", "il", "le", "the") decide, and the word model knows them.
    ("mi pedido esta incompleto", "es"),
    ("el envio es gratis?", "es"),
    ("No me gusta el café.", "es"),
    ("Ayer hablé con tu madre.", "es"),
    ("Ela é muito bonita.", "pt"),
    ("Hai fame?", "it"),
    ("Le chien dort.", "fr"),
    ("The door was open.", "en"),
    ("It's time to go.", "en"),
    ("Let me see.", "en"),
])
def test_short_sentences_in_neighbouring_languages(text, code):
    assert detect(text).code == code


def test_the_word_model_skips_words_no_language_has_seen():
    model = WordModel.build()
    assert set(model.log_likelihoods("Xqzvbrk Wplmtz")).issubset(LANGUAGES)
    assert set(model.log_likelihoods("Xqzvbrk Wplmtz").values()) == {0.0}
    scores = model.log_likelihoods("não sei", ["es", "pt"])
    assert scores["pt"] > scores["es"]


def test_the_word_model_works_from_the_common_words_alone(tmp_path):
    model = WordModel.build(tmp_path)  # no NLU data there
    scores = model.log_likelihoods("ella es muy bonita", ["es", "pt", "it"])
    assert max(scores, key=scores.get) == "es"


def test_confidence_values_are_a_distribution_over_the_candidates():
    detection = detect("Onde está o meu pedido? Comprei há duas semanas.")
    assert detection.code == "pt" and detection.confidence > 0.9
    assert sum(v for _, v in detection.scores) <= 1.0001


def test_spanish_only_punctuation_rules_out_portuguese():
    assert detect("Soy gay, ¿y?").code == "es"


@pytest.mark.parametrize("text,code", [
    ("Hej, var är mitt paket? Jag beställde det för två veckor sedan.", "sv"),
    ("Xin chào, đơn hàng của tôi đang ở đâu vậy?", "vi"),
    ("Halo, di mana pesanan saya? Sudah dua minggu belum sampai.", "id"),
    ("मेरा ऑर्डर कहाँ है? दो हफ्ते हो गए।", "hi"),
    ("Привіт, де моє замовлення? Чекаю вже два тижні.", "uk"),
])
def test_languages_outside_the_14_are_reported_as_other(text, code):
    detection = detect(text)
    assert (detection.code, detection.native, detection.other) == (code, False, True)
    assert detection.confidence >= 0.7


def test_same_text_same_answer():
    texts = ["Tom corre rápido.", "hola", "Fui a Paris.", "thanks a lot", "本当？"]
    first = [detect(t) for t in texts]
    assert [detect(t) for t in reversed(texts)] == list(reversed(first))


def test_output_round_trips():
    detection = detect("Où est ma commande ?")
    assert type(detection).from_output(detection.as_output()).code == "fr"
    assert set(detection.as_output()) >= {"code", "confidence"}
    assert detection.code in NATIVE_LANGUAGES
