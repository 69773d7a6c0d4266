import Foundation
import TestFixtures
import XCTest

/// Files and reference peers of the imaging tests; where they are found is TestFixtures' business.
enum TestSupport {
    static func sharedFile(_ relative: String) throws -> String {
        try SharedData.path(relative)
    }

    /// A file a Debian package installs (pydicom's and nibabel's test data, mricron's templates).
    static func requireFile(_ path: String) throws -> String {
        try Prerequisite.file(path)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a reference script from Tests/ImagingReference and returns its standard output.
    @discardableResult
    static func runReference(_ script: String, module: String, arguments: [String]) throws -> String {
        try Python.runScript("Tests/ImagingReference/\(script)", module: module, arguments: arguments)
    }

    static func readJSON(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// Little-endian values of a numpy dtype written with `tofile`, widened to Int64.
    static func readIntegers(_ path: String, dtype: String) throws -> [Int64] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func values<T: FixedWidthInteger>(_: T.Type) -> [Int64] {
            data.withUnsafeBytes { raw in
                (0..<(raw.count / MemoryLayout<T>.size)).map {
                    Int64(T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)))
                }
            }
        }
        switch dtype {
        case "uint8": return values(UInt8.self)
        case "int8": return values(Int8.self)
        case "uint16": return values(UInt16.self)
        case "int16": return values(Int16.self)
        case "uint32": return values(UInt32.self)
        case "int32": return values(Int32.self)
        case "int64": return values(Int64.self)
        default: throw NSError(domain: "TestSupport", code: 1, userInfo: [NSLocalizedDescriptionKey: "dtype \(dtype)"])
        }
    }

    static func readFloat64(_ path: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }

    static func readFloat32(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
