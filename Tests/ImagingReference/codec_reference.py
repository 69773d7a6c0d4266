"""Reference decodes for the compressed-DICOM conformance test, produced by GDCM (Debian python3-gdcm).

usage: codec_reference.py OUTPUT_DIR PYDICOM_TEST_FILES
Gathers every compressed file among pydicom's test files, makes more with DCMTK (dcmcjpeg, dcmcjpls) and GDCM
(gdcmconv) in every JPEG-family transfer syntax from uncompressed images made here, then decodes each with GDCM.
Three more hold one multi-frame file in every fragment layout (their reference is the original's decode).
Writes OUTPUT_DIR/codecs.json (one record per file: path, transfer syntax, whether GDCM decodes it, its
photometric interpretation and pixel dtype) and NAME.raw (GDCM's decoded buffer, little-endian).
"""
import glob
import json
import os
import subprocess
import sys

import gdcm
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

COMPRESSED = {
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
    "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
}


def uncompressed(path, pixels, bits_stored, signed=False, photometric=None):
    """Writes an Explicit VR Little Endian secondary capture holding `pixels` (frames, rows, columns[, 3])."""
    frames = pixels.shape[0]
    colour = pixels.ndim == 4
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality = "OT"
    ds.Rows, ds.Columns = pixels.shape[1], pixels.shape[2]
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.SamplesPerPixel = 3 if colour else 1
    ds.PhotometricInterpretation = photometric or ("RGB" if colour else "MONOCHROME2")
    if colour:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = pixels.dtype.itemsize * 8
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.PixelData = pixels.astype(pixels.dtype.newbyteorder("<")).tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(path, write_like_original=False)
    return path


def sources(folder):
    """Smooth anatomy-like images plus noise, so every predictor and every DCT coefficient has work to do."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:256, 0:256]
    body = np.exp(-(((x - 128) / 90.0) ** 2 + ((y - 128) / 110.0) ** 2))
    ct = (body * 3000 + rng.normal(0, 40, body.shape)).clip(0, 4095).astype(np.uint16)
    made = {
        "ct12": uncompressed(os.path.join(folder, "ct12.dcm"), ct[None], 12),
        "ct12x3": uncompressed(os.path.join(folder, "ct12x3.dcm"), np.stack([ct, ct[::-1], ct[:, ::-1]]), 12),
        "signed16": uncompressed(os.path.join(folder, "signed16.dcm"),
                                 (ct.astype(np.int32) * 8 - 16000).astype(np.int16)[None], 16, signed=True),
        "mono8": uncompressed(os.path.join(folder, "mono8.dcm"), (ct[:200, :160] >> 4).astype(np.uint8)[None], 8),
    }
    rgb = np.stack([(body * 250).astype(np.uint8), (x % 256).astype(np.uint8), (y % 256).astype(np.uint8)], axis=-1)
    made["rgb8"] = uncompressed(os.path.join(folder, "rgb8.dcm"), rgb[None], 8)
    return made


def compress(folder, made):
    """DCMTK and GDCM encoders, one output per (source, syntax variant); returns the paths that were written."""
    for name, path in made.items():
        jobs = []
        if name in ("mono8", "rgb8"):
            jobs += [("baseline422", ["dcmcjpeg", "+eb", "+s2"]), ("baseline444", ["dcmcjpeg", "+eb", "+s4"])]
        if name != "signed16":
            jobs.append(("extended", ["dcmcjpeg", "+ee"]))
        jobs.append(("sv1", ["dcmcjpeg", "+e1"]))
        jobs += [(f"lossless_p{p}", ["dcmcjpeg", "+el", "+sv", str(p)]) for p in range(1, 8)]
        jobs += [("lossless_pt2", ["dcmcjpeg", "+el", "+sv", "1", "+pt", "2"]),
                 ("jls", ["dcmcjpls", "+el"]), ("jls_near", ["dcmcjpls", "+en"]),
                 ("j2k", ["gdcmconv", "-K"]), ("j2k_lossy", ["gdcmconv", "-K", "-Y", "-q", "50"])]
        for variant, command in jobs:
            out = os.path.join(folder, f"{name}_{variant}.dcm")
            # An encoder that refuses a source (e.g. baseline for 16 bits) simply makes no file.
            subprocess.run(command + [path, out], check=False, capture_output=True)
    return sorted(p for p in glob.glob(os.path.join(folder, "*_*.dcm")))


def frame_layouts(folder):
    """The 3-frame lossless file re-encapsulated every way PS3.5 A.4 allows: Extended Offset Table, empty Basic
    Offset Table with one fragment per frame, and frames split over several fragments found by their SOI marker.
    Each decodes to the same values as the original, whose GDCM decode is their reference."""
    from pydicom.encaps import encapsulate, encapsulate_extended, generate_pixel_data_frame
    source = os.path.join(folder, "ct12x3_sv1.dcm")
    ds = pydicom.dcmread(source)
    frames = list(generate_pixel_data_frame(ds.PixelData, 3))
    made = {}
    extended = pydicom.dcmread(source)
    extended.PixelData, extended.ExtendedOffsetTable, extended.ExtendedOffsetTableLengths = encapsulate_extended(frames)
    made["eot"] = extended
    plain = pydicom.dcmread(source)
    plain.PixelData = encapsulate(frames, has_bot=False)
    made["nobot"] = plain
    split = pydicom.dcmread(source)
    split.PixelData = encapsulate(frames, fragments_per_frame=3, has_bot=False)
    made["split"] = split
    paths = {}
    for name, dataset in made.items():
        path = os.path.join(folder, f"layout_{name}.dcm")
        dataset.save_as(path)
        paths[path] = source
    return paths


def gdcm_decode(path):
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        return None
    change = gdcm.ImageChangeTransferSyntax()
    change.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.ExplicitVRLittleEndian))
    change.SetInput(reader.GetImage())
    if not change.Change():
        return None
    image = change.GetOutput()
    buffer = image.GetBuffer().encode("utf-8", "surrogateescape")
    pixel = image.GetPixelFormat()
    dtype = {(8, 0): "uint8", (8, 1): "int8", (16, 0): "uint16", (16, 1): "int16"}.get(
        (pixel.GetBitsAllocated(), pixel.GetPixelRepresentation()))
    return buffer, dtype, str(image.GetPhotometricInterpretation()).strip()


def main(output_dir, pydicom_files):
    generated = os.path.join(output_dir, "generated")
    os.makedirs(generated, exist_ok=True)
    candidates = compress(generated, sources(generated))
    layouts = frame_layouts(generated)
    candidates += sorted(layouts)
    for path in sorted(glob.glob(os.path.join(pydicom_files, "**", "*"), recursive=True)):
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            if str(ds.file_meta.TransferSyntaxUID) in COMPRESSED:
                candidates.append(path)
        except Exception:
            continue
    records = []
    for index, path in enumerate(candidates):
        syntax = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
        record = {"path": path, "transfer_syntax": syntax, "generated": path.startswith(generated)}
        decoded = gdcm_decode(layouts.get(path, path))
        if decoded is None or decoded[1] is None:
            record["status"] = "reference_fails"
        else:
            buffer, dtype, photometric = decoded
            stem = os.path.join(output_dir, f"{index:03d}")
            with open(stem + ".raw", "wb") as handle:
                handle.write(buffer)
            record.update({"status": "ok", "stem": stem, "dtype": dtype, "photometric": photometric})
        records.append(record)
    with open(os.path.join(output_dir, "codecs.json"), "w") as handle:
        json.dump(records, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
