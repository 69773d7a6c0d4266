"""NIfTI source and reader for the pre-annotation test (nibabel, the independent reader).

usage: nifti_peer.py make OUT_DIR  -> writes OUT_DIR/volume.nii (20x24x3 float32, an oblique affine), prints its path
usage: nifti_peer.py read FILE     -> prints JSON: shape, affine (sform, row-major), sform code, voxel sizes, data
                                      (x fastest, as ScanSelect lays volumes out)
usage: nifti_peer.py masks SOURCE OUT_DIR -> masks of SOURCE's scan drawn on other grids, as 3D Slicer saves them
                                      (NIfTI, and NRRD written here to the format's specification: cropped.seg.nrrd,
                                      gzip, LPS space, the same voxels as cropped.nii.gz):
                                      cropped.nii.gz (a sub-box, x flipped, its own affine) and elsewhere.nii.gz (a
                                      grid that does not overlap the scan); prints their paths and the labels the
                                      cropped one means on the scan's grid (x fastest)
"""
import json
import os
import sys

import nibabel as nib
import numpy as np


def make(out_dir):
    angle = np.deg2rad(20)
    affine = np.array([[0.9 * np.cos(angle), -1.1 * np.sin(angle), 0, -30.5],
                       [0.9 * np.sin(angle), 1.1 * np.cos(angle), 0, 12.25],
                       [0, 0, 2.5, -7.0],
                       [0, 0, 0, 1]])
    data = np.random.default_rng(3).normal(100, 30, size=(20, 24, 3)).astype(np.float32)
    path = os.path.join(out_dir, "volume.nii")
    nib.save(nib.Nifti1Image(data, affine), path)
    print(json.dumps({"path": path, "affine": [float(v) for v in affine.reshape(-1)]}))


def read(path):
    image = nib.load(path)
    data = np.asarray(image.dataobj)
    print(json.dumps({
        "shape": list(data.shape),
        "affine": [float(v) for v in image.affine.reshape(-1)],
        "sform_code": int(image.header["sform_code"]),
        "zooms": [float(v) for v in image.header.get_zooms()],
        "data": [int(v) for v in data.reshape(-1, order="F")],
    }))


def masks(source, out_dir):
    scan = nib.load(source)
    shape = scan.shape[:3]
    labels = np.zeros(shape, dtype=np.uint8)
    labels[4:12, 6:15, 1] = 1
    labels[9:16, 10:20, 2] = 2
    # The sub-box [2:18, 3:22, 0:3] of the scan's grid, stored with x reversed: voxel (i, j, k) of the file is
    # scan voxel (17 - i, 3 + j, k).
    box = labels[2:18, 3:22, :][::-1, :, :]
    shift = np.array([[-1, 0, 0, 17], [0, 1, 0, 3], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    cropped = os.path.join(out_dir, "cropped.nii.gz")
    nib.save(nib.Nifti1Image(np.ascontiguousarray(box), scan.affine @ shift), cropped)
    expected = np.zeros(shape, dtype=np.uint8)
    expected[2:18, 3:22, :] = labels[2:18, 3:22, :]
    far = scan.affine.copy()
    far[:3, 3] += 1000.0
    elsewhere = os.path.join(out_dir, "elsewhere.nii.gz")
    nib.save(nib.Nifti1Image(labels, far), elsewhere)
    nrrd = os.path.join(out_dir, "cropped.seg.nrrd")
    write_nrrd(nrrd, np.ascontiguousarray(box), scan.affine @ shift)
    print(json.dumps({"cropped": cropped, "elsewhere": elsewhere, "nrrd": nrrd,
                      "expected": [int(v) for v in expected.reshape(-1, order="F")]}))


def write_nrrd(path, data, ras_affine):
    """A label map as 3D Slicer writes it: NRRD0004, uchar, gzip, left-posterior-superior space, x fastest."""
    import gzip
    lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ ras_affine
    directions = " ".join("(" + ",".join(repr(float(v)) for v in lps[:3, axis]) + ")" for axis in range(3))
    origin = "(" + ",".join(repr(float(v)) for v in lps[:3, 3]) + ")"
    header = ("NRRD0004\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n"
              "type: unsigned char\ndimension: 3\nspace: left-posterior-superior\n"
              f"sizes: {data.shape[0]} {data.shape[1]} {data.shape[2]}\nspace directions: {directions}\n"
              "kinds: domain domain domain\nencoding: gzip\n"
              f"space origin: {origin}\nSegment0_LabelValue:=1\nSegment0_Name:=Segment_1\n\n")
    with open(path, "wb") as handle:
        handle.write(header.encode("ascii"))
        handle.write(gzip.compress(data.astype(np.uint8).tobytes(order="F")))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "masks":
        masks(sys.argv[2], sys.argv[3])
    else:
        read(sys.argv[2])
