import SafeTensors
import TestFixtures

/// The engine's parity fixtures in ../shared/fixtures (found by TestFixtures).
enum SharedFixtures {
    static func file(_ name: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(contentsOf: SharedData.path("fixtures/" + name))
    }
}
