#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole regular file straight into one array (no intermediate Data copy: decode throughput is
/// dominated by memory traffic), turning system errors into the library's typed error. A file larger than the
/// decode budget is refused before it is read: no image ScanSelect accepts is that large on disk.
func readFileBytes(_ path: String) throws(ImagingError) -> [UInt8] {
    try readFilePrefix(path, limit: nil).bytes
}

/// The first `limit` bytes of a file (all of it when `limit` is nil or the file is shorter), and whether that is
/// the whole file.
func readFilePrefix(_ path: String, limit: Int?) throws(ImagingError) -> (bytes: [UInt8], isWhole: Bool) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
        throw .unreadable(file: path, reason: "not a regular file")
    }
    let fileSize = Int(info.st_size)
    if limit == nil { try DecodeBudget.require(fileSize, file: path, field: "file size") }
    let size = min(fileSize, limit ?? fileSize)
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
        initialised = 0
        guard let base = buffer.baseAddress else { return }
        while initialised < size {
            let count = read(descriptor, base + initialised, size - initialised)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { failure = errno }
            // A file that shrinks while being read ends early; the parsers then report it as truncated.
            if count <= 0 { return }
            initialised += count
        }
    }
    if failure != 0 { throw .unreadable(file: path, reason: String(cString: strerror(failure))) }
    return (bytes, size == fileSize)
}

/// Public entry for other modules' file reads (the ingest-service's), with the same size budget.
public enum BudgetedFile {
    public static func read(_ path: String) throws(ImagingError) -> [UInt8] { try readFileBytes(path) }
}
