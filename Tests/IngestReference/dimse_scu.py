"""pynetdicom as a scripted SCU against the DIMSE door: the statuses a modality would see.

usage: dimse_scu.py PORT CALLED_AE CALLING_AE CT_FILE LOSSLESS_FILE
Prints JSON: {"echo": status, "ct": status, "lossless": status, "corrupt": status, "seg": status (a CT data set under the SEG class),
"corrupt_uid": SOP Instance UID of the corrupt instance}.
"""
import json
import sys

import pydicom
from pydicom.uid import ExplicitVRLittleEndian, JPEGLosslessSV1, generate_uid
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, SegmentationStorage, Verification


def main(port, called, calling, ct_file, lossless_file):
    ae = AE(ae_title=calling)
    ae.add_requested_context(Verification)
    ae.add_requested_context(CTImageStorage, [ExplicitVRLittleEndian])
    ae.add_requested_context(CTImageStorage, [JPEGLosslessSV1])
    ae.add_requested_context(SegmentationStorage, [ExplicitVRLittleEndian])
    association = ae.associate("127.0.0.1", port, ae_title=called)
    if not association.is_established:
        print(json.dumps({"error": "association not established"}))
        return
    results = {"echo": association.send_c_echo().Status}
    results["ct"] = association.send_c_store(pydicom.dcmread(ct_file)).Status
    results["lossless"] = association.send_c_store(pydicom.dcmread(lossless_file)).Status
    # Pixel data cut to half: the header still says 128x128, so decoding must fail and the status say so.
    corrupt = pydicom.dcmread(ct_file)
    corrupt.SOPInstanceUID = generate_uid()
    corrupt.PixelData = corrupt.PixelData[: len(corrupt.PixelData) // 2]
    results["corrupt_uid"] = corrupt.SOPInstanceUID
    results["corrupt"] = association.send_c_store(corrupt).Status
    segmentation = pydicom.dcmread(ct_file)
    segmentation.SOPClassUID = SegmentationStorage
    segmentation.SOPInstanceUID = generate_uid()
    try:
        results["seg"] = association.send_c_store(segmentation).Status
    except ValueError:
        results["seg"] = "refused in negotiation"
    association.release()
    print(json.dumps(results))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
