"""Small files whose headers claim enormous images, for the decode-budget tests.

usage: decode_bombs.py OUT_DIR
Writes tall.nii.gz (1x1x32767 voxels: tiny decoded, 8.6 GB on a 256² working grid), huge.png (a 1-bit
30000x30000 PNG of about 100 KB that decodes to 3.6 GB of Float) and frames.dcm (pydicom's JPEG-LS MR with Rows,
Columns and NumberOfFrames raised to 4096x4096x1000). Prints JSON {name: path}.
"""
import json
import os
import struct
import sys
import zlib

import nibabel as nib
import numpy as np
import pydicom
from pydicom.uid import generate_uid


def png(path, size):
    row = b"\x00" + bytes((size + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(size)) + compressor.flush()

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    with open(path, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tall = os.path.join(out_dir, "tall.nii.gz")
    nib.save(nib.Nifti1Image(np.zeros((1, 1, 32767), dtype=np.uint8), np.eye(4)), tall)
    huge = os.path.join(out_dir, "huge.png")
    png(huge, 30000)
    frames = os.path.join(out_dir, "frames.dcm")
    ds = pydicom.dcmread(os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files",
                                      "MR_small_jpeg_ls_lossless.dcm"))
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Rows, ds.Columns, ds.NumberOfFrames = 4096, 4096, 1000
    ds.save_as(frames)
    print(json.dumps({"tall": tall, "huge": huge, "frames": frames}))


if __name__ == "__main__":
    main(sys.argv[1])
