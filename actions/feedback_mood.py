"""Whether a typed answer to "How was your experience?" says it went well or badly.

The buttons send affirm / deny, and English answers are mostly classified so. In the other
languages "fue genial" is classified leave_feedback, "es war schlecht" is not understood and
"很差" reads as thank, so the words decide first and the intent only when they name nothing.
Rows in order: negated praise ("not good"), negated complaints ("not bad", "no problems"),
complaints, praise. A message with both praise and a complaint reads as bad: the buyer is
asked what went wrong, which is the safer mistake.
"""

from __future__ import annotations

from typing import Optional

from actions.word_tables import WordTable

GOOD, BAD = "good", "bad"

MOOD_WORDS = (
    (BAD, (
        "not good", "not great", "not so good", "not very good", "wasn't good", "wasnt good",
        "not happy", "not satisfied", "not ok", "not okay", "not fine", "not perfect",
        "no fue bien", "no muy bien", "no estuvo bien", "no fue bueno", "no me gust", "no estoy content",
        "no estoy satisfech",
        "pas bien", "pas bon", "pas terrible", "pas génial", "pas genial", "pas content", "pas satisfait",
        "pas super",
        "nicht gut", "nicht so gut", "nicht toll", "nicht zufrieden", "nicht super",
        "non bene", "non è andata bene", "non e andata bene", "non buon", "non soddisfatt", "non mi è piaciut",
        "non contento", "non contenta",
        "não foi bom", "nao foi bom", "não foi boa", "nao foi boa", "não gostei", "nao gostei",
        "não estou satisfeit", "nao estou satisfeit", "não muito bem", "nao muito bem",
        "не очень", "не хорош", "не понрав", "не доволен", "не довольна", "нехорош",
        "不好", "不太好", "不满意", "不怎么样", "不行", "不太满意",
        "良くなかった", "よくなかった", "良くない", "よくない", "満足していません", "満足できません",
        "안 좋", "안좋", "좋지 않", "좋지않", "별로", "만족하지 않", "불만",
        "ليس جيد", "ليست جيدة", "لم تكن جيدة", "لم يكن جيد", "غير راض", "غير جيد", "لم تعجبني", "لم يعجبني",
        "nie dobrze", "nie było dobrze", "niezbyt", "niezadowol", "nie jestem zadowol", "nie podoba",
        "niet goed", "niet tevreden", "niet zo goed", "niet fijn", "niet top",
        "iyi değil", "iyi degil", "memnun değil", "memnun degil", "beğenmedim", "begenmedim",
        "hiç iyi", "hic iyi",
    )),
    (GOOD, (
        "not bad", "no problem", "no issue", "nothing wrong", "nothing went wrong",
        "no estuvo mal", "no está mal", "no esta mal", "nada mal", "sin problema", "ningún problema",
        "pas mal", "aucun problème", "aucun probleme", "sans problème", "sans probleme",
        "nicht schlecht", "kein problem", "keine probleme", "ohne probleme",
        "non male", "nessun problema", "senza problemi",
        "sem problema", "nenhum problema",
        "неплохо", "неплох", "без проблем", "никаких проблем",
        "不错", "没问题", "没有问题", "沒問題", "沒有問題",
        "悪くない", "問題ない", "問題なかった", "問題はなかった", "問題ありません",
        "나쁘지 않", "문제 없", "문제없",
        "لا مشكلة", "بدون مشاكل", "لا توجد مشكلة", "ليس سيئ", "ليست سيئة",
        "nieźle", "niezle", "bez problem", "żadnych problem", "zadnych problem",
        "niet slecht", "geen probleem", "geen problemen", "zonder problemen",
        "fena değil", "fena degil", "sorun yok", "sorunsuz", "problem yok",
    )),
    (BAD, (
        "bad", "terrible", "awful", "horrible", "poor", "wrong", "problem", "issue", "disappoint",
        "unhappy", "worst", "dissatisf", "unsatisf", "rubbish", "meh", "so-so", "so so",
        "mal", "malo", "mala", "pésim", "pesim", "fatal", "problema", "decepci",
        "salió mal", "salio mal",
        "mauvais", "mauvaise", "nul", "nulle", "problème", "probleme", "déçu", "decu", "déçue",
        "mal passé", "mal passe",
        "schlecht", "schrecklich", "furchtbar", "enttäusch", "enttausch", "schief", "mies",
        "male", "pessim", "terribil", "orribil", "delus", "storto",
        "ruim", "péssim", "horrível", "horrivel", "decepcion", "errado", "deu errado",
        "плох", "ужас", "проблем", "разочаров", "не так", "отвратител",
        "差", "糟", "问题", "問題", "失望", "出错", "出錯", "坏", "壞", "烂", "爛",
        "悪い", "悪かった", "わるかった", "最悪", "ひどい", "酷い", "残念", "不満",
        "나빴", "나쁘", "나쁜", "최악", "문제", "실망", "엉망",
        "سيئ", "سيئة", "سيء", "مشكلة", "مشاكل", "خطأ", "رديء", "رديئة", "فظيع", "مخيب",
        "źle", "zle", "okropn", "fataln", "rozczarow", "nie tak", "kiepsk", "beznadziej",
        "slecht", "verschrikkelijk", "vreselijk", "probleem", "problemen", "teleurgesteld", "ging mis",
        "iets mis", "liep mis",
        "kötü", "kotu", "berbat", "rezalet", "sorun", "hayal kırıklığı", "hayal kirikligi", "ters git",
    )),
    (GOOD, (
        "good", "great", "excellent", "perfect", "fine", "fantastic", "amazing", "awesome", "love",
        "happy", "satisfied", "wonderful", "ok", "nice", "brilliant", "superb", "smooth",
        "bien", "genial", "excelente", "buen", "encant", "feliz", "content", "maravill",
        "fantástic", "estupend",
        "super", "génial", "parfait", "satisfait", "top",
        "gut", "toll", "prima", "perfekt", "ausgezeichnet", "zufrieden", "wunderbar", "klasse",
        "bene", "ottim", "perfett", "soddisfatt", "benissimo", "bellissim",
        "bom", "boa", "ótim", "otim", "perfeit", "adorei", "maravilh", "satisfeit",
        "хорош", "отлично", "отличн", "прекрасн", "супер", "доволен", "довольна", "замечательн",
        "好", "棒", "满意", "滿意", "完美", "喜欢", "喜歡",
        "良かった", "よかった", "良い", "最高", "素晴らしい", "すばらしい", "満足", "完璧",
        "좋았", "좋아", "좋은", "좋네", "최고", "만족", "훌륭", "완벽",
        "جيد", "جيدة", "رائع", "رائعة", "ممتاز", "ممتازة", "ممتع", "راض", "ممتن",
        "dobrze", "dobra", "dobry", "świetn", "swietn", "doskonał", "doskonal", "zadowolon", "wspaniał",
        "wspanial", "idealn",
        "goed", "geweldig", "tevreden", "fijn", "uitstekend", 
        "iyi", "harika", "mükemmel", "mukemmel", "memnun", "süper", "güzel", "guzel",
    )),
)

_MOODS = WordTable(MOOD_WORDS)


def mood_in_text(text: str) -> Optional[str]:
    """"good" or "bad" when the words of `text` say so, else None."""
    return _MOODS.first_in(text)
