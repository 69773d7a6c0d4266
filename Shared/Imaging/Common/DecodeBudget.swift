/// The most memory one file's decoded pixels may take. Compressed codestreams can claim images far larger than
/// their bytes, so this, not the file size, bounds what a hostile or corrupt file can make us allocate.
public enum DecodeBudget {
    /// 2 GiB: a 2,000-slice 512² 16-bit volume is 1 GiB; anything larger is refused before allocation.
    public static let maximumBytes = 2 << 30
}
