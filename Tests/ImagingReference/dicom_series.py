"""Synthetic DICOM inputs built from pydicom's CT_small.dcm, with expected values computed by numpy.

usage: dicom_series.py OUT_DIR
Writes OUT_DIR/index.json with
  series:  five slices in shuffled file order (positions along the slice normal, 2.5 mm apart; `ranks` gives each
           file's place along the normal), the expected
           stacked volume (rescaled, slowest axis = slice) as float32, the voxel spacing and the RAS affine;
  mono1:   a MONOCHROME1 copy and its expected image (rescaled, then inverted within its range);
  bits12:  a 12-bit signed copy whose unused top bits hold garbage, and the expected stored values;
  ybr:     pydicom's YBR_FULL_422 test file and pydicom's conversion of it to RGB (uint8, as float32).
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.uid import generate_uid

SOURCE = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")


def rescaled(ds, array):
    return array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))


def series(out_dir, rng):
    base = pydicom.dcmread(SOURCE)
    orientation = np.array([float(v) for v in base.ImageOrientationPatient])
    row, column = orientation[:3], orientation[3:]
    normal = np.cross(row, column)
    origin = np.array([float(v) for v in base.ImagePositionPatient])
    gap = 2.5
    order = rng.permutation(5)
    slices, paths = [], []
    for file_index, slice_index in enumerate(order):
        ds = pydicom.dcmread(SOURCE)
        array = ds.pixel_array.astype(np.int16) + np.int16(10 * slice_index)
        ds.PixelData = array.astype("<i2").tobytes()
        ds.ImagePositionPatient = [f"{v:.4f}" for v in origin + normal * gap * slice_index]
        ds.InstanceNumber = int(rng.integers(1, 1000))
        ds.SOPInstanceUID = generate_uid()
        path = os.path.join(out_dir, f"slice{file_index}.dcm")
        ds.save_as(path)
        paths.append(path)
        slices.append((slice_index, rescaled(ds, array)))
    volume = np.stack([image for _, image in sorted(slices, key=lambda item: item[0])])
    volume.astype("<f4").tofile(os.path.join(out_dir, "series.f32"))
    dy, dx = (float(v) for v in base.PixelSpacing)
    lps = np.eye(4)
    lps[:3, 0], lps[:3, 1], lps[:3, 2], lps[:3, 3] = row * dx, column * dy, normal * gap, origin
    ras = np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps
    return {"files": paths, "ranks": [int(i) for i in order], "volume": os.path.join(out_dir, "series.f32"), "shape": list(volume.shape),
            "spacing": [dx, dy, gap], "affine": [float(v) for v in ras.reshape(-1)]}


def mono1(out_dir):
    ds = pydicom.dcmread(SOURCE)
    ds.PhotometricInterpretation = "MONOCHROME1"
    path = os.path.join(out_dir, "mono1.dcm")
    ds.save_as(path)
    image = rescaled(ds, pydicom.dcmread(path).pixel_array)
    expected = image.max() + image.min() - image
    expected.astype("<f4").tofile(os.path.join(out_dir, "mono1.f32"))
    return {"file": path, "expected": os.path.join(out_dir, "mono1.f32")}


def bits12(out_dir, rng):
    ds = pydicom.dcmread(SOURCE)
    values = rng.integers(-2048, 2048, size=(ds.Rows, ds.Columns)).astype(np.int16)
    garbage = rng.integers(0, 16, size=values.shape).astype(np.uint16) << 12
    stored = (values.view(np.uint16) & 0x0FFF) | garbage
    ds.PixelData = stored.astype("<u2").tobytes()
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 12, 11, 1
    path = os.path.join(out_dir, "bits12.dcm")
    ds.save_as(path)
    values.astype("<i2").tofile(os.path.join(out_dir, "bits12.i16"))
    return {"file": path, "expected": os.path.join(out_dir, "bits12.i16")}


def ybr(out_dir):
    from pydicom.pixel_data_handlers.util import convert_color_space
    path = os.path.join(os.path.dirname(SOURCE), "SC_ybr_full_422_uncompressed.dcm")
    rgb = convert_color_space(pydicom.dcmread(path).pixel_array, "YBR_FULL", "RGB")
    rgb.astype("<f4").tofile(os.path.join(out_dir, "ybr.f32"))
    return {"file": path, "expected": os.path.join(out_dir, "ybr.f32")}


def main(out_dir):
    rng = np.random.default_rng(42)
    index = {"series": series(out_dir, rng), "mono1": mono1(out_dir), "bits12": bits12(out_dir, rng), "ybr": ybr(out_dir)}
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(index, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
