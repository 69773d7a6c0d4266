/// A mask sent from the scan page, on its way into the label importer (which tells PNG, JPEG, NIfTI and DICOM SEG
/// apart by their bytes). The file's own name never reaches the database or the logs, since it may carry a
/// patient's name: the label's source is the uploader.
struct MaskUpload: Sendable {
    let bytes: [UInt8]
    let user: String

    init(form: FormBody, user: String) throws(ConsoleError) {
        guard let file = form.files["mask"], !file.bytes.isEmpty else {
            throw .badRequest(reason: "no mask file in the form: choose a PNG, NIfTI or DICOM SEG mask on the scan page")
        }
        (bytes, self.user) = (file.bytes, user)
    }

    /// The label's source reference and the name its errors use.
    var sourceName: String { "console upload by \(user)" }
}
