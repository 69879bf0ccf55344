"""A word-level second opinion for the Latin-script native languages.

lingua scores character n-grams, which on a short message take "mi pedido esta incompleto" or
"No me gusta el café." for Portuguese and "Le chien dort." for German: the words that decide are
short function words ("el", "mi", "le", "não", "il"). This is a multinomial naive Bayes over lowercase
words, counted from our own NLU training examples (data/nlu/<lang>/*.yml, how buyers write) plus
COMMON_WORDS below (articles, pronouns, prepositions, the commonest verbs and nouns: general
language, so that messages outside the shop's vocabulary get evidence too). Words no language
has seen are skipped, so names, brands and typos neither help nor hurt.

Pure counting: the same files give the same model, the same text the same scores. Nothing is
downloaded; the model is built from the repository's files on first use (well under a second).
"""
import logging
import math
import re
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "pl", "nl", "tr")
NLU_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
# A common word counts as this many occurrences: enough to outweigh one stray use of "el" in the
# Portuguese data, not so much that the lexicon drowns what buyers actually write.
COMMON_WORD_COUNT = 5
SMOOTHING = 0.5

_WORD = re.compile(r"[^\W\d_]+")  # apostrophes split: "l'attends" → "l", "attends"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

COMMON_WORDS: Dict[str, str] = {
    "en": """
        the a an and or but if of to in on at for with from by about as into than then that this these
        those there here is are was were be been being am do does did done have has had having will
        would shall should can could may might must not no yes i me my mine you your yours he him his
        she her hers it its we us our they them their who whom whose what which when where why how all
        any some every each many much more most very too also just only so because up down out over
        again still already never always often sometimes today tomorrow yesterday now please thank
        thanks get got go went gone come came know knew think thought want wanted like said say tell
        told see saw make made take took give gave need let don't doesn't didn't isn't aren't wasn't
        can't won't i'm you're he's she's it's we're they're i've i'll what's that's there's good well
        little big new old time day year people man woman child house car book dog cat""",
    "es": """
        el la los las un una unos unas y o pero si de del al a en con por para sin sobre entre hasta
        desde que qué quién quien cuál cual cuándo cuando dónde donde cómo como por qué porque es son
        era eran fue fueron ser estar está están estaba estoy estás estamos soy eres somos he has ha
        hemos han había hay tengo tienes tiene tenemos tienen tenía quiero quieres quiere queremos puedo
        puedes puede podemos voy vas va vamos van hago hace hizo dijo sé sabe yo tú él ella ello
        nosotros nosotras vosotros ellos ellas usted ustedes me te se nos os le les lo mi mis tu tus su
        sus nuestro nuestra este esta estos estas ese esa eso esto aquel aquella muy mucho mucha muchos
        muchas poco también tampoco ya todavía aún nunca siempre aquí allí ahora hoy mañana ayer bien
        mal más menos nada algo todo todos cada otro otra sí no gracias hola favor aquí casa perro gato
        hombre mujer niño año día tiempo libro coche""",
    "pt": """
        o a os as um uma uns umas e ou mas se de do da dos das ao aos à às em no na nos nas num numa com
        por pelo pela pelos pelas para sem sobre entre até desde que quem qual quando onde como porque
        porquê é são era eram foi foram ser estar está estão estava estou estamos sou somos tenho tem
        temos têm tinha quero quer queremos posso pode podemos vou vai vamos vão faço faz fez disse sei
        sabe eu tu ele ela nós vós eles elas você vocês me te se nos lhe lhes meu minha meus minhas teu
        tua seu sua seus suas nosso nossa este esta estes estas esse essa isso isto aquele aquela aquilo
        muito muita muitos muitas pouco também já ainda nunca sempre aqui ali agora hoje amanhã ontem
        bem mal mais menos nada algo tudo todo todos toda cada outro outra sim não obrigado obrigada olá
        favor casa cão cachorro gato homem mulher criança ano dia tempo livro carro""",
    "it": """
        il lo la i gli le un uno una e ed o ma se di del dello della dei degli delle a al allo alla ai
        agli alle da dal dalla in nel nello nella nei negli nelle con su sul sulla per tra fra che chi
        cosa quale quando dove come perché è sono era erano fu stato stata essere ho hai ha abbiamo
        avete hanno avevo c'è voglio vuoi vuole posso puoi può possiamo vado vai va andiamo faccio fa
        fatto detto so sa io tu lui lei noi voi loro mi ti si ci vi gli ne mio mia miei mie tuo tua suo
        sua nostro nostra questo questa questi queste quello quella molto molta molti molte poco anche
        già ancora mai sempre qui qua lì là ora adesso oggi domani ieri bene male più meno niente nulla
        qualcosa tutto tutti ogni altro altra sì no non grazie ciao favore casa cane gatto uomo donna
        bambino anno giorno tempo libro macchina""",
    "fr": """
        le la les l' un une des du de d' et ou mais si à au aux en dans sur sous avec pour par sans
        entre chez que qu' qui quoi quel quelle quand où comment pourquoi est sont était étaient été
        être suis es sommes êtes ai as a avons avez ont avait il y veux veut voulons peux peut pouvons
        vais va allons vont fais fait dit sais sait je j' tu il elle on nous vous ils elles me m' te t'
        se s' lui leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces cela
        ça ceci très beaucoup peu aussi déjà encore jamais toujours ici là maintenant aujourd'hui demain
        hier bien mal plus moins rien quelque tout tous toute chaque autre oui non ne pas merci bonjour
        salut plaît maison chien chat homme femme enfant an année jour temps livre voiture""",
    "de": """
        der die das den dem des ein eine einen einem einer eines und oder aber wenn von zu im in an am
        auf mit für aus bei nach über unter vor durch ohne zwischen bis seit dass was wer wie wo wann
        warum welche welcher ist sind war waren gewesen sein bin bist seid habe hast hat haben hatte
        will willst wollen kann kannst können gehe geht gehen mache macht gemacht gesagt weiß ich du er
        sie es wir ihr mich mir dich dir sich uns euch ihn ihm ihnen mein meine dein deine sein seine
        unser unsere dieser diese dieses jener sehr viel viele wenig auch schon noch nie immer hier dort
        jetzt heute morgen gestern gut schlecht mehr weniger nichts etwas alles alle jeder jede andere
        ja nein nicht kein keine danke hallo bitte haus hund katze mann frau kind jahr tag zeit buch
        auto""",
    "nl": """
        de het een en of maar als van te in op aan met voor uit bij naar over onder door zonder tussen
        tot sinds dat wat wie hoe waar wanneer waarom welke is zijn was waren geweest ben bent heb hebt
        heeft hebben had wil wilt willen kan kunt kunnen ga gaat gaan doe doet gedaan gezegd weet ik jij
        je hij zij ze het wij we jullie mij me mijn jou jouw zich ons onze hem haar hun deze dit die dat
        erg heel veel weinig ook al nog nooit altijd hier daar nu vandaag morgen gisteren goed slecht
        meer minder niets iets alles alle elke andere ja nee niet geen dank bedankt hallo alstublieft
        huis hond kat man vrouw kind jaar dag tijd boek auto er""",
    "pl": """
        i a o w we z ze na do od po za przez dla bez przy nad pod między u że co kto jak gdzie kiedy
        dlaczego który która które jest są był była było byli być jestem jesteś jesteśmy mam masz ma
        mamy mają miał chcę chcesz chce możesz może mogę idę idzie zrobić powiedział wiem wie ja ty on
        ona ono my wy oni one mnie mi ciebie cię tobie go jego jej mu nas nam was im ich się mój moja
        moje twój twoja jego nasz nasza ten ta to te tamten bardzo dużo mało też także już jeszcze nigdy
        zawsze tutaj tu tam teraz dzisiaj dziś jutro wczoraj dobrze źle więcej mniej nic coś wszystko
        wszyscy każdy inny tak nie dziękuję cześć proszę dom pies kot mężczyzna kobieta dziecko rok
        dzień czas książka samochód""",
    "tr": """
        ve veya ama fakat eğer bir bu şu o bunu şunu onu için ile gibi kadar sonra önce de da mi mı mu
        mü ne kim nasıl nerede neden niçin hangi zaman ben sen biz siz onlar beni seni onu bizi sizi
        bana sana ona bize size benim senin onun bizim sizin onların var yok değil evet hayır çok az
        daha en hep hiç şimdi bugün yarın dün burada orada iyi kötü her şey herkes başka teşekkürler
        teşekkür ederim merhaba lütfen ev köpek kedi adam kadın çocuk yıl gün zaman kitap araba
        istiyorum biliyorum gidiyorum geldi oldu olan""",
}


def words(text: str) -> List[str]:
    return [w.lower() for w in _WORD.findall(text)]


def nlu_examples(path: Path) -> List[str]:
    """The intent examples of one Rasa NLU file, entity annotations removed."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    texts = []
    for item in data.get("nlu") or []:
        if "intent" not in item:  # synonyms, lookups, regexes are word lists, not messages
            continue
        for line in (item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(_ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", line[2:]))
    return texts


class WordModel:
    """Log-likelihoods of a text's known words under each language."""

    def __init__(self, counts: Dict[str, Counter]) -> None:
        vocabulary = set().union(*counts.values())
        self._known = frozenset(vocabulary)
        self._log_p: Dict[str, Dict[str, float]] = {}
        self._log_unseen: Dict[str, float] = {}
        for language in LANGUAGES:
            counter = counts.get(language, Counter())
            denominator = sum(counter.values()) + SMOOTHING * len(vocabulary)
            self._log_p[language] = {w: math.log((n + SMOOTHING) / denominator) for w, n in counter.items()}
            self._log_unseen[language] = math.log(SMOOTHING / denominator)

    @classmethod
    def build(cls, data_dir: Optional[Path] = NLU_DATA) -> "WordModel":
        counts = {language: Counter() for language in LANGUAGES}
        for language in LANGUAGES:
            for word in words(COMMON_WORDS[language]):
                counts[language][word] += COMMON_WORD_COUNT
            folder = data_dir / language if data_dir else None
            if folder is None or not folder.is_dir():
                logger.warning("No NLU data in %s: the word model has the common words only", folder)
                continue
            for path in sorted(folder.glob("*.yml")):
                for example in nlu_examples(path):
                    counts[language].update(words(example))
        return cls(counts)

    def log_likelihoods(self, text: str, languages: Iterable[str] = LANGUAGES) -> Dict[str, float]:
        known = [w for w in words(text) if w in self._known]
        return {language: sum(self._log_p[language].get(w, self._log_unseen[language]) for w in known)
                for language in languages if language in self._log_p}
