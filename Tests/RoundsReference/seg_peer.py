"""Sources for the DICOM SEG pre-annotation test, and the independent readers that check what we wrote.

usage: seg_peer.py make OUT_DIR
  Writes a DX radiograph (no Frame of Reference) and a four-slice CT series (shuffled file order; SOP Instance
  UIDs chosen so their sorted order is not the slice order) with pydicom, and prints JSON:
  {"dx": file, "ct": [files], "ct_slice_uids": [SOP Instance UIDs along the slice normal]}.
usage: seg_peer.py write OUT_DIR SOURCE_FILE...
  Writes SEGs of the source series with highdicom, as an annotation tool would: a sparse binary SEG of two
  segments ("label 1", "Liver" = segment 2) and a fractional SEG of one segment ("label 1"), and prints JSON
  {"binary": file, "fractional": file, "binary_labels": [...], "fractional_labels": [...]} with the label values
  expected on the source grid, slice after slice along the normal (segment 2 becomes label 2; fractional > 0.5).
usage: seg_peer.py read SEG SOURCE_UID...
  Reads SEG with highdicom and prints JSON: the segment labels, the referenced study, the SEG's series and its
  pixels for the given source instances (in that order) with segments combined (value = segment number),
  as a flat list; and dciodvfy's error and warning lines for the file.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

STUDY = "1.2.826.0.1.3680043.8.498.77"


def base(sop_class, modality, rows, columns, series_uid, sop_uid):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.PatientName, ds.PatientID = "Test^Patient", "PID-0001"
    ds.PatientBirthDate, ds.PatientSex = "19700101", "O"
    ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20260101", "120000", "S1", "A1"
    ds.ReferringPhysicianName = ""
    ds.StudyInstanceUID, ds.SeriesInstanceUID = STUDY, series_uid
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, 1, 1
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    rng = np.random.default_rng(len(sop_uid))
    ds.PixelData = rng.integers(0, 4000, size=(rows, columns), dtype=np.uint16).astype("<u2").tobytes()
    return ds


def make(out_dir):
    dx = base("1.2.840.10008.5.1.4.1.1.1.1", "DX", 70, 90, STUDY + ".1", STUDY + ".1.1")
    dx.ImagerPixelSpacing = [0.5, 0.5]
    dx_path = os.path.join(out_dir, "dx.dcm")
    dx.save_as(dx_path, enforce_file_format=True)

    frame_of_reference = STUDY + ".9"
    orientation = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    # Slice k sits at z = 10 - 2.5 k: UIDs ending .k sort 0,1,2,3 while the normal (z) order is 3,2,1,0.
    paths, along_normal = [], []
    for file_index, k in enumerate([2, 0, 3, 1]):
        uid = f"{STUDY}.2.{k}"
        ds = base("1.2.840.10008.5.1.4.1.1.2", "CT", 40, 48, STUDY + ".2", uid)
        ds.FrameOfReferenceUID, ds.PositionReferenceIndicator = frame_of_reference, ""
        ds.ImageOrientationPatient = orientation
        ds.ImagePositionPatient = [-20.0, -24.0, 10.0 - 2.5 * k]
        ds.PixelSpacing, ds.SliceThickness = [0.8, 0.8], 2.5
        ds.InstanceNumber = k + 1
        ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
        path = os.path.join(out_dir, f"ct{file_index}.dcm")
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    along_normal = [f"{STUDY}.2.{k}" for k in [3, 2, 1, 0]]
    print(json.dumps({"dx": dx_path, "ct": paths, "ct_slice_uids": along_normal}))


def read(seg_path, sources):
    import highdicom as hd
    seg = hd.seg.segread(seg_path)
    numbers = [int(item.SegmentNumber) for item in seg.SegmentSequence]
    pixels = seg.get_pixels_by_source_instance(source_sop_instance_uids=sources, segment_numbers=numbers,
                                               combine_segments=True)
    checked = subprocess.run(["dciodvfy", seg_path], capture_output=True, text=True)
    lines = (checked.stdout + checked.stderr).splitlines()
    print(json.dumps({
        "segment_labels": [str(item.SegmentLabel) for item in seg.SegmentSequence],
        "algorithm": str(seg.SegmentSequence[0].SegmentAlgorithmName),
        "study": str(seg.StudyInstanceUID), "series": str(seg.SeriesInstanceUID), "modality": str(seg.Modality),
        "shape": list(pixels.shape), "pixels": [int(v) for v in pixels.reshape(-1)],
        "errors": [line for line in lines if line.startswith("Error")],
        "warnings": [line for line in lines if line.startswith("Warning")],
    }))


def write(out_dir, files):
    import highdicom as hd
    from pydicom.sr.codedict import codes
    sources = sorted((pydicom.dcmread(f) for f in files), key=lambda ds: float(ds.ImagePositionPatient[2]))
    depth, rows, columns = len(sources), int(sources[0].Rows), int(sources[0].Columns)
    labels = np.zeros((depth, rows, columns), dtype=np.uint8)
    labels[1, 5:20, 4:30] = 1          # one slice of segment 1
    labels[2, 10:30, 20:40] = 2        # segment 2 on another; slices 0 and 3 stay empty (sparse frames)
    labels[2, 2:6, 2:6] = 1

    def segment(number, label):
        return hd.seg.SegmentDescription(
            segment_number=number, segment_label=label, segmented_property_category=codes.cid7150.Tissue,
            segmented_property_type=codes.cid7166.ConnectiveTissue, algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL)

    common = dict(source_images=sources, series_number=3, instance_number=1, manufacturer="test",
                  manufacturer_model_name="annotator", software_versions="1", device_serial_number="1")
    binary = hd.seg.Segmentation(pixel_array=labels, segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
                                 segment_descriptions=[segment(1, "label 1"), segment(2, "Liver")],
                                 series_instance_uid=hd.UID(), sop_instance_uid=hd.UID(), **common)
    probability = np.where(labels == 1, 0.8, np.where(labels == 2, 0.4, 0.0)).astype(np.float32)
    fractional = hd.seg.Segmentation(pixel_array=probability, segmentation_type=hd.seg.SegmentationTypeValues.FRACTIONAL,
                                     segment_descriptions=[segment(1, "label 1")], max_fractional_value=255,
                                     series_instance_uid=hd.UID(), sop_instance_uid=hd.UID(), **common)
    # The same fractional SEG with RLE Lossless pixel data, as PACS and tools may store it compressed.
    compressed = hd.seg.Segmentation(pixel_array=probability, segmentation_type=hd.seg.SegmentationTypeValues.FRACTIONAL,
                                     segment_descriptions=[segment(1, "label 1")], max_fractional_value=255,
                                     series_instance_uid=hd.UID(), sop_instance_uid=hd.UID(),
                                     transfer_syntax_uid=hd.UID("1.2.840.10008.1.2.5"), **common)
    paths = {"binary": os.path.join(out_dir, "binary-seg.dcm"), "fractional": os.path.join(out_dir, "fractional-seg.dcm"),
             "compressed": os.path.join(out_dir, "fractional-rle-seg.dcm")}
    binary.save_as(paths["binary"])
    fractional.save_as(paths["fractional"])
    compressed.save_as(paths["compressed"])
    expected_fractional = (probability > 0.5).astype(np.uint8)
    print(json.dumps({**paths, "binary_frames": int(binary.NumberOfFrames),
                      "binary_labels": [int(v) for v in labels.reshape(-1)],
                      "fractional_labels": [int(v) for v in expected_fractional.reshape(-1)]}))


def read_probabilities(seg_path, sources):
    """A FRACTIONAL SEG's segments as highdicom rescales them (0..1), one array per segment, and dciodvfy's verdict."""
    import highdicom as hd
    seg = hd.seg.segread(seg_path)
    numbers = [int(item.SegmentNumber) for item in seg.SegmentSequence]
    pixels = seg.get_pixels_by_source_instance(source_sop_instance_uids=sources, segment_numbers=numbers,
                                               combine_segments=False, rescale_fractional=True)
    checked = subprocess.run(["dciodvfy", seg_path], capture_output=True, text=True)
    lines = (checked.stdout + checked.stderr).splitlines()
    print(json.dumps({
        "type": str(seg.SegmentationType), "fractional_type": str(seg.SegmentationFractionalType),
        "segments": [[float(v) for v in pixels[..., i].reshape(-1)] for i in range(len(numbers))],
        "errors": [line for line in lines if line.startswith("Error")],
        "warnings": [line for line in lines if line.startswith("Warning")],
    }))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "read-probabilities":
        read_probabilities(sys.argv[2], sys.argv[3:])
    else:
        read(sys.argv[2], sys.argv[3:])
