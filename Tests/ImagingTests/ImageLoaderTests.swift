import Foundation
import XCTest
@testable import Imaging

final class ImageLoaderTests: XCTestCase {
    func testFormatIsDetectedFromContentAndGeometryIsCarriedOver() throws {
        let png = try TestSupport.sharedFile("data/cxr-lungs/images/001.png")
        let fromPNG = try ImageLoader.load(path: png)
        let decoded = try PNGDecoder.decode(path: png)
        XCTAssertEqual([fromPNG.width, fromPNG.height, fromPNG.depth], [decoded.width, decoded.height, 1])
        XCTAssertNil(fromPNG.spacing, "PNG exports carry no physical spacing")

        let nifti = try TestSupport.requireFile("/usr/share/mricron/templates/ch2bet.nii.gz")
        let fromNIfTI = try ImageLoader.load(path: nifti)
        let image = try NIfTIReader.read(path: nifti)
        XCTAssertEqual([fromNIfTI.width, fromNIfTI.height, fromNIfTI.depth], Array(image.shape.prefix(3)))
        XCTAssertEqual(fromNIfTI.affine, image.affine)

        let dicom = try DICOMTests.pydicomFile("CT_small.dcm")
        let fromDICOM = try ImageLoader.load(path: dicom)
        let instance = try DICOMReader.read(path: dicom)
        XCTAssertEqual(fromDICOM.pixels, instance.rescaledPixels(), "the direct path equals decode-then-rescale")
        let spacing = try XCTUnwrap(instance.header.geometry.pixelSpacing)
        XCTAssertEqual(fromDICOM.spacing?.x, spacing[1])
        XCTAssertEqual(fromDICOM.spacing?.y, spacing[0])
    }

    func testColourDICOMLoadsAsRGBAndConvertsToGrey() throws {
        let volume = try ImageLoader.load(path: try DICOMTests.pydicomFile("SC_rgb_rle_2frame.dcm"))
        XCTAssertEqual(volume.channels, 3)
        XCTAssertEqual(volume.depth, 2)
        let grey = IntensityNormalization.toGrey(volume)
        XCTAssertEqual(grey.channels, 1)
        XCTAssertEqual(grey.pixels.count, volume.pixels.count / 3)
    }

    /// Plain JPEG through the same door as PNG: identical to Pillow (both libjpeg-turbo), colour as RGB.
    func testPlainJPEGFilesMatchPillowAndTruncationIsATypedError() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let png = try TestSupport.sharedFile("data/cxr-lungs/images/001.png")
        try TestSupport.runReference("jpeg_reference.py", module: "PIL", arguments: [png, output.path])
        for (name, channels) in [("grey", 1), ("colour", 3)] {
            let path = output.appendingPathComponent(name + ".jpg").path
            let bytes = try TestSupport.readBytes(path)
            XCTAssertEqual(ImageLoader.detectFormat(bytes), .jpeg)
            let volume = try ImageLoader.load(path: path)
            XCTAssertEqual(volume.channels, channels, name)
            let expected = try TestSupport.readIntegers(output.appendingPathComponent(name + ".raw").path, dtype: "uint8")
            XCTAssertEqual(volume.pixels.map { Int64($0) }, expected, name)

            let truncated = Array(bytes.prefix(bytes.count / 2))
            XCTAssertThrowsError(try ImageLoader.load(truncated, source: "half.jpg")) { error in
                guard case ImagingError.corruptCompressedData(let file, _, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(file, "half.jpg")
            }
        }
    }

    func testUnknownContentAndMissingFilesGiveActionableErrors() throws {
        XCTAssertThrowsError(try ImageLoader.load(Array("GIF89a not a medical image".utf8), source: "photo.gif")) {
            guard case ImagingError.wrongMagic(let file, let format, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, "photo.gif")
            XCTAssertEqual(format, "DICOM, NIfTI, NRRD, PNG or JPEG")
        }
        XCTAssertThrowsError(try ImageLoader.load(path: "/nonexistent/scan.dcm")) {
            guard case ImagingError.unreadable(let file, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, "/nonexistent/scan.dcm")
        }
    }
}
