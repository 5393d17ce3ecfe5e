"""Reference values for MajorityAtK (tests/Mario.Eval.Tests/Scoring/MajorityAtKTests.cs).

Independent of the C# dynamic programme: for each case it writes out the N samples one by one (answer label, or None
for a sample without an answer), enumerates every k-subset with itertools.combinations, takes the majority vote of
each subset by counting (a t-way tie for the most votes scores 1/t; no answer scores 0) and averages with exact
fractions. pass@k is Chen et al.'s (2021) numpy estimator, 1 - prod(1 - k / arange(n - c + 1, n + 1)).
Run: /usr/bin/python3 maj-at-k.py > maj-at-k.json
"""
import itertools
import json
from fractions import Fraction

import numpy as np

CASES = [
    # (name, clusters as (votes, correct), N)
    ("winner-correct", [(3, True), (2, False)], 5),
    ("two-way-tie", [(2, True), (2, False)], 4),
    ("abstentions", [(1, True), (1, False), (1, False)], 5),
    ("two-correct-clusters", [(4, False), (3, True), (2, True), (1, False)], 12),
    ("all-correct", [(5, True)], 5),
    ("no-answers", [], 3),
    ("three-way-tie", [(2, False), (2, False), (2, True), (1, True)], 8),
    ("sixteen-samples", [(6, False), (5, True), (3, False)], 16),
]


def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def maj_at_k(clusters, n, k):
    samples = []
    for label, (votes, _) in enumerate(clusters):
        samples += [label] * votes
    samples += [None] * (n - len(samples))
    total = Fraction(0)
    count = 0
    for subset in itertools.combinations(range(n), k):
        counts = {}
        for i in subset:
            if samples[i] is not None:
                counts[samples[i]] = counts.get(samples[i], 0) + 1
        count += 1
        if not counts:
            continue
        top = max(counts.values())
        winners = [label for label, v in counts.items() if v == top]
        total += Fraction(sum(1 for w in winners if clusters[w][1]), len(winners))
    return total / count


rows = []
for name, clusters, n in CASES:
    correct = sum(v for v, ok in clusters if ok)
    rows.append({
        "name": name,
        "samples": n,
        "clusters": [{"votes": v, "correct": ok} for v, ok in clusters],
        "majAtK": [float(maj_at_k(clusters, n, k)) for k in range(1, n + 1)],
        "passAtK": [pass_at_k(n, correct, k) for k in range(1, n + 1)],
    })
print(json.dumps({"source": "tests/Mario.Eval.Tests/Data/maj-at-k.py (exhaustive subsets, exact fractions; numpy pass@k)", "cases": rows}, indent=1))
