import Foundation
import PostgresNIO

extension Catalog {
    /// Every content-addressed tensor file a row points at: scan images, every label version (history included)
    /// and model checkpoints. What `scanselect store gc` must never remove.
    public func referencedTensorPaths() async throws -> Set<String> {
        Set(try await all("""
            SELECT tensor_path FROM scans
            UNION SELECT tensor_path FROM labels
            UNION SELECT original_tensor_path FROM labels WHERE original_tensor_path IS NOT NULL
            UNION SELECT checkpoint_path FROM models
            """, as: String.self))
    }
}
