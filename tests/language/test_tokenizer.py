import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.tokenizer import MultilingualTokenizer, token_spans


def words(text):
    return [text[s:e] for s, e in token_spans(text)]


@pytest.fixture(scope="module")
def tokenizer():
    return MultilingualTokenizer(MultilingualTokenizer.get_default_config())


def tokens_of(tokenizer, text):
    return tokenizer.tokenize(Message(data={TEXT: text}), TEXT)


@pytest.mark.parametrize("text,expected", [
    ("我的订单A1003还没发货", ["我", "的", "订单", "A1003", "还", "没", "发货"]),
    ("注文A1003はどこですか？", ["注文", "A1003", "は", "どこ", "です", "か"]),
    ("주문 A1003 어디 있어요?", ["주문", "A1003", "어디", "있어요"]),
    ("أين طلبي A1003؟", ["أين", "طلبي", "A1003"]),
    ("Где мой заказ A1003?", ["Где", "мой", "заказ", "A1003"]),
    ("¿Dónde está mi pedido? Ça va, große Straße", ["Dónde", "está", "mi", "pedido", "Ça", "va", "große", "Straße"]),
    ("I paid 24.5 € for A1003, don't ship!", ["I", "paid", "24.5", "for", "A1003", "don't", "ship"]),
    ("mail jonas.weber@example.com, see https://shop.example.com/a?b=1 ok",
     ["mail", "jonas.weber@example.com", "see", "https://shop.example.com/a?b=1", "ok"]),
    ("我的邮箱是jonas@example.com谢谢", ["我", "的", "邮箱", "是", "jonas@example.com", "谢谢"]),
    ("请问 iPhone 15 有货吗？", ["请问", "iPhone", "15", "有货", "吗"]),
])
def test_every_script_is_split_into_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text", [
    "我的订单A1003还没发货", "注文A1003はどこですか？", "주문 A1003 어디 있어요?", "أين طلبي A1003؟",
    "  Где   мой заказ?! ", "Ok 👍👍 thanks", "tracking RR123456789CN 😡 ¿y?",
])
def test_token_offsets_point_into_the_original_text(tokenizer, text):
    tokens = tokens_of(tokenizer, text)
    assert tokens
    for token in tokens:
        assert text[token.start:token.end] == token.text
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_traditional_chinese_is_cut_where_simplified_is():
    """jieba's dictionary is Simplified; Traditional text is cut as its Simplified twin."""
    assert words("我的訂單還沒發貨，可以退貨嗎") == ["我", "的", "訂單", "還", "沒", "發貨", "可以", "退貨", "嗎"]
    assert token_spans("我的訂單還沒發貨，可以退貨嗎") == token_spans("我的订单还没发货，可以退货吗")


def test_an_annotated_entity_inside_chinese_is_one_token(tokenizer):
    text = "我的订单A1003还没发货"
    start, end = text.index("A1003"), text.index("A1003") + 5
    assert any(t.start == start and t.end == end for t in tokens_of(tokenizer, text))


def test_a_message_of_only_emoji_is_one_token(tokenizer):
    assert [t.text for t in tokens_of(tokenizer, "👍")] == ["👍"]


def test_segmentation_is_deterministic():
    text = "我想退货，因为尺码不对。注文した靴のサイズが合いません"
    assert token_spans(text) == token_spans(text)
