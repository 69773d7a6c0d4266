/// Storage SOP classes that are not images to annotate (PS3.4 Annex B, PS3.6 Annex A): segmentations, RT
/// objects, structured reports, presentation states, key object selections, encapsulated documents, raw data,
/// registrations, waveforms. They arrive through every door a PACS uses and must never become pool scans;
/// a SEG for a pool scan is a label, which only the label import reads.
public enum DICOMSOPClass {
    private static let nonImage: [(prefix: String, kind: String)] = [
        ("1.2.840.10008.5.1.4.1.1.66.4", "Segmentation (SEG)"),
        ("1.2.840.10008.5.1.4.1.1.66.5", "Surface Segmentation"),
        ("1.2.840.10008.5.1.4.1.1.66.1", "Spatial Registration"),
        ("1.2.840.10008.5.1.4.1.1.66.2", "Spatial Fiducials"),
        ("1.2.840.10008.5.1.4.1.1.66.3", "Deformable Spatial Registration"),
        ("1.2.840.10008.5.1.4.1.1.66", "Raw Data"),
        ("1.2.840.10008.5.1.4.1.1.481.2", "RT Dose"),
        ("1.2.840.10008.5.1.4.1.1.481.3", "RT Structure Set"),
        ("1.2.840.10008.5.1.4.1.1.481.", "RT object"),
        ("1.2.840.10008.5.1.4.1.1.88.59", "Key Object Selection"),
        ("1.2.840.10008.5.1.4.1.1.88.", "Structured Report (SR)"),
        ("1.2.840.10008.5.1.4.1.1.11.", "Presentation State"),
        ("1.2.840.10008.5.1.4.1.1.104.", "Encapsulated document"),
        ("1.2.840.10008.5.1.4.1.1.9.", "Waveform"),
        ("1.2.840.10008.5.1.4.1.1.67", "Real World Value Mapping"),
    ]

    /// RT Image (481.1) is an image; every other RT class is not.
    private static let rtImage = "1.2.840.10008.5.1.4.1.1.481.1"

    /// What the object is when it is not an image, else nil.
    public static func nonImageKind(_ uid: String) -> String? {
        guard uid != rtImage else { return nil }
        return nonImage.first { entry in
            entry.prefix.hasSuffix(".") ? uid.hasPrefix(entry.prefix) : uid == entry.prefix
        }?.kind
    }

    /// Refuses an instance that is not an image, naming what it is and where it belongs.
    public static func requireImage(_ header: DICOMHeader, source: String) throws(ImagingError) {
        guard let uid = header.sopClassUID, let kind = nonImageKind(uid) else { return }
        throw .unsupported(file: source, field: "SOPClassUID", value: "\(uid) (\(kind))",
                           fix: "this is not an image to annotate, so it never joins the pool; "
                               + (kind.hasPrefix("Segmentation") ? "import a SEG for a pool scan with scanselect label import"
                                                                  : "send only the image series"))
    }
}
