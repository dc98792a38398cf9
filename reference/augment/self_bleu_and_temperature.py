#!/usr/bin/python3
"""Reference numbers for packages/core/src/augment/selfBleu.test.ts and calibration/calibration.test.ts.

Self-BLEU as Texygen computes it: NLTK 3.8 sentence_bleu (Debian python3-nltk) of each text against all the others,
uniform weights over 1..4-grams, SmoothingFunction().method1. Temperature scaling: scipy 1.10 minimize_scalar
(bounded) of the mean NLL of softmax(log(p + 1e-3) / T).

Run from the repository root: /usr/bin/python3 reference/augment/self_bleu_and_temperature.py
"""
import json

import numpy as np
from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu
from scipy.optimize import minimize_scalar

TEXTS = [
    "the movie was great and the acting was great",
    "the movie was terrible and the plot was thin",
    "a great film with great acting",
    "i loved the movie",
    "terrible plot thin characters",
    "the acting was great",
    "what a film",
    "the movie was great and the acting was great",
]
tokens = [t.split() for t in TEXTS]
smooth = SmoothingFunction().method1
per = []
for i, hyp in enumerate(tokens):
    refs = tokens[:i] + tokens[i + 1 :]
    per.append(sentence_bleu(refs, hyp, weights=(0.25, 0.25, 0.25, 0.25), smoothing_function=smooth))
bigram = []
for i, hyp in enumerate(tokens):
    refs = tokens[:i] + tokens[i + 1 :]
    bigram.append(sentence_bleu(refs, hyp, weights=(0.5, 0.5), smoothing_function=smooth))

P = np.array(
    [[0.9, 0.1, 0.0], [0.8, 0.2, 0.0], [0.6, 0.4, 0.0], [1.0, 0.0, 0.0], [0.2, 0.7, 0.1], [0.0, 0.4, 0.6],
     [0.5, 0.5, 0.0], [0.1, 0.1, 0.8], [0.7, 0.3, 0.0], [0.3, 0.3, 0.4]]
)
y = np.array([0, 1, 0, 0, 1, 2, 1, 2, 1, 0])
logits = np.log(P + 1e-3)


def nll(t):
    z = logits / t
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


res = minimize_scalar(nll, bounds=(0.05, 20), method="bounded", options={"xatol": 1e-10})
print(
    json.dumps(
        {
            "selfBleu4": {"perText": per, "mean": float(np.mean(per))},
            "selfBleu2": {"perText": bigram, "mean": float(np.mean(bigram))},
            "temperature": {"T": float(res.x), "nllBefore": float(nll(1.0)), "nllAfter": float(res.fun)},
        },
        indent=1,
    )
)
