/// Every way an input file can be rejected. Each message names the file, the field at fault and what the user
/// can do about it, because these errors surface verbatim in the ingest report a radiologist's IT team reads.
public enum ImagingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be read from disk at all.
    case unreadable(file: String, reason: String)
    /// An output file could not be written.
    case unwritable(file: String, reason: String)
    /// The leading bytes are not those of the expected format.
    case wrongMagic(file: String, format: String, found: String)
    /// A field needs more bytes than the file has left.
    case truncated(file: String, field: String, needed: Int, available: Int)
    /// A header claims more data than the file contains; refused before allocating anything.
    case implausibleSize(file: String, field: String, claimedBytes: Int, availableBytes: Int)
    /// Decoding would need more memory than the decode budget allows; refused before allocating anything.
    case overBudget(file: String, field: String, neededBytes: Int, budgetBytes: Int)
    /// A field holds a value the format forbids.
    case invalidField(file: String, field: String, value: String, fix: String)
    /// The value is legal in the format but this reader does not handle it.
    case unsupported(file: String, field: String, value: String, fix: String)
    /// A DICOM file uses a compressed transfer syntax this reader cannot decode.
    case unsupportedTransferSyntax(file: String, uid: String, name: String)
    /// An explicit-VR element carries a value representation that is not in PS3.5.
    case unknownVR(file: String, tag: String, vr: String)
    /// A zlib, gzip, deflate or RLE stream is damaged.
    case corruptCompressedData(file: String, field: String, detail: String)
    /// A stored checksum does not match the data.
    case checksumMismatch(file: String, field: String)
    /// Slices handed over as one series cannot form a volume.
    case inconsistentSeries(field: String, detail: String, fix: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the file (\(reason)). Check the path and its permissions."
        case let .unwritable(file, reason):
            return "\(file): cannot write the file (\(reason)). Check that the folder exists and is writable."
        case let .wrongMagic(file, format, found):
            return "\(file): not a \(format) file (leading bytes \(found)). Check that the file is a \(format) file "
                + "and was transferred in binary mode."
        case let .truncated(file, field, needed, available):
            return "\(file): truncated at \(field): needs \(needed) bytes but only \(available) remain. "
                + "The file is incomplete; copy or export it again."
        case let .implausibleSize(file, field, claimed, available):
            return "\(file): \(field) claims \(claimed) bytes of data but the file holds only \(available). "
                + "The header is corrupt or the file is truncated; export it again."
        case let .overBudget(file, field, needed, budget):
            return "\(file): \(field) needs \(needed) bytes to decode, above the budget of \(budget) bytes. Split the "
                + "series or multi-frame object into smaller ones before sending it."
        case let .invalidField(file, field, value, fix):
            return "\(file): invalid \(field) = \(value). \(fix)"
        case let .unsupported(file, field, value, fix):
            return "\(file): unsupported \(field) = \(value). \(fix)"
        case let .unsupportedTransferSyntax(file, uid, name):
            return "\(file): compressed transfer syntax \(uid) (\(name)) is not supported. Have the PACS transcode "
                + "to Explicit VR Little Endian (1.2.840.10008.1.2.1), e.g. Orthanc's DICOMweb ?transfer-syntax= "
                + "parameter / Accept header, or dcmtk's `dcmdjpeg`/`dcmconv +te`."
        case let .unknownVR(file, tag, vr):
            return "\(file): element \(tag) has unknown value representation \"\(vr)\". The data set is corrupt or "
                + "not DICOM; re-export it from the source system."
        case let .corruptCompressedData(file, field, detail):
            return "\(file): compressed \(field) is damaged (\(detail)). The file is corrupt; export it again."
        case let .checksumMismatch(file, field):
            return "\(file): checksum mismatch in \(field). The file is corrupt; export it again."
        case let .inconsistentSeries(field, detail, fix):
            return "series: inconsistent \(field): \(detail). \(fix)"
        }
    }
}
