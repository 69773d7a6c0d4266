import Foundation
import Uncertainty
import TestFixtures
import XCTest

/// Compares against numpy on random softmax maps; skipped where python3 or numpy is missing.
final class NumpyCrossCheckTests: XCTestCase {
    private static let script = """
    import json, sys
    import numpy as np
    d = json.load(open(sys.argv[1]))
    T, C, w = d["passes"], d["classes"], d["width"]
    H, W = d["shape"]
    p = np.array(d["values"], dtype=np.float32).astype(np.float64).reshape(T, C, H, W)
    def entropy(q):
        q = np.clip(q, 1e-7, 1 - 1e-7)
        return -(q * np.log(q)).sum(axis=0) if C > 1 else (-q * np.log(q) - (1 - q) * np.log(1 - q))[0]
    m = p.mean(axis=0)
    h = entropy(m)
    mi = h - np.mean([entropy(p[t]) for t in range(T)], axis=0)
    labels = m.argmax(axis=0) if C > 1 else (m[0] >= 0.5).astype(int)
    band = np.zeros((H, W), bool)
    dx = labels[:, 1:] != labels[:, :-1]; band[:, 1:] |= dx; band[:, :-1] |= dx
    dy = labels[1:, :] != labels[:-1, :]; band[1:, :] |= dy; band[:-1, :] |= dy
    for _ in range(w):
        grown = band.copy()
        grown[1:, :] |= band[:-1, :]; grown[:-1, :] |= band[1:, :]
        grown[:, 1:] |= band[:, :-1]; grown[:, :-1] |= band[:, 1:]
        band = grown
    print(json.dumps(dict(entropy=h.mean(), mi=mi.mean(), mi_max=mi.max(), band_pixels=int(band.sum()),
                          band_entropy=float(h[band].mean()), band_sum=float(h[band].sum()))))
    """

    func testCategoricalMonteCarloMapsMatchNumpy() throws {
        try compare(classes: 3, passes: 3, width: 2, seed: 5)
    }

    func testBinaryMonteCarloMapsMatchNumpy() throws {
        try compare(classes: 1, passes: 4, width: 1, seed: 6)
    }

    private func compare(classes: Int, passes: Int, width: Int, seed: UInt64) throws {
        let (rows, columns) = (23, 31)
        let pixels = rows * columns
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        // Smooth spatial structure plus per-pass noise, so there are regions, boundaries and disagreement.
        var values = [Float](repeating: 0, count: passes * classes * pixels)
        for pass in 0..<passes {
            for pixel in 0..<pixels {
                let (y, x) = (Double(pixel / columns), Double(pixel % columns))
                let logits = (0..<max(classes, 2)).map { c in
                    3 * sin(0.3 * x + Double(c) * 2.1) * cos(0.25 * y - Double(c)) + 1.5 * (uniform() - 0.5)
                }
                let exps = logits.map { exp($0) }
                let total = exps.reduce(0, +)
                for c in 0..<classes {
                    values[(pass * classes + c) * pixels + pixel] = Float(exps[classes == 1 ? 1 : c] / total)
                }
            }
        }
        let maps = classes == 1
            ? try ProbabilityMaps.binary(values, spatialShape: [rows, columns], passes: passes)
            : try ProbabilityMaps.categorical(values, classes: classes, spatialShape: [rows, columns], passes: passes)
        let numpy = try runNumpy(["passes": passes, "classes": classes, "width": width, "shape": [rows, columns],
                                  "values": values.map(Double.init)])

        let entropy = try XCTUnwrap(ScanUncertainty.score(maps).value)
        XCTAssertEqual(entropy, try XCTUnwrap(numpy["entropy"] as? Double), accuracy: 1e-9)
        let information = try XCTUnwrap(ScanUncertainty.score(maps, options: .init(measure: .mutualInformation)).value)
        XCTAssertEqual(information, try XCTUnwrap(numpy["mi"] as? Double), accuracy: 1e-9)
        XCTAssertGreaterThan(information, 0)
        let peak = try ScanUncertainty.score(maps, options: .init(measure: .mutualInformation, reduction: .max))
        XCTAssertEqual(try XCTUnwrap(peak.value), try XCTUnwrap(numpy["mi_max"] as? Double), accuracy: 1e-9)

        let band = try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: width)))
        XCTAssertEqual(band.pixels, try XCTUnwrap(numpy["band_pixels"] as? Int))
        XCTAssertGreaterThan(band.pixels, 0)
        XCTAssertLessThan(band.pixels, pixels)
        XCTAssertEqual(try XCTUnwrap(band.value), try XCTUnwrap(numpy["band_entropy"] as? Double), accuracy: 1e-9)
        let bandSum = try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: width),
                                                                     reduction: .sum))
        XCTAssertEqual(try XCTUnwrap(bandSum.value), try XCTUnwrap(numpy["band_sum"] as? Double), accuracy: 1e-7)
    }

    private func runNumpy(_ input: [String: Any]) throws -> [String: Any] {
        let python = try Python.interpreter(importing: "numpy")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("uncertainty-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: input).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Python.run(python, ["-c", Self.script, file.path])
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }
}
