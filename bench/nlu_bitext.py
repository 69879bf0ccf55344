"""Intent accuracy on the Bitext evaluation set (../shared/benchmarks/nlu), through /model/parse.

The set is for measuring only: nothing here trains on it, and no sentence is copied.
"""
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List

from bench.overlap import identical_to_training
from bench.report import Section

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "nlu" / "bitext_eval.jsonl"

GROUP_INTENTS: Dict[str, set] = {
    "payment_methods": {"ask_payment_methods"},
    "refund_status": {"check_refund_status"},
    "shipping_options_time": {"ask_shipping_options"},
    "payment_problem": {"report_payment_problem"},
    "change_cancel_order": {"cancel_order", "change_order"},
    "human_agent": {"request_human"},
    "return_refund_request": {"request_return", "ask_return_policy"},
    "feedback_review": {"leave_feedback"},
    "complaint_dispute": {"file_complaint"},
    "change_shipping_address": {"change_shipping_address"},
    "order_status_tracking": {"check_order_status", "track_package"},
}
# Intents that are tasks of the bot: predicting one of them for an out_of_scope row is wrong.
TASK_INTENTS = set().union(*GROUP_INTENTS.values()) | {
    "ask_product_info", "ask_size_fit", "ask_price_discount", "ask_customs_duties",
    "report_delivery_problem", "report_damaged_item", "report_wrong_item",
    "report_not_as_described", "ask_case_status",
}


def is_correct(group: str, intent: str) -> bool:
    if group == "out_of_scope":
        return intent not in TASK_INTENTS
    return intent in GROUP_INTENTS[group]


def run(parse: Callable[[str], dict]) -> Section:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    # Must stay 0: no evaluation sentence may be in our training data.
    copies = identical_to_training(row["text"] for row in rows)
    per_group: Dict[str, List[bool]] = defaultdict(list)
    per_source: Dict[tuple, List[bool]] = defaultdict(list)
    confusions: Counter = Counter()
    started = time.perf_counter()
    for row in rows:
        intent = parse(row["text"])["intent"]["name"]
        ok = is_correct(row["group"], intent)
        per_group[row["group"]].append(ok)
        per_source[(row["group"], row.get("source_intent", "?"))].append(ok)
        if not ok:
            confusions[(row["group"], intent)] += 1
    per_message_ms = (time.perf_counter() - started) / len(rows) * 1000
    total = sum(sum(v) for v in per_group.values()) / len(rows)
    lines = [f"Group accuracy: **{total:.1%}** on {len(rows)} messages (target ≥ 97 %); "
             f"{per_message_ms:.1f} ms per message (English: n-grams + sentence embedding).", "",
             f"Evaluation messages identical to a training example (case, accents and punctuation "
             f"ignored): {copies}.", "",
             "| group | n | accuracy |", "|---|---:|---:|"]
    for group in sorted(per_group):
        results = per_group[group]
        lines.append(f"| {group} | {len(results)} | {sum(results) / len(results):.1%} |")
    # Groups that merge several Bitext intents: which one is missed (its label, never its text).
    lines += ["", "Groups by Bitext source intent:", "", "| group | source intent | n | accuracy |",
              "|---|---|---:|---:|"]
    for (group, source), results in sorted(per_source.items()):
        if len({s for g, s in per_source if g == group}) > 1 or sum(results) < len(results):
            lines.append(f"| {group} | {source} | {len(results)} | {sum(results) / len(results):.1%} |")
    lines += ["", "Main confusions (group → predicted intent, count):", ""]
    lines += [f"- {g} → {i}: {n}" for (g, i), n in confusions.most_common(12)] or ["- none"]
    return Section("NLU: intent accuracy on the Bitext evaluation set", "\n".join(lines), {"accuracy": total, "ms_per_message": per_message_ms,
                                                                          "identical_to_training": copies})
