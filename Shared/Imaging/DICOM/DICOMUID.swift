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
