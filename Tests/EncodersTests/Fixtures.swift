import SafeTensors
import TestFixtures

/// The encoder fixtures in ../shared/fixtures (found by TestFixtures).
enum Fixtures {
    static func path(_ name: String) throws -> String { try SharedData.path("fixtures/" + name) }

    static func tensors(_ name: String) throws -> SafeTensorsFile { try SafeTensorsFile(contentsOf: path(name)) }
}
