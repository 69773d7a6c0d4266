"""DICOM and mask inputs for the ingest tests, built from pydicom's CT_small.dcm and the shared cxr-lungs masks.

usage:
  make_inputs.py series OUT_DIR SLICES GAP_MM   one CT series of SLICES single-frame files (own Series UID), slices
                                                GAP_MM apart along the normal, written in shuffled order
  make_inputs.py phi OUT_FILE MARKER            one CT instance whose patient, physician, institution and accession
                                                attributes all contain MARKER (fresh UIDs)
  make_inputs.py instance OUT_FILE              one CT instance with fresh UIDs
  make_inputs.py resize_mask IN OUT SIZE        a label PNG resized (nearest) to SIZE x SIZE
Prints JSON describing what was written.
"""
import json
import os
import random
import sys

import numpy as np
import pydicom
from pydicom.uid import generate_uid

SOURCE = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")


def fresh(ds, series_uid=None):
    ds.StudyInstanceUID = ds.StudyInstanceUID if series_uid else generate_uid()
    ds.SeriesInstanceUID = series_uid or generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    return ds


def series(out_dir, slices, gap):
    os.makedirs(out_dir, exist_ok=True)
    base = pydicom.dcmread(SOURCE)
    orientation = np.array([float(v) for v in base.ImageOrientationPatient])
    normal = np.cross(orientation[:3], orientation[3:])
    origin = np.array([float(v) for v in base.ImagePositionPatient])
    series_uid, study_uid = generate_uid(), generate_uid()
    order = list(range(slices))
    random.Random(7).shuffle(order)
    files = []
    for file_index, slice_index in enumerate(order):
        ds = pydicom.dcmread(SOURCE)
        ds.StudyInstanceUID = study_uid
        fresh(ds, series_uid)
        ds.InstanceNumber = slice_index + 1
        ds.ImagePositionPatient = [f"{v:.4f}" for v in origin + normal * gap * slice_index]
        ds.PixelData = (ds.pixel_array.astype(np.int16) + np.int16(10 * slice_index)).astype("<i2").tobytes()
        path = os.path.join(out_dir, f"slice{file_index:02d}.dcm")
        ds.save_as(path)
        files.append(path)
    print(json.dumps({"files": files, "series_uid": series_uid, "study_uid": study_uid, "rows": int(base.Rows), "columns": int(base.Columns),
                      "pixel_spacing": [float(v) for v in base.PixelSpacing]}))


def phi(out_file, marker):
    ds = fresh(pydicom.dcmread(SOURCE))
    ds.PatientName = f"{marker}^NAME"
    ds.PatientID = f"{marker}ID"
    ds.PatientBirthDate = "19230417"
    ds.PatientAddress = f"{marker} STREET 1"
    ds.InstitutionName = f"{marker} HOSPITAL"
    ds.ReferringPhysicianName = f"{marker}^DOCTOR"
    ds.AccessionNumber = f"{marker}ACC"
    ds.save_as(out_file)
    print(json.dumps({"file": out_file, "sop_instance_uid": ds.SOPInstanceUID,
                      "markers": [str(ds.PatientName), ds.PatientID, ds.PatientBirthDate, ds.PatientAddress,
                                  ds.InstitutionName, str(ds.ReferringPhysicianName), ds.AccessionNumber]}))


def instance(out_file):
    ds = fresh(pydicom.dcmread(SOURCE))
    ds.save_as(out_file)
    print(json.dumps({"file": out_file, "sop_instance_uid": ds.SOPInstanceUID, "sop_class_uid": ds.SOPClassUID}))


def resize_mask(source, out_file, size):
    from PIL import Image
    Image.open(source).resize((size, size), Image.NEAREST).save(out_file)
    print(json.dumps({"file": out_file}))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "series":
        series(args[0], int(args[1]), float(args[2]))
    elif command == "phi":
        phi(args[0], args[1])
    elif command == "instance":
        instance(args[0])
    elif command == "resize_mask":
        resize_mask(args[0], args[1], int(args[2]))
