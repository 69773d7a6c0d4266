import Foundation

/// How ScanSelect authenticates to each PACS: a JSON file named by `SCANSELECT_DICOMWEB_CREDENTIALS` (mode 0600,
/// mounted as a secret), mapping DICOMweb roots to `{"bearer": "…"}` or `{"username": "…", "password": "…"}`.
/// Credentials never come from the command line (shell history, `ps`) nor the database, and are never logged:
/// this type's description names the roots only.
public struct DICOMwebCredentials: Sendable, CustomStringConvertible {
    public static let variable = "SCANSELECT_DICOMWEB_CREDENTIALS"

    enum Secret: Sendable {
        case bearer(String)
        case basic(username: String, password: String)

        var header: String {
            switch self {
            case let .bearer(token): "Bearer \(token)"
            case let .basic(username, password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
            }
        }
    }

    let secrets: [String: Secret]

    public static let none = DICOMwebCredentials(secrets: [:])

    init(secrets: [String: Secret]) {
        self.secrets = secrets
    }

    /// From `SCANSELECT_DICOMWEB_CREDENTIALS`, or none when it is unset.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(IngestError) -> DICOMwebCredentials {
        guard let path = environment[variable], !path.isEmpty else { return .none }
        return try load(path: path)
    }

    public static func load(path: String) throws(IngestError) -> DICOMwebCredentials {
        func refuse(_ reason: String) -> IngestError {
            .unreadable(file: path, reason: "\(variable): \(reason)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("cannot read the file; mount it and make it readable by the service")
        }
        guard let entries = (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: String]] else {
            throw refuse(#"expected {"<DICOMweb root>": {"bearer": "…"} or {"username": "…", "password": "…"}}"#)
        }
        var secrets: [String: Secret] = [:]
        for (root, entry) in entries {
            if let token = entry["bearer"], !token.isEmpty {
                secrets[normalised(root)] = .bearer(token)
            } else if let username = entry["username"], let password = entry["password"] {
                secrets[normalised(root)] = .basic(username: username, password: password)
            } else {
                throw refuse("the entry for \(root) has neither \"bearer\" nor \"username\" and \"password\"")
            }
        }
        return DICOMwebCredentials(secrets: secrets)
    }

    /// The Authorization header for `base`: the entry whose root is the longest prefix of it.
    public func authorization(for base: String) -> String? {
        let target = Self.normalised(base)
        return secrets.filter { target == $0.key || target.hasPrefix($0.key + "/") }
            .max { $0.key.count < $1.key.count }?.value.header
    }

    public var description: String {
        "DICOMweb credentials for " + (secrets.isEmpty ? "no server" : secrets.keys.sorted().joined(separator: ", "))
    }

    static func normalised(_ root: String) -> String {
        root.hasSuffix("/") ? String(root.dropLast()) : root
    }
}
