import Foundation
import Imaging
import Ingest
import Phantoms

/// The soak's inputs: phantom chest X-rays with their masks, half delivered as PNG files through the drop folder,
/// half as DICOM instances pushed over STOW-RS; every input keeps its phantom id so that runs compare.
struct ChaosInputs: Sendable {
    struct Instance: Sendable {
        let id: String
        let uid: String
        let bytes: [UInt8]
    }

    let staging: String
    let dropped: [String]
    let stowed: [Instance]
    var sent: [String] { dropped + stowed.map(\.id) }
    func mask(_ id: String) -> String { staging + "/masks/\(id).png" }
    func image(_ id: String) -> String { staging + "/images/\(id).png" }

    static func make(count: Int, size: Int, seed: UInt64, staging: String) throws -> ChaosInputs {
        let phantoms = try PhantomPool(poolCount: count, testCount: 0, size: size, seed: seed).generate()
        try PhantomWriter.write(phantoms, to: staging)
        var (dropped, stowed) = ([String](), [Instance]())
        for (index, phantom) in phantoms.enumerated() {
            if index % 2 == 0 {
                dropped.append(phantom.id)
            } else {
                let uid = "2.25.\(UInt64(index + 1) &* 1_000_003 &+ seed)"
                stowed.append(Instance(id: phantom.id, uid: uid, bytes: secondaryCapture(phantom, uid: uid)))
            }
        }
        return ChaosInputs(staging: staging, dropped: dropped, stowed: stowed)
    }

    /// Which input a scan came from: a dropped file by its name, a pushed instance by its UID.
    func inputName(sourceRef: String, instanceUIDs: [String]) -> String? {
        if let uid = instanceUIDs.first { return stowed.first { $0.uid == uid }?.id }
        return sourceRef.hasSuffix(".png") ? String(sourceRef.dropLast(4)) : nil
    }

    /// An 8-bit Secondary Capture image, its own study and series, as a PACS would push it.
    static func secondaryCapture(_ phantom: Phantom, uid: String) -> [UInt8] {
        let grey = phantom.image.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
        let sopClass = "1.2.840.10008.5.1.4.1.1.7"
        return DICOMPart10Writer.file(sopClassUID: sopClass, sopInstanceUID: uid, dataSet: [
            DICOMWriteElement(0x0008, 0x0016, .UI, sopClass), DICOMWriteElement(0x0008, 0x0018, .UI, uid),
            DICOMWriteElement(0x0008, 0x0060, .CS, "OT"),
            DICOMWriteElement(0x0020, 0x000D, .UI, uid + ".1"), DICOMWriteElement(0x0020, 0x000E, .UI, uid + ".2"),
            DICOMWriteElement(0x0020, 0x0013, .IS, "1"),
            .unsignedShort(0x0028, 0x0002, 1), DICOMWriteElement(0x0028, 0x0004, .CS, "MONOCHROME2"),
            .unsignedShort(0x0028, 0x0010, phantom.size), .unsignedShort(0x0028, 0x0011, phantom.size),
            .unsignedShort(0x0028, 0x0100, 8), .unsignedShort(0x0028, 0x0101, 8), .unsignedShort(0x0028, 0x0102, 7),
            .unsignedShort(0x0028, 0x0103, 0),
            DICOMWriteElement(0x7FE0, 0x0010, .OB, bytes: grey),
        ])
    }

    /// Drops the PNGs into `<inbox>/<project>/` (written under a hidden name, then renamed, as a copy tool does)
    /// and pushes the DICOM instances in batches, both spread over `seconds` so that faults meet them in flight.
    /// A push is retried until the service has stored it: a refused or unanswered push is the sender's to repeat.
    func deliver(inbox: String, project: String, stow: URL, token: String, seconds: Double) async throws {
        let folder = inbox + "/" + project
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let batches = 10
        for batch in 0..<batches {
            for id in dropped.enumerated().filter({ $0.offset % batches == batch }).map(\.element) {
                let hidden = folder + "/.\(id).png"
                try? FileManager.default.removeItem(atPath: hidden)
                try FileManager.default.copyItem(atPath: image(id), toPath: hidden)
                try FileManager.default.moveItem(atPath: hidden, toPath: folder + "/\(id).png")
            }
            let push = stowed.enumerated().filter { $0.offset % batches == batch }.map(\.element.bytes)
            if !push.isEmpty { try await Self.push(push, to: stow, token: token) }
            try await Task.sleep(for: .seconds(seconds / Double(batches)))
        }
    }

    static func push(_ instances: [[UInt8]], to url: URL, token: String) async throws {
        let boundary = "chaos-\(UUID().uuidString)"
        let body = Multipart.body(instances, boundary: boundary)
        let headers = ["Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
                       "Authorization": "Bearer \(token)"]
        for attempt in 1... {
            if let answer = try? await HTTPExchange.send(url, method: "POST", headers: headers, body: body, timeout: 30),
               answer.status == 200 {
                return
            }
            guard attempt < 120 else { throw ChaosError.pushFailed(url: url.absoluteString) }
            try await Task.sleep(for: .seconds(1))
        }
    }
}

enum ChaosError: Error, CustomStringConvertible {
    case pushFailed(url: String)
    case timedOut(waitingFor: String, seconds: Double)

    var description: String {
        switch self {
        case let .pushFailed(url): "STOW-RS push to \(url) not stored after 120 attempts: see the ingest-service's log"
        case let .timedOut(what, seconds): "gave up after \(Int(seconds)) s waiting for \(what): see the services' logs"
        }
    }
}
