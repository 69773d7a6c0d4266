"""DICOM and mask inputs for the ingest tests, built from pydicom's CT_small.dcm and the shared cxr-lungs masks.

usage:
  make_inputs.py series OUT_DIR SLICES GAP_MM   one CT series of SLICES single-frame files (own Series UID), slices
                                                GAP_MM apart along the normal, written in shuffled order
  make_inputs.py phi OUT_FILE MARKER            one CT instance whose patient, physician, institution and accession
                                                attributes all contain MARKER (fresh UIDs)
  make_inputs.py instance OUT_FILE              one CT instance with fresh UIDs
  make_inputs.py resize_mask IN OUT SIZE        a label PNG resized (nearest) to SIZE x SIZE
  make_inputs.py relabel IN OUT SYNTAX          IN with fresh UIDs and its transfer syntax UID replaced by SYNTAX (pixel
                                                data untouched: a file in a syntax ScanSelect does not decode)
  make_inputs.py mixed_study OUT_DIR            one study as a PACS holds it: an uncompressed CT, one image in each
                                                JPEG-family transfer syntax (pydicom's files, DCMTK for the others),
                                                and three non-images (SEG, RT Dose, SR), all with fresh UIDs
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


def relabel(source, out_file, syntax):
    ds = fresh(pydicom.dcmread(source))
    ds.file_meta.TransferSyntaxUID = syntax
    ds.save_as(out_file)
    print(json.dumps({"file": out_file, "sop_instance_uid": ds.SOPInstanceUID, "sop_class_uid": ds.SOPClassUID,
                      "series_uid": ds.SeriesInstanceUID}))


def mixed_study(out_dir):
    import subprocess
    os.makedirs(out_dir, exist_ok=True)
    test_files = os.path.dirname(SOURCE)
    study_uid = generate_uid()
    plain = os.path.join(out_dir, "ct.dcm")
    fresh(pydicom.dcmread(SOURCE)).save_as(plain)
    # Near-lossless JPEG-LS takes unsigned samples only, as many CR/DX images are.
    unsigned = fresh(pydicom.dcmread(SOURCE))
    unsigned.PixelData = (unsigned.pixel_array.astype(np.int32) + 2048).clip(0, 65535).astype("<u2").tobytes()
    unsigned.PixelRepresentation = 0
    unsigned.RescaleIntercept = -2048
    unsigned_path = os.path.join(out_dir, "ct_unsigned.dcm")
    unsigned.save_as(unsigned_path)
    made = [(plain, None)]
    for name in ["SC_rgb_jpeg_dcmtk.dcm", "JPGExtended.dcm", "SC_rgb_jpeg_gdcm.dcm", "MR_small_jpeg_ls_lossless.dcm",
                 "MR_small_jp2klossless.dcm", "JPEG2000.dcm"]:
        made.append((os.path.join(test_files, name), None))
    for name, command, source in [("lossless_p3.dcm", ["dcmcjpeg", "+el", "+sv", "3"], plain),
                                  ("jls_near.dcm", ["dcmcjpls", "+en"], unsigned_path)]:
        subprocess.run(command + [source, os.path.join(out_dir, name)], check=True, capture_output=True)
        made.append((os.path.join(out_dir, name), None))
    made += [(SOURCE, "1.2.840.10008.5.1.4.1.1.66.4"), (os.path.join(test_files, "rtdose.dcm"), None),
             (os.path.join(test_files, "test-SR.dcm"), None)]
    images, refused = [], []
    for index, (path, sop_class) in enumerate(made):
        ds = fresh(pydicom.dcmread(path))
        ds.StudyInstanceUID = study_uid
        if sop_class:
            ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = sop_class
        out = os.path.join(out_dir, f"{index:02d}.dcm")
        ds.save_as(out)
        entry = {"file": out, "sop_instance_uid": ds.SOPInstanceUID, "sop_class_uid": ds.SOPClassUID,
                 "transfer_syntax": str(ds.file_meta.TransferSyntaxUID)}
        (images if "PixelData" in ds and not sop_class and ds.Modality not in ("RTDOSE", "SR") else refused).append(entry)
    print(json.dumps({"study_uid": study_uid, "images": images, "refused": refused}))


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
    elif command == "relabel":
        relabel(args[0], args[1], args[2])
    elif command == "mixed_study":
        mixed_study(args[0])
    elif command == "resize_mask":
        resize_mask(args[0], args[1], int(args[2]))
