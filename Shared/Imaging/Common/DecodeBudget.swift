import Foundation

/// The most memory one file's decode may take — its samples, their Float copy, or its working-grid copy.
/// Headers can claim images far larger than their bytes (a compressed codestream, a 100-byte NIfTI of 1×1×32767
/// voxels that becomes 32,767 slices of 256²), so this, not the file size, bounds what a hostile or corrupt file
/// can make a service allocate; every decoder checks it before allocating.
public enum DecodeBudget {
    /// `SCANSELECT_DECODE_BUDGET_MB` (default 2048: a 2,000-slice 512² 16-bit volume is 1 GiB, and several services
    /// share a 24 GiB machine).
    public static let maximumBytes: Int = {
        let megabytes = ProcessInfo.processInfo.environment["SCANSELECT_DECODE_BUDGET_MB"].flatMap(Int.init) ?? 2048
        return max(1, megabytes) << 20
    }()

    /// Throws `overBudget` when `bytes` (nil: the size computation overflowed) exceeds the budget.
    public static func require(_ bytes: Int?, file: String, field: String,
                               budget: Int = maximumBytes) throws(ImagingError) {
        guard let bytes, bytes <= budget else {
            throw .overBudget(file: file, field: field, neededBytes: bytes ?? Int.max, budgetBytes: budget)
        }
    }
}
