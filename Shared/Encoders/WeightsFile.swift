import Crypto
import Engine
import Foundation
import SafeTensors

/// A safetensors state dict opened for one model family. Lookups throw errors that name the tensor, the
/// file and `fix` (how to export a matching file for this family).
public struct WeightsFile: Sendable {
    public let path: String
    public let checksum: String
    let file: SafeTensorsFile
    let fix: String

    public init(path: String, fix: String) throws(EncoderError) {
        do {
            file = try SafeTensorsFile(contentsOf: path)
        } catch {
            throw .weightsUnreadable(file: path, reason: error.description)
        }
        self.path = path
        self.fix = fix
        // The bytes are already in memory; hashing them equals `sha256sum` of the file.
        checksum = SHA256.hash(data: file.bytes).map { String(format: "%02x", $0) }.joined()
    }

    public func contains(_ name: String) -> Bool { file.entries[name] != nil }

    public func shape(_ name: String) throws(EncoderError) -> [Int] {
        guard let entry = file.entries[name] else { throw .missingParameter(name: name, file: path, fix: fix) }
        return entry.shape
    }

    /// The tensor, checked against `expected` when given.
    public func tensor(_ name: String, shape expected: [Int]? = nil) throws(EncoderError) -> Tensor {
        let found = try shape(name)
        if let expected, found != expected {
            throw .shapeMismatch(name: name, file: path, expected: expected, found: found, fix: fix)
        }
        do {
            return Tensor(shape: found, data: try file.floats(name))
        } catch {
            throw .weightsUnreadable(file: path, reason: error.description)
        }
    }
}
