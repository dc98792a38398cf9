#!/usr/bin/python3
"""Reference TF-IDF and feature-hashing outputs from Debian's python3-sklearn (1.2.1 when committed).

Run from the repository root: /usr/bin/python3 reference/features_sklearn.py > reference/features_sklearn.json
The corpus is written into the JSON, so the tests in packages/core/src/features read the same documents.
"""
import json

import sklearn
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.utils import murmurhash3_32

corpus = [
    "The quick brown fox jumps over the lazy dog.",
    "Never jump over the lazy dog quickly; the dog sleeps.",
    "Café déjà vu: naïve résumé, über STRASSE straße!",
    "A a I x 42 4 2 3.14 _under_score__ snake_case",
    "東京 is 日本の首都 and 東京タワー is tall",
    "emoji \U0001F600 test \U0001D4B3\U0001D4B4 math letters \U0001D4B3 x\U0001D4B3",
    "repeat repeat repeat repeat once",
    "UPPER lower MiXeD Upper LOWER",
    "",
    "tabs\tand\nnewlines   and  spaces, cafe\u0301 decomposed",
    "dog dog fox fox brown",
]

configs = {
    "default": {},
    "sublinear_bigrams_mindf2": {"sublinear_tf": True, "ngram_range": (1, 2), "min_df": 2},
    # max_features cut-offs fall between different total counts: scikit-learn orders tied counts by numpy's
    # unstable argsort, vox alphabetically, so ties at the cut-off could pick different terms.
    "maxdf_share_maxfeatures": {"max_df": 0.25, "max_features": 10},
    "bigrams_maxfeatures": {"ngram_range": (1, 2), "max_features": 6},
    "mindf_share_no_smooth_l1": {"min_df": 0.15, "smooth_idf": False, "norm": "l1"},
    "no_idf_binary_no_lowercase": {"use_idf": False, "binary": True, "lowercase": False},
    "char_2_3": {"analyzer": "char", "ngram_range": (2, 3)},
    "char_wb_2_4": {"analyzer": "char_wb", "ngram_range": (2, 4)},
    "char_1_2_sublinear": {"analyzer": "char", "ngram_range": (1, 2), "sublinear_tf": True},
}


def csr(m):
    m.sort_indices()
    return {"indptr": m.indptr.tolist(), "indices": m.indices.tolist(), "data": m.data.tolist(), "shape": list(m.shape)}


out = {"sklearn": sklearn.__version__, "corpus": corpus, "tfidf": {}, "hashing": {}}
for name, kw in configs.items():
    v = TfidfVectorizer(**kw)
    x = v.fit_transform(corpus)
    out["tfidf"][name] = {
        "options": {k: list(val) if isinstance(val, tuple) else val for k, val in kw.items()},
        "vocabulary": v.get_feature_names_out().tolist(),
        "idf": v.idf_.tolist() if v.use_idf else None,
        "matrix": csr(x),
        "transform_new": csr(v.transform(["the dog and the fox", "unknown words only"])),
    }

hashing = {
    "default_64": {"n_features": 64},
    "no_sign_no_norm_1024": {"n_features": 1024, "alternate_sign": False, "norm": None},
    "char_wb_3_128": {"n_features": 128, "analyzer": "char_wb", "ngram_range": (3, 3)},
    "default_2_20": {},
}
for name, kw in hashing.items():
    v = HashingVectorizer(**kw)
    out["hashing"][name] = {
        "options": {k: list(val) if isinstance(val, tuple) else val for k, val in kw.items()},
        "matrix": csr(v.transform(corpus)),
    }

out["murmurhash3_32"] = {
    s: murmurhash3_32(s, seed=0) for s in ["", "a", "ab", "abc", "abcd", "abcde", "foo", "straße", "東京", "\U0001F600"]
}
out["murmurhash3_32_seed42"] = {s: murmurhash3_32(s, seed=42) for s in ["hello", "world!"]}
print(json.dumps(out, indent=1, ensure_ascii=False))
