#!/usr/bin/python3
"""Writes the .npy fixtures in packages/io/fixtures/npy with Debian's python3-numpy (1.24.2 when committed).

Run from the repository root: /usr/bin/python3 reference/npy_fixtures.py
Each fixture's expected dtype, shape and values (C order, as plain lists) go to expected.json beside them.
"""
import json
import os

import numpy as np
from numpy.lib import format as npf

out = "packages/io/fixtures/npy"
os.makedirs(out, exist_ok=True)
expected = {}


def save(name, arr, version=None):
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        npf.write_array(f, arr, version=version)
    expected[name] = {
        "dtype": arr.dtype.name,
        "shape": list(arr.shape),
        "values": np.ascontiguousarray(arr).ravel().tolist(),
    }


a = np.arange(12, dtype=np.float64).reshape(3, 4) / 8 - 0.5
save("f8_2d.npy", a)
save("f4_2d.npy", a.astype(np.float32))
save("i4_1d.npy", np.array([-3, 0, 7, 2**31 - 1], dtype=np.int32))
save("i8_1d.npy", np.array([-(2**40), 0, 5, 2**53 - 1], dtype=np.int64))
save("f8_big_endian.npy", a.astype(">f8"))
save("f8_fortran.npy", np.asfortranarray(a))
save("f4_3d_fortran.npy", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
save("f8_v2.npy", a, version=(2, 0))
save("f8_v3.npy", a, version=(3, 0))
save("bool_1d.npy", np.array([True, False, True]))
save("u1_1d.npy", np.array([0, 200, 255], dtype=np.uint8))
save("f8_empty.npy", np.zeros((0, 3)))
save("f8_scalar.npy", np.array(2.5))
# A truncated copy: the header is intact but the last 5 data bytes are missing.
with open(os.path.join(out, "f8_2d.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(data[:-5])
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"numpy": np.__version__, "arrays": expected}, f, indent=1)
print("numpy", np.__version__, "wrote", len(expected) + 1, "files")
