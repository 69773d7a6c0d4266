import Foundation
import Imaging
import XCTest
@testable import Phantoms

final class PhantomsTests: XCTestCase {
    private let pool = PhantomPool(poolCount: 40, testCount: 10, size: 64, seed: 7)

    func testTheSameSeedGivesIdenticalPhantomsAndAnotherSeedDoesNot() throws {
        let first = try pool.generate()
        XCTAssertEqual(first, try pool.generate())
        var other = pool
        other.seed = 8
        let second = try other.generate()
        XCTAssertEqual(first.count, second.count)
        XCTAssertNotEqual(first.map(\.image), second.map(\.image))
    }

    func testStyleCountsFollowTheSharesInEachSplit() throws {
        let phantoms = try pool.generate()
        for (split, count) in [("pool", pool.poolCount), ("test", pool.testCount)] {
            let members = phantoms.filter { $0.split == split }
            XCTAssertEqual(members.count, count)
            let expected = try AcquisitionStyle.quotas(count: count, shares: pool.shares)
            for style in AcquisitionStyle.allCases {
                let found = members.filter { $0.style == style }.count
                XCTAssertEqual(found, expected[style], "\(split) \(style)")
                XCTAssertLessThanOrEqual(abs(Double(found) - Double(count) * (pool.shares[style] ?? 0)), 1, "\(split) \(style)")
            }
        }
        let pa = phantoms.filter { $0.style == .pa }.count
        XCTAssertGreaterThan(pa, phantoms.count / 2, "PA must be the majority style")
    }

    func testQuotasSumToTheCountAndRejectBadShares() throws {
        for count in [0, 1, 7, 60, 101] {
            XCTAssertEqual(try AcquisitionStyle.quotas(count: count, shares: AcquisitionStyle.defaultShares).values.reduce(0, +), count)
        }
        XCTAssertThrowsError(try AcquisitionStyle.quotas(count: 5, shares: [.pa: 0]))
        XCTAssertThrowsError(try AcquisitionStyle.quotas(count: 5, shares: [.pa: -1, .rotated: 2]))
    }

    func testBothLungsArePresentAndInsideTheBody() throws {
        for phantom in try pool.generate() {
            for label: UInt8 in [1, 2] {
                XCTAssertGreaterThan(phantom.mask.filter { $0 == label }.count, phantom.size * phantom.size / 100,
                                     "\(phantom.id) (\(phantom.style)) label \(label)")
            }
            XCTAssertTrue(phantom.mask.allSatisfy { $0 <= 2 })
            XCTAssertFalse(zip(phantom.mask, phantom.body).contains { $0 != 0 && !$1 }, "\(phantom.id): lung outside the body")
            XCTAssertTrue(phantom.image.allSatisfy { (0...1).contains($0) })
        }
    }

    func testThePatientsLeftLungAppearsOnTheImageRight() throws {
        for phantom in try pool.generate() {
            func centroidX(_ label: UInt8) -> Double {
                let columns = phantom.mask.indices.filter { phantom.mask[$0] == label }.map { Double($0 % phantom.size) }
                return columns.reduce(0, +) / Double(max(columns.count, 1))
            }
            XCTAssertGreaterThan(centroidX(1), centroidX(2), "\(phantom.id) (\(phantom.style))")
        }
    }

    func testStylesChangeTheGreyLevelsAsDescribed() throws {
        let phantoms = try pool.generate()
        func lungToBody(_ phantom: Phantom) -> Float {
            func mean(_ keep: (Int) -> Bool) -> Float {
                let values = phantom.image.indices.filter(keep).map { phantom.image[$0] }
                return values.reduce(0, +) / Float(max(values.count, 1))
            }
            return mean { phantom.mask[$0] != 0 } - mean { phantom.body[$0] && phantom.mask[$0] == 0 }
        }
        for phantom in phantoms {
            switch phantom.style {
            case .inverted: XCTAssertGreaterThan(lungToBody(phantom), 0, "\(phantom.id): inverted lungs look bright")
            default: XCTAssertLessThan(lungToBody(phantom), 0, "\(phantom.id) (\(phantom.style)): lungs look dark")
            }
        }
        let spread = { (style: AcquisitionStyle) -> Float in
            let members = phantoms.filter { $0.style == style }
            return members.map { ($0.image.max() ?? 0) - ($0.image.min() ?? 0) }.reduce(0, +) / Float(members.count)
        }
        XCTAssertLessThan(spread(.lowContrast), spread(.pa) * 0.6)
        // Portable films carry bright hardware (leads, tubes) drawn over the anatomy.
        for phantom in phantoms where phantom.style == .portableAP {
            XCTAssertGreaterThan(phantom.image.filter { $0 > 0.75 }.count, 10, phantom.id)
        }
    }

    func testWriterProducesTheManifestAndPNGsTheIngestPathReads() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantoms-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let phantoms = try PhantomPool(poolCount: 5, testCount: 2, size: 48, seed: 1).generate()
        let manifest = try PhantomWriter.write(phantoms, to: directory)
        let lines = try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "id,image,mask,style,split")
        XCTAssertEqual(lines.count, 8)
        XCTAssertEqual(lines.dropFirst().filter { $0.hasSuffix(",test") }.count, 2)
        let first = try XCTUnwrap(phantoms.first)
        let image = try PNGDecoder.decode(path: directory + "/images/\(first.id).png")
        XCTAssertEqual([image.width, image.height, image.channels], [48, 48, 1])
        let mask = try PNGDecoder.decode(path: directory + "/masks/\(first.id).png")
        XCTAssertEqual(mask.samples, .uint8(first.mask))
    }
}
