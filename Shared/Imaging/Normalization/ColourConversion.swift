/// Colour-space helpers for ingest.
enum ColourConversion {
    /// YCbCr full range (PS3.3 C.7.6.3.1.2, the JFIF equations) to RGB, in place on interleaved triples.
    static func ybrFullToRGB(_ pixels: inout [Float], maximum: Float) {
        let half = (maximum + 1) / 2
        for start in stride(from: 0, to: pixels.count - 2, by: 3) {
            let y = pixels[start], cb = pixels[start + 1] - half, cr = pixels[start + 2] - half
            pixels[start] = min(max(y + 1.402 * cr, 0), maximum)
            pixels[start + 1] = min(max(y - 0.344136 * cb - 0.714136 * cr, 0), maximum)
            pixels[start + 2] = min(max(y + 1.772 * cb, 0), maximum)
        }
    }
}
