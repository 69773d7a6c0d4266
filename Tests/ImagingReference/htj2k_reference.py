"""High-Throughput JPEG 2000 codestreams and their reference decode, made with OpenJPH through imagecodecs (PyPI).

usage: htj2k_reference.py OUT_DIR
Runs in its own virtual environment (imagecodecs needs numpy 2; scripts/install-deps makes
/opt/scanselect-codec-peers). Writes NAME.j2c (the codestream, lossless), NAME.raw (OpenJPH's decode,
little-endian) and codestreams.json: [{name, rows, columns, samples, bits, signed, dtype}].
"""
import json
import os
import sys

import imagecodecs
import numpy as np


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(11)
    y, x = np.mgrid[0:192, 0:160]
    body = np.exp(-(((x - 80) / 60.0) ** 2 + ((y - 96) / 70.0) ** 2))
    images = {
        "ct12": ((body * 3000 + rng.normal(0, 40, body.shape)).clip(0, 4095).astype(np.uint16), 12),
        "signed16": ((body * 20000 - 8000 + rng.normal(0, 300, body.shape)).astype(np.int16), 16),
        "mono8": ((body * 250).astype(np.uint8), 8),
        "rgb8": (np.stack([(body * 250).astype(np.uint8), (x % 256).astype(np.uint8),
                           (y % 256).astype(np.uint8)], axis=-1), 8),
    }
    records = []
    for name, (array, bits) in images.items():
        codestream = imagecodecs.htj2k_encode(array)
        decoded = imagecodecs.htj2k_decode(codestream)
        with open(os.path.join(out_dir, name + ".j2c"), "wb") as handle:
            handle.write(codestream)
        decoded.astype(decoded.dtype.newbyteorder("<")).tofile(os.path.join(out_dir, name + ".raw"))
        records.append({"name": name, "rows": int(array.shape[0]), "columns": int(array.shape[1]),
                        "samples": 3 if array.ndim == 3 else 1, "bits": bits,
                        "signed": bool(np.issubdtype(array.dtype, np.signedinteger)), "dtype": decoded.dtype.name})
    with open(os.path.join(out_dir, "codestreams.json"), "w") as handle:
        json.dump(records, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
