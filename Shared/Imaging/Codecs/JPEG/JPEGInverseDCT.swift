/// The accurate integer inverse DCT of the IJG library (jidctint.c, Loeffler–Ligtenberg–Moschytz with 13-bit
/// constants), reproduced so that 12-bit DCT images decode to exactly the values GDCM's bundled libjpeg gives.
enum JPEGInverseDCT {
    private static let constBits = 13
    /// Extra precision kept between the passes: 1 for 12-bit samples (IJG's PASS1_BITS), 2 for 8-bit.
    private static func pass1Bits(_ precision: Int) -> Int { precision > 8 ? 1 : 2 }

    private static let fix0298631336 = 2446, fix0390180644 = 3196, fix0541196100 = 4433, fix0765366865 = 6270
    private static let fix0899976223 = 7373, fix1175875602 = 9633, fix1501321110 = 12299, fix1847759065 = 15137
    private static let fix1961570560 = 16069, fix2053119869 = 16819, fix2562915447 = 20995, fix3072711026 = 25172

    @inline(__always)
    private static func descale(_ x: Int, _ n: Int) -> Int { (x + (1 << (n - 1))) >> n }

    /// `coefficients` are dequantized, in natural (row-major) order; writes the 8×8 samples, level-shifted and
    /// clamped to the precision's range, into `block`.
    static func transform(_ coefficients: [Int], precision: Int, into block: inout [Int32]) {
        let pass1 = pass1Bits(precision)
        let centre = 1 << (precision - 1), maximum = (1 << precision) - 1
        var workspace = [Int](repeating: 0, count: 64)
        for column in 0..<8 {
            if (1...7).allSatisfy({ coefficients[$0 * 8 + column] == 0 }) {
                let dc = coefficients[column] << pass1
                for row in 0..<8 { workspace[row * 8 + column] = dc }
                continue
            }
            let out = butterfly(SIMD8((0..<8).map { coefficients[$0 * 8 + column] }), shift: constBits - pass1)
            for row in 0..<8 { workspace[row * 8 + column] = out[row] }
        }
        for row in 0..<8 {
            let out = butterfly(SIMD8(workspace[(row * 8)..<(row * 8 + 8)]), shift: constBits + pass1 + 3)
            for column in 0..<8 { block[row * 8 + column] = Int32(min(max(out[column] + centre, 0), maximum)) }
        }
    }

    /// One 8-point pass: even part from inputs 0, 2, 4, 6, odd part from 1, 3, 5, 7, outputs descaled by `shift`.
    @inline(__always)
    private static func butterfly(_ i: SIMD8<Int>, shift: Int) -> SIMD8<Int> {
        let (i0, i1, i2, i3, i4, i5, i6, i7) = (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7])
        var z1 = (i2 + i6) * fix0541196100
        let tmp2e = z1 + i6 * -fix1847759065
        let tmp3e = z1 + i2 * fix0765366865
        let tmp0e = (i0 + i4) << constBits
        let tmp1e = (i0 - i4) << constBits
        let tmp10 = tmp0e + tmp3e, tmp13 = tmp0e - tmp3e, tmp11 = tmp1e + tmp2e, tmp12 = tmp1e - tmp2e

        var tmp0 = i7, tmp1 = i5, tmp2 = i3, tmp3 = i1
        z1 = tmp0 + tmp3
        var z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3
        let z5 = (z3 + z4) * fix1175875602
        tmp0 *= fix0298631336
        tmp1 *= fix2053119869
        tmp2 *= fix3072711026
        tmp3 *= fix1501321110
        z1 *= -fix0899976223
        z2 *= -fix2562915447
        z3 *= -fix1961570560
        z4 *= -fix0390180644
        z3 += z5
        z4 += z5
        tmp0 += z1 + z3
        tmp1 += z2 + z4
        tmp2 += z2 + z3
        tmp3 += z1 + z4
        return SIMD8(descale(tmp10 + tmp3, shift), descale(tmp11 + tmp2, shift), descale(tmp12 + tmp1, shift),
                descale(tmp13 + tmp0, shift), descale(tmp13 - tmp0, shift), descale(tmp12 - tmp1, shift),
                     descale(tmp11 - tmp2, shift), descale(tmp10 - tmp3, shift))
    }
}
