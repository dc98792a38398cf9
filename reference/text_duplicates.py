#!/usr/bin/python3
"""Exact-duplicate counts of the shared text sets, independently of vox: texts folded with Unicode NFKC,
lower-casing and whitespace collapsing (str.split), grouped with a dict; label conflicts = groups holding two
different labels. Checks `vox near-dups --features none` (packages/cli/src/commands/outliers.test.ts).

Run from the repository root with ../shared present:
  /usr/bin/python3 reference/text_duplicates.py > reference/text_duplicates.json
"""
import collections
import json
import os
import sys
import unicodedata

root = os.environ.get("VOX_SHARED", os.path.join("..", "shared"))
out = {"python": sys.version.split()[0], "sets": {}}
for name in ["sms_spam/SMSSpamCollection.tsv", "sst2/train.tsv"]:
    with open(os.path.join(root, "data", "text", name), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 1) for line in f]
    raw = collections.defaultdict(list)
    folded = collections.defaultdict(list)
    for label, text in rows:
        raw[text].append(label)
        folded[" ".join(unicodedata.normalize("NFKC", text).lower().split())].append(label)
    out["sets"][name] = {
        "rows": len(rows),
        "rawDuplicates": len(rows) - len(raw),
        "foldedDuplicates": len(rows) - len(folded),
        "foldedGroups": sum(len(v) > 1 for v in folded.values()),
        "conflictingGroups": sum(len(set(v)) > 1 for v in folded.values()),
    }
print(json.dumps(out, indent=2))
