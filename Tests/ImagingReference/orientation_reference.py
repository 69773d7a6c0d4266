"""Reference values for reorientation to RAS, produced by nibabel's as_closest_canonical.

usage: orientation_reference.py OUT_DIR
Writes volumes whose axes are permuted, flipped and slightly rotated against RAS (NAME.nii.gz, data 0, 1, 2, …
in storage order), and OUT_DIR/index.json: per file its path, canonical shape, canonical affine (row-major) and
NAME.canonical = the canonical image's data in storage (Fortran) order as little-endian float32.
"""
import itertools
import json
import os
import sys

import nibabel as nib
import numpy as np


def rotation(angles):
    x, y, z = angles
    rx = np.array([[1, 0, 0], [0, np.cos(x), -np.sin(x)], [0, np.sin(x), np.cos(x)]])
    ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    rz = np.array([[np.cos(z), -np.sin(z), 0], [np.sin(z), np.cos(z), 0], [0, 0, 1]])
    return rz @ ry @ rx


def main(out_dir):
    rng = np.random.default_rng(2601)
    records = []
    permutations = list(itertools.permutations(range(3)))
    for number in range(16):
        permutation = permutations[number % len(permutations)]
        signs = rng.choice([-1.0, 1.0], size=3)
        shape = tuple(int(v) for v in rng.choice(np.arange(2, 8), size=3, replace=False))
        zooms = rng.uniform(0.5, 3.0, size=3)
        linear = np.zeros((3, 3))
        for column, row in enumerate(permutation):
            linear[row, column] = signs[column] * zooms[column]
        linear = rotation(rng.uniform(-0.25, 0.25, size=3)) @ linear
        affine = np.eye(4)
        affine[:3, :3] = linear
        affine[:3, 3] = rng.uniform(-100, 100, size=3)
        data = np.arange(np.prod(shape), dtype=np.float32).reshape(shape, order="F")
        image = nib.Nifti1Image(data, affine)
        image.set_sform(affine, code=1)
        image.set_qform(affine, code=1)
        path = os.path.join(out_dir, f"{number:02d}.nii.gz")
        nib.save(image, path)
        canonical = nib.as_closest_canonical(nib.load(path))
        values = os.path.join(out_dir, f"{number:02d}.canonical")
        np.asarray(canonical.get_fdata(), dtype="<f4").ravel(order="F").tofile(values)
        records.append({"path": path, "values": values, "shape": [int(s) for s in canonical.shape],
                        "affine": [float(v) for v in np.asarray(canonical.affine).reshape(-1)]})
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(records, handle)


if __name__ == "__main__":
    main(sys.argv[1])
