#!/usr/bin/python3
"""Sends the phantom pool to a ScanSelect ingest-service over STOW-RS, as a PACS would.

Each pool phantom (scanselect phantoms' manifest.csv) becomes a Secondary Capture instance in a study and series of
its own, with UIDs derived from the phantom id so reruns send the same objects. Writes labels.csv (SOP Instance UID,
mask file name) for `scanselect label import --manifest` once the masks sit beside it.

usage: stow_phantoms.py MANIFEST URL TOKEN LABELS_CSV
"""
import csv
import io
import os
import sys
import urllib.request

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"


def instance(image_path, phantom_id):
    pixels = np.asarray(Image.open(image_path).convert("L"), dtype=np.uint8)
    uid = lambda role: generate_uid(entropy_srcs=["scanselect-compose-test", phantom_id, role])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SECONDARY_CAPTURE
    meta.MediaStorageSOPInstanceUID = uid("instance")
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SECONDARY_CAPTURE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = uid("study")
    ds.SeriesInstanceUID = uid("series")
    ds.PatientName = "Phantom"
    ds.PatientID = "PHANTOM"
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = pixels.shape
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = pixels.tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    buffer = io.BytesIO()
    ds.save_as(buffer, write_like_original=False)
    return ds.SOPInstanceUID, buffer.getvalue()


def stow(url, token, parts):
    boundary = "scanselect-compose-test-boundary"
    body = b"".join(b"--" + boundary.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n" + part + b"\r\n"
                    for part in parts) + b"--" + boundary.encode() + b"--\r\n"
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
        "Accept": "application/dicom+json",
        "Authorization": f"Bearer {token}",
    })
    with urllib.request.urlopen(request, timeout=300) as response:
        if response.status != 200:
            sys.exit(f"STOW-RS answered {response.status}: {response.read()[:500]!r}")


def main():
    manifest, url, token, labels_csv = sys.argv[1:5]
    base = os.path.dirname(manifest)
    with open(manifest, newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["split"] == "pool"]
    labels = []
    batch = []
    for row in rows:
        sop_uid, data = instance(os.path.join(base, row["image"]), row["id"])
        batch.append(data)
        labels.append((sop_uid, os.path.basename(row["mask"])))
        if len(batch) == 8:
            stow(url, token, batch)
            batch = []
    if batch:
        stow(url, token, batch)
    with open(labels_csv, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["scan", "mask"])
        writer.writerows(labels)
    print(f"sent {len(rows)} instances to {url}")


if __name__ == "__main__":
    main()
