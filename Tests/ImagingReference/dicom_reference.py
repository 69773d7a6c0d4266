"""Reference values for the DICOM conformance test, produced by pydicom.

usage: dicom_reference.py INPUT_DIR OUTPUT_DIR
Writes OUTPUT_DIR/index.json (one record per file pydicom reads) and, per decodable image, NAME.raw (pixel_array
as little-endian values of its dtype) and NAME.rescaled (float64 little-endian, modality LUT applied).
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut


def text(ds, keyword):
    value = ds.get(keyword)
    return None if value is None or value == "" else str(value)


def integer(ds, keyword):
    value = ds.get(keyword)
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def decimals(ds, keyword):
    value = ds.get(keyword)
    if value is None or value == "":
        return None
    values = value if isinstance(value, (list, pydicom.multival.MultiValue)) else [value]
    return [float(v) for v in values]


def main(input_dir, output_dir):
    records = []
    for root, _, files in os.walk(input_dir):
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith((".json", ".txt", ".dump", ".gz")) or name == "DICOMDIR":
                continue
            try:
                ds = pydicom.dcmread(path)
            except Exception as error:
                try:  # bare data sets without preamble and file meta, as pydicom reads them on request
                    ds = pydicom.dcmread(path, force=True) if name.endswith(".dcm") else None
                except Exception:
                    ds = None
                if ds is None or len(ds) == 0:
                    records.append({"path": path, "status": "unreadable", "error": str(error)})
                    continue
            meta = getattr(ds, "file_meta", None)
            record = {
                "path": path,
                "transfer_syntax": str(meta.get("TransferSyntaxUID")) if meta is not None and "TransferSyntaxUID" in meta else None,
                "modality": text(ds, "Modality"),
                "sop_class": text(ds, "SOPClassUID"),
                "study_uid": text(ds, "StudyInstanceUID"),
                "series_uid": text(ds, "SeriesInstanceUID"),
                "sop_uid": text(ds, "SOPInstanceUID"),
                "series_number": integer(ds, "SeriesNumber"),
                "instance_number": integer(ds, "InstanceNumber"),
                "pixel_spacing": decimals(ds, "PixelSpacing") or decimals(ds, "ImagerPixelSpacing"),
                "slice_thickness": (decimals(ds, "SliceThickness") or [None])[0],
                "image_position": decimals(ds, "ImagePositionPatient"),
                "image_orientation": decimals(ds, "ImageOrientationPatient"),
                "patient_name": text(ds, "PatientName"),
                "patient_id": text(ds, "PatientID"),
            }
            if "PixelData" not in ds:
                record["status"] = "no_pixels"
                records.append(record)
                continue
            try:
                array = ds.pixel_array
            except Exception as error:
                record["status"] = "pydicom_error"
                record["error"] = f"{type(error).__name__}: {error}"
                records.append(record)
                continue
            stem = os.path.join(output_dir, f"{len(records):03d}")
            array.astype(array.dtype.newbyteorder("<")).tofile(stem + ".raw")
            np.asarray(apply_modality_lut(array, ds), dtype="<f8").tofile(stem + ".rescaled")
            frames = int(ds.get("NumberOfFrames", 1) or 1)
            record.update({
                "status": "ok", "stem": stem, "dtype": array.dtype.name, "count": int(array.size),
                "rows": int(ds.Rows), "columns": int(ds.Columns), "frames": frames,
                "samples": int(ds.get("SamplesPerPixel", 1)),
                "photometric": str(ds.PhotometricInterpretation),
            })
            records.append(record)
    with open(os.path.join(output_dir, "index.json"), "w") as handle:
        json.dump(records, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
