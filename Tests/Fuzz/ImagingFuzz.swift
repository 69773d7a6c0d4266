// libFuzzer entry point for the Imaging parsers (DICOM, NIfTI, PNG and the normalisation that follows them).
// Build and run: see the "Fuzzing the image parsers" section of the README.
import Imaging

@_cdecl("LLVMFuzzerTestOneInput")
public func imagingFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    // Any outcome but a crash, hang or sanitizer report is fine: rejecting garbage with a typed error is the point.
    if let volume = try? ImageLoader.load(bytes, source: "fuzz-input"), volume.width * volume.height <= 1 << 22 {
        _ = IngestPreprocessor(workingWidth: 32, workingHeight: 32).prepare(volume)
    }
    return 0
}
