"""Inputs for `scanselect bench dimse`: one series of 512x512 16-bit CT slices made from pydicom's CT_small.dcm.

usage: dimse_bench_inputs.py OUT_DIR COUNT
Prints JSON {"files": [...], "bytes": total size}.
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.uid import generate_uid

SOURCE = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")


def main(out_dir, count):
    os.makedirs(out_dir, exist_ok=True)
    base = pydicom.dcmread(SOURCE)
    big = np.kron(base.pixel_array, np.ones((4, 4), dtype=base.pixel_array.dtype))
    series, study = generate_uid(), generate_uid()
    files = []
    for index in range(count):
        ds = pydicom.dcmread(SOURCE)
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.InstanceNumber = index + 1
        ds.Rows, ds.Columns = big.shape
        ds.PixelData = (big + index).astype("<i2").tobytes()
        path = os.path.join(out_dir, f"slice{index:04d}.dcm")
        ds.save_as(path)
        files.append(path)
    print(json.dumps({"files": files, "bytes": sum(os.path.getsize(f) for f in files)}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
