# Anchor for bench/io.ts: pandas.read_csv of the same file, as a crowd-kit user would load it, then the same
# encoding to integer codes (pd.factorize). Prints {rows, seconds, peakRssMiB} as JSON. Run with Debian's python3.
import json
import resource
import sys
import time

import pandas as pd

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype=str)
codes = [pd.factorize(df[c])[0] for c in df.columns[:3]]
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(df), "seconds": seconds, "peakRssMiB": peak, "pandas": pd.__version__}))
