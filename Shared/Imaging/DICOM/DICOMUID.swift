import Foundation

/// UIDs as PS3.5 §9.1 writes them: at most 64 characters, components of digits separated by single dots.
/// UIDs become file and folder names (the drop folder's series claims, STOW's stored instances), so anything
/// else — empty, all dots, `..`, `/` — is refused before it can name a path. Leading zeros inside a component,
/// which the standard forbids, are tolerated: real archives carry them, and they are harmless in a name.
public enum DICOMUID {
    public static let maximumLength = 64

    public static func isValid(_ uid: String) -> Bool {
        guard !uid.isEmpty, uid.utf8.count <= maximumLength else { return false }
        return uid.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
    }
}

extension DICOMUID {
    /// A new UID under the UUID-derived root 2.25 (PS3.5 §B.2): `2.25.` and the UUID's 128 bits in decimal.
    public static func make(from uuid: UUID = UUID()) -> String {
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        // Base-10 digits of the 128-bit number by long division on 32-bit limbs, most significant first.
        var limbs: [UInt64] = stride(from: 0, to: 16, by: 4).map { offset in
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt64($1) }
        }
        var digits: [Character] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in limbs.indices {
                let value = remainder << 32 | limbs[index]
                limbs[index] = value / 10
                remainder = value % 10
            }
            digits.append(Character(String(remainder)))
        }
        return "2.25." + (digits.isEmpty ? "0" : String(digits.reversed()))
    }
}
