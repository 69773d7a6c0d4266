import Benchmarks
import ArgumentParser
import Foundation
import Imaging

/// Decode throughput of the Imaging library against Pillow, pydicom and nibabel on the same files: the peer
/// script makes the DICOM inputs and picks the PNGs, and names them, so both sides decode identical bytes.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest",
                                                    abstract: "Decode images/s: PNG, DICOM (plain, RLE, JPEG Lossless, JPEG-LS, JPEG 2000), NIfTI vs their peers.")
    @Option(help: "Python with pydicom, nibabel, Pillow and numpy (the peer).") var python = "/usr/bin/python3"
    @Option(help: "Seconds per case, each side.") var seconds = 3.0

    func run() async throws {
        let work = NSTemporaryDirectory() + "scanselect-bench-ingest-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        guard let peer = PeerScript.run(python: python, script: "Tests/ImagingReference/bench_peer.py",
                                        arguments: [work, "\(seconds)"]),
              let cases = peer["cases"] as? [String: [String: Any]] else {
            throw ValidationError("the peer script did not run: pass --python with pydicom, nibabel, Pillow and numpy")
        }
        var table = Table("case", "files", "scanselect img/s", "peer img/s", "ratio")
        for name in cases.keys.sorted() {
            guard let files = cases[name]?["files"] as? [String], !files.isEmpty,
                  let theirs = cases[name]?["images_per_second"] as? Double else { continue }
            // One warm pass sizes the timed run to about `seconds`.
            let warm = try ImagingBenchmark.decodeThroughput(paths: files, repetitions: 1)
            let repetitions = max(1, Int(seconds / max(warm.seconds, 1e-6)))
            let ours = try ImagingBenchmark.decodeThroughput(paths: files, repetitions: repetitions).imagesPerSecond
            table.add(name, "\(files.count)", String(format: "%.1f", ours), String(format: "%.1f", theirs),
                      String(format: "%.2f×", ours / theirs))
        }
        print(table.render())
    }
}
