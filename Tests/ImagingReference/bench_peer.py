"""Decode throughput of the peer libraries, for comparison with `ImagingBenchmark.decodeThroughput`.

usage: bench_peer.py WORK_DIR [SECONDS_PER_CASE]
Creates the benchmark inputs in WORK_DIR (512x512 16-bit CT as uncompressed, RLE, JPEG Lossless SV1, JPEG-LS and
JPEG 2000 lossless DICOM, built from pydicom's CT_small.dcm with pydicom, DCMTK and GDCM), then times each peer
doing the same work as ImageLoader.load: read the file and produce float pixel values (pydicom: pixel_array +
modality LUT, with GDCM as the decoder of the compressed ones; Pillow: PNG to float32 array; nibabel: get_fdata()).
Prints JSON: {"cases": {name: {"files": [...], "images_per_second": x}}}.
"""
import glob
import json
import subprocess
import os
import sys
import time

import nibabel as nib
import numpy as np
import pydicom
from PIL import Image
from pydicom.pixel_data_handlers.util import apply_modality_lut
from pydicom.pixel_data_handlers import gdcm_handler
from pydicom.uid import RLELossless

PYDICOM_FILES = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
HERE = os.path.dirname(os.path.abspath(__file__))


def make_dicoms(work_dir):
    ds = pydicom.dcmread(os.path.join(PYDICOM_FILES, "CT_small.dcm"))
    big = np.kron(ds.pixel_array, np.ones((4, 4), dtype=ds.pixel_array.dtype))
    ds.Rows, ds.Columns = big.shape
    ds.PixelData = big.astype("<i2").tobytes()
    plain = os.path.join(work_dir, "ct512.dcm")
    ds.save_as(plain)
    ds.compress(RLELossless, big)
    rle = os.path.join(work_dir, "ct512_rle.dcm")
    ds.save_as(rle)
    compressed = {}
    for name, command in [("jpeg_lossless", ["dcmcjpeg", "+e1"]), ("jpegls", ["dcmcjpls", "+el"]),
                          ("j2k", ["gdcmconv", "-K"])]:
        path = os.path.join(work_dir, f"ct512_{name}.dcm")
        subprocess.run(command + [plain, path], check=True, capture_output=True)
        compressed[name] = path
    return plain, rle, compressed


def png_files():
    shared = os.environ.get("SCANSELECT_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
    files = sorted(glob.glob(os.path.join(shared, "data", "cxr-lungs", "images", "*.png")))
    return [f for f in files if Image.open(f).size == (512, 512)][:20]


def rate(files, decode, seconds):
    decode(files[0])  # warm caches and lazy imports
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in files:
            decode(path)
            count += 1
    return count / (time.perf_counter() - start)


def dicom_decode(path):
    ds = pydicom.dcmread(path)
    return apply_modality_lut(ds.pixel_array, ds)


def gdcm_decode(path):
    """pydicom with GDCM forced as the pixel handler: GDCM's codecs, the same bytes-to-floats work."""
    handlers = pydicom.config.pixel_data_handlers
    pydicom.config.pixel_data_handlers = [gdcm_handler]
    try:
        return dicom_decode(path)
    finally:
        pydicom.config.pixel_data_handlers = handlers


def main(work_dir, seconds):
    os.makedirs(work_dir, exist_ok=True)
    plain, rle, compressed = make_dicoms(work_dir)
    cases = {
        "png_512_grey": (png_files(), lambda p: np.asarray(Image.open(p), dtype=np.float32)),
        "dicom_uncompressed_512": ([plain], dicom_decode),
        "dicom_rle_512": ([rle], dicom_decode),
        "dicom_jpeg_lossless_512": ([compressed["jpeg_lossless"]], gdcm_decode),
        "dicom_jpegls_512": ([compressed["jpegls"]], gdcm_decode),
        "dicom_j2k_512": ([compressed["j2k"]], gdcm_decode),
        "nifti_gz_ch2": (["/usr/share/mricron/templates/ch2.nii.gz"], lambda p: nib.load(p).get_fdata()),
        "nifti_small": ([os.path.join(os.path.dirname(nib.__file__), "tests", "data", "anatomical.nii")],
                        lambda p: nib.load(p).get_fdata()),
    }
    result = {}
    for name, (files, decode) in cases.items():
        files = [f for f in files if os.path.exists(f)]
        if files:
            result[name] = {"files": files, "images_per_second": rate(files, decode, seconds)}
    print(json.dumps({"cases": result}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 3.0)
