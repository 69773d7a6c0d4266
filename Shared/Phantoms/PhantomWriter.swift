import Foundation
import Imaging

/// Writes a phantom pool the way the shared cxr-lungs set is laid out: `images/<id>.png` (8-bit grey),
/// `masks/<id>.png` (8-bit labels 0/1/2) and `manifest.csv` with `id,image,mask,style,split`, paths relative
/// to the manifest, so `scanselect ingest manifest` and the experiment import both sets the same way.
public enum PhantomWriter {
    public static let manifestName = "manifest.csv"

    /// Returns the manifest's path.
    @discardableResult
    public static func write(_ phantoms: [Phantom], to directory: String) throws(PhantomError) -> String {
        let fileManager = FileManager.default
        for folder in ["images", "masks"] {
            do {
                try fileManager.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw .unwritable(path: directory + "/" + folder, reason: "\(error)")
            }
        }
        var lines = ["id,image,mask,style,split"]
        for phantom in phantoms {
            let (image, mask) = ("images/\(phantom.id).png", "masks/\(phantom.id).png")
            let grey = phantom.image.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
            do {
                try PNGEncoder.write(try PNGEncoder.encodeGrey8(grey, width: phantom.size, height: phantom.size),
                                     to: directory + "/" + image)
                try PNGEncoder.write(try PNGEncoder.encodeGrey8(phantom.mask, width: phantom.size, height: phantom.size),
                                     to: directory + "/" + mask)
            } catch {
                throw .unwritable(path: directory + "/" + image, reason: error.description)
            }
            lines.append([phantom.id, image, mask, phantom.style.rawValue, phantom.split].joined(separator: ","))
        }
        let manifest = directory + "/" + manifestName
        do {
            try (lines.joined(separator: "\n") + "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        } catch {
            throw .unwritable(path: manifest, reason: "\(error)")
        }
        return manifest
    }
}
