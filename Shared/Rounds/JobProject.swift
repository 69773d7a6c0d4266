import Foundation
import JobQueue

extension ClaimedJob {
    /// Round jobs always belong to a project; one without is malformed rather than retryable.
    func requireProject() throws(RoundsError) -> String {
        guard let projectID else { throw .missingProject(jobID: id, kind: kind) }
        return projectID
    }
}

/// JSON text for result, progress and component columns (sorted keys keep it byte-stable).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
}
