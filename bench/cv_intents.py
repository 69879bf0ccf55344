"""Cross-validated intent accuracy of bot.intent_classifier on the training data (data/nlu only).

    python -m bench.cv_intents                                  # defaults of the component
    python -m bench.cv_intents --config C=1.0 char_ngrams=[1,5] # overrides (values are JSON)
    python -m bench.cv_intents --data /tmp/cvdata/nlu --temperatures 6,8,10,12

Stratified 5-fold CV (fixed seed) over (language, intent). Examples that are identical after
lowercasing, stripping accents and dropping non-alphanumerics share a fold, so a sentence and
its unaccented/typo'd twin never sit on both sides. Each fold trains the component's own
`fit_model` and scores with its `predict` (unfamiliar text discounted, as when serving), then
applies config.yml's FallbackClassifier rule (confidence < threshold or top-2 gap < ambiguity threshold -> nlu_fallback). Reported:
  strict  accuracy counting a correct intent below the threshold as wrong (as the bot does)
  top1    accuracy of the top intent, threshold ignored
  lost    share of correct top-1 predictions lost to the fallback rule
  oos_fa  share of out_of_scope examples given a task intent with confidence >= threshold
  gib_fa  same for synthetic gibberish (random letters in several scripts)
Per-language strict accuracy; macro = mean over languages. Never reads tests/nlu.
"""
import argparse
import json
import random
import time
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.overlap import match_key

ROOT = Path(__file__).resolve().parent.parent
OOS = "out_of_scope"


def load_examples(data_dir: Path):
    """(folder language, intent, (text, words, detected language)) per training example."""
    from rasa.shared.nlu.training_data.loading import load_data
    from bot.language.detect import detect
    from bot.tokenizer import token_spans

    out = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.yml")):
            for m in load_data(str(path)).intent_examples:
                text = m.get("text")
                if not m.get("intent") or not text:
                    continue
                spans = token_spans(text) or [(0, len(text))]
                words = [text[s:e].lower() for s, e in spans]
                out.append((folder.name, m.get("intent"), (text.lower(), words, detect(text).code)))
    return out


def gibberish(n: int = 600, seed: int = 7):
    from bot.language.detect import detect
    from bot.tokenizer import token_spans

    rng = random.Random(seed)
    alphabets = [
        "abcdefghijklmnopqrstuvwxyz", "asdfghjklqwertzuiopyxcvbnm",
        "абвгдежзийклмнопрстуфхцчшщыэюя", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        "".join(chr(c) for c in range(0xAC00, 0xAC00 + 400, 7)),
        "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000, 13)),
        "".join(chr(c) for c in range(0x3041, 0x3094)),
    ]
    rows = []
    for i in range(n):
        alphabet = alphabets[i % len(alphabets)]
        cjk = ord(alphabet[0]) >= 0x3000
        words = []
        for _ in range(rng.randint(1, 4)):
            words.append("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 4 if cjk else 9))))
        text = ("" if cjk else " ").join(words)
        spans = token_spans(text) or [(0, len(text))]
        rows.append((text.lower(), [text[s:e].lower() for s, e in spans], detect(text).code))
    return rows


def folds(examples, k: int, seed: int):
    from sklearn.model_selection import StratifiedGroupKFold

    strata = [f"{lang}|{intent}" for lang, intent, _ in examples]
    keys = {}
    groups = [keys.setdefault(match_key(row[0]), len(keys)) for _, _, row in examples]
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(examples)), strata, groups))


def decide(probabilities: np.ndarray, classes, threshold: float, ambiguity: float):
    order = np.argsort(-probabilities, axis=1)
    top = probabilities[np.arange(len(order)), order[:, 0]]
    second = probabilities[np.arange(len(order)), order[:, 1]]
    accepted = (top >= threshold) & (top - second >= ambiguity)
    return np.asarray(classes)[order[:, 0]], accepted


def summarize(examples, predicted, accepted, gib_pred, gib_acc):
    langs = sorted({lang for lang, _, _ in examples})
    gold = np.array([intent for _, intent, _ in examples])
    lang_of = np.array([lang for lang, _, _ in examples])
    correct = predicted == gold
    strict = correct & accepted
    per_lang = {lang: strict[lang_of == lang].mean() for lang in langs}
    oos = gold == OOS
    return {
        "macro": float(np.mean(list(per_lang.values()))),
        "micro": float(strict.mean()),
        "top1": float(correct.mean()),
        "lost": float((correct & ~accepted).sum() / max(1, correct.sum())),
        "oos_fa": float(((predicted != OOS) & accepted & oos).sum() / max(1, oos.sum())),
        "gib_fa": float(((gib_pred != OOS) & gib_acc).mean()),
        "per_lang": per_lang,
    }


def run_cv(config, data_dir: Path, k: int = 5, seed: int = 0, verbose: bool = True, parts=None):
    """Returns (examples, per-example probabilities, gibberish probabilities, classes, seconds)."""
    from bot.intent_classifier import fit_model, fold_accents, noisy_copy, predict
    from bot.sentence_encoder import MemoEncoder, default_encoder

    encoder = MemoEncoder(default_encoder()) if default_encoder() else None

    examples = load_examples(data_dir)
    gib = gibberish()
    splits = folds(examples, k, seed)
    classes = sorted({intent for _, intent, _ in examples})
    col = {c: i for i, c in enumerate(classes)}
    probs = np.zeros((len(examples), len(classes)))
    noisy_probs = np.zeros_like(probs)
    # The same examples with typos (other seeds than training's): robustness to misspellings.
    noisy = []
    for _, _, (text, words, language) in examples:
        typo_seed = zlib.crc32(f"test:{text}".encode()) & 0x7FFFFFFF
        typo = noisy_copy(words, np.random.RandomState(typo_seed), 0.3)
        noisy.append((" ".join(typo), typo, language) if typo != words else (text, words, language))
    plain_probs = np.zeros_like(probs)
    plain = [(fold_accents(text), [fold_accents(w) for w in words], language)
             for _, _, (text, words, language) in examples]
    gib_probs = np.zeros((k, len(gib), len(classes)))
    seconds = []
    for f, (train, test) in enumerate(splits):
        t0 = time.time()
        model = fit_model([examples[i][2] for i in train], [examples[i][1] for i in train], config, encoder)
        seconds.append(time.time() - t0)
        cols = [col[c] for c in model["classifier"].classes_]

        def scores(rows):
            return predict(model, rows, config, encoder)

        probs[np.ix_(test, cols)] = scores([examples[i][2] for i in test])
        noisy_probs[np.ix_(test, cols)] = scores([noisy[i] for i in test])
        plain_probs[np.ix_(test, cols)] = scores([plain[i] for i in test])
        gib_probs[f][:, cols] = scores(gib)
        if verbose:
            print(f"  fold {f}: train {seconds[-1]:.1f}s", flush=True)
    parts = {} if parts is None else parts
    parts["noisy"] = noisy_probs
    parts["plain"] = plain_probs
    return examples, probs, gib_probs, classes, float(np.mean(seconds))


def _value(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--config", nargs="*", default=[], help="key=value overrides (JSON values)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--ambiguity", type=float, default=0.02)
    parser.add_argument("--temperatures", default="", help="also score with these temperatures "
                        "(softmax-only models: probabilities are recomputed from the scores)")
    parser.add_argument("--confusions", type=int, default=0, help="print the N worst intent pairs")
    parser.add_argument("--save", type=Path, help="save probabilities (npz) for later analysis")
    args = parser.parse_args()
    assert "tests" not in args.data.resolve().parts, "CV uses training data only"

    from bot.intent_classifier import SvmIntentClassifier

    config = SvmIntentClassifier.get_default_config()
    for item in args.config:
        key, _, value = item.partition("=")
        config[key] = _value(value)
    print("config:", json.dumps(config, sort_keys=True), flush=True)
    examples, probs, gib_probs, classes, seconds = run_cv(config, args.data, args.folds, args.seed,
                                                           parts=(parts := {}))
    gib_probs = gib_probs.reshape(-1, len(classes))
    if args.save:
        np.savez_compressed(args.save, probs=probs, gib=gib_probs, classes=classes,
                            langs=[e[0] for e in examples], gold=[e[1] for e in examples],
                            **{n: (v.reshape(-1, len(classes)) if n.startswith('gib') else v) for n, v in parts.items()})

    def report(p, g, label):
        pred, acc = decide(p, classes, args.threshold, args.ambiguity)
        gpred, gacc = decide(g, classes, args.threshold, args.ambiguity)
        s = summarize(examples, pred, acc, gpred, gacc)
        low = sorted(s["per_lang"].items(), key=lambda kv: kv[1])
        print(f"{label}: macro {s['macro']:.4f} micro {s['micro']:.4f} top1 {s['top1']:.4f} "
              f"lost {s['lost']:.4f} oos_fa {s['oos_fa']:.4f} gib_fa {s['gib_fa']:.4f} "
              f"train {seconds:.1f}s/fold")
        print("   " + " ".join(f"{lang} {v:.3f}" for lang, v in low), flush=True)
        return pred

    pred = report(probs, gib_probs, f"T={config['temperature']}")
    report(parts["noisy"], gib_probs, "typo'd test examples")
    report(parts["plain"], gib_probs, "test examples without accents")
    for t in [float(x) for x in args.temperatures.split(",") if x]:
        with np.errstate(divide="ignore"):
            scale = t / config["temperature"]
            from scipy.special import softmax
            report(softmax(np.log(np.maximum(probs, 1e-300)) * scale, axis=1),
                   softmax(np.log(np.maximum(gib_probs, 1e-300)) * scale, axis=1), f"T={t}")
    if args.confusions:
        gold = [e[1] for e in examples]
        pairs = defaultdict(int)
        for g, p in zip(gold, pred):
            if g != p:
                pairs[(g, p)] += 1
        for (g, p), n in sorted(pairs.items(), key=lambda kv: -kv[1])[: args.confusions]:
            print(f"   {n:4d}  {g} -> {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
