/// Component planes of a decoded JPEG frame to DICOM's layout: samples interleaved by pixel, little-endian.
enum JPEGPlanes {
    static func interleave(_ planes: [[Int32]], pixels: Int, bytesPerSample: Int,
                           into output: UnsafeMutableRawBufferPointer) throws(JPEGCodestreamError) {
        let components = planes.count
        guard output.count == pixels * components * bytesPerSample else {
            throw JPEGCodestreamError("the frame decodes to \(pixels * components) samples, not what the header promised")
        }
        for component in 0..<components {
            planes[component].withUnsafeBufferPointer { plane in
                for pixel in 0..<pixels {
                    let value = UInt32(truncatingIfNeeded: plane[pixel])
                    let at = (pixel * components + component) * bytesPerSample
                    for byte in 0..<bytesPerSample { output[at + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
                }
            }
        }
    }
}
