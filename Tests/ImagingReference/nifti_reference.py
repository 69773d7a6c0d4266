"""Reference values for the NIfTI reader tests, produced by nibabel.

usage:
  nifti_reference.py generate OUT_DIR         writes NIfTI-1/-2, .nii/.nii.gz, both byte orders, every scalar
                                              datatype, with scl_slope/scl_inter and qform/sform variants
  nifti_reference.py describe OUT_DIR FILE... describes existing files
Both write OUT_DIR/index.json: path, shape, zooms, affine (row-major), and NAME.values = get_fdata() in
storage (Fortran) order as little-endian float32.
"""
import json
import os
import struct
import sys

import nibabel as nib
import numpy as np

DTYPES = ["uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"]


def describe(path, out_dir, index):
    image = nib.load(path)
    data = np.asarray(image.get_fdata(), dtype="<f4")
    target = os.path.join(out_dir, f"{index:04d}.values")
    data.ravel(order="F").tofile(target)
    header = image.header
    return {"path": path, "values": target, "shape": [int(s) for s in image.shape],
            "zooms": [float(z) for z in header.get_zooms()],
            "affine": [float(v) for v in np.asarray(image.affine).reshape(-1)],
            "datatype": int(header["datatype"])}


def patch_scaling(path, version, endian, slope, inter):
    """nibabel recomputes scl_slope/scl_inter on save, so write the chosen pair into the header directly."""
    offset, fmt = (112, "f") if version == 1 else (176, "d")
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(struct.pack(endian + fmt + fmt, slope, inter))


def generate(out_dir):
    rng = np.random.default_rng(1234)
    rotation = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    records = []
    number = 0
    for version, image_class, header_class in ((1, nib.Nifti1Image, nib.Nifti1Header),
                                               (2, nib.Nifti2Image, nib.Nifti2Header)):
        for dtype in DTYPES:
            for endian in ("<", ">"):
                number += 1
                shape = (5, 4, 3) if number % 3 else (4, 3, 2, 2)
                info = np.iinfo(dtype) if dtype[0] in "ui" else None
                low, high = (max(info.min, -30000), min(info.max, 30000)) if info else (-1000.0, 1000.0)
                array = (rng.uniform(low, high, size=shape)).astype(dtype)
                zooms = (0.7, 1.3, 2.5)
                affine = np.eye(4)
                affine[:3, :3] = rotation * zooms
                affine[:3, 3] = (-10.0, 20.5, 3.25)
                header = header_class(endianness=endian)
                image = image_class(array, affine, header=header)
                image.set_data_dtype(dtype)
                form = number % 3  # 0: sform only, 1: qform only, 2: neither (base affine)
                if form == 0:
                    image.set_qform(None, code=0)
                    image.set_sform(affine, code=2)
                elif form == 1:
                    image.set_qform(affine, code=1)
                    image.set_sform(None, code=0)
                else:
                    image.set_qform(None, code=0)
                    image.set_sform(None, code=0)
                suffix = ".nii.gz" if number % 2 else ".nii"
                path = os.path.join(out_dir, f"v{version}_{dtype}_{'be' if endian == '>' else 'le'}{suffix}")
                nib.save(image, path)
                if number % 4 == 0 and suffix == ".nii":
                    patch_scaling(path, version, endian, 0.5, -7.25)
                records.append(describe(path, out_dir, len(records)))
    return records


def main():
    mode, out_dir = sys.argv[1], sys.argv[2]
    if mode == "generate":
        records = generate(out_dir)
    else:
        records = [describe(path, out_dir, index) for index, path in enumerate(sys.argv[3:])]
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(records, handle, indent=1)


if __name__ == "__main__":
    main()
