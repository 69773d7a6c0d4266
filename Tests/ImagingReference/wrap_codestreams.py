"""Wraps the codestreams htj2k_reference.py wrote into DICOM files (pydicom), one per codestream.

usage: wrap_codestreams.py DIR TRANSFER_SYNTAX
Reads DIR/codestreams.json, writes DIR/NAME.dcm (secondary capture, encapsulated pixel data, the given transfer
syntax UID) and adds "path" to each record of DIR/codestreams.json.
pydicom 2.3 does not know the High-Throughput UIDs, so the file is written as JPEG 2000 Lossless and its file meta
Transfer Syntax UID is then replaced (with the group length adjusted).
"""
import json
import os
import struct
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid


def relabel(path, syntax):
    data = bytearray(open(path, "rb").read())
    old = b"1.2.840.10008.1.2.4.90"
    element = b"\x02\x00\x10\x00UI" + struct.pack("<H", len(old)) + old
    at = data.index(element)
    value = syntax.encode() + (b"\x00" if len(syntax) % 2 else b"")
    data[at:at + len(element)] = b"\x02\x00\x10\x00UI" + struct.pack("<H", len(value)) + value
    # (0002,0000) UL group length sits right after "DICM": tag (4), VR (2), length (2), value (4).
    group_length = struct.unpack("<I", data[140:144])[0]
    data[140:144] = struct.pack("<I", group_length + len(value) - len(old))
    open(path, "wb").write(bytes(data))


def main(folder, syntax):
    path = os.path.join(folder, "codestreams.json")
    records = json.load(open(path))
    for record in records:
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.90"
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = generate_uid(), generate_uid(), "OT"
        ds.Rows, ds.Columns, ds.SamplesPerPixel = record["rows"], record["columns"], record["samples"]
        ds.PhotometricInterpretation = "RGB" if record["samples"] == 3 else "MONOCHROME2"
        if record["samples"] == 3:
            ds.PlanarConfiguration = 0
        ds.BitsAllocated = 8 if record["bits"] <= 8 else 16
        ds.BitsStored, ds.HighBit = record["bits"], record["bits"] - 1
        ds.PixelRepresentation = 1 if record["signed"] else 0
        with open(os.path.join(folder, record["name"] + ".j2c"), "rb") as handle:
            ds.PixelData = encapsulate([handle.read()])
        ds["PixelData"].is_undefined_length = True
        ds.is_little_endian, ds.is_implicit_VR = True, False
        record["path"] = os.path.join(folder, record["name"] + ".dcm")
        ds.save_as(record["path"], write_like_original=False)
        relabel(record["path"], syntax)
    json.dump(records, open(path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
