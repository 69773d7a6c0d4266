"""NIfTI source and reader for the pre-annotation test (nibabel, the independent reader).

usage: nifti_peer.py make OUT_DIR  -> writes OUT_DIR/volume.nii (20x24x3 float32, an oblique affine), prints its path
usage: nifti_peer.py read FILE     -> prints JSON: shape, affine (sform, row-major), sform code, voxel sizes, data
                                      (x fastest, as ScanSelect lays volumes out)
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


if __name__ == "__main__":
    make(sys.argv[2]) if sys.argv[1] == "make" else read(sys.argv[2])
