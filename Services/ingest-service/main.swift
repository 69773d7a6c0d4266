import Ingest
import Logging
import ServiceRuntime

await ServiceMain.run(service: "ingest-service", makeHandler: { _, _ in
    HandlerSet([SmokeHandler(service: "ingest-service"), PullHandler(credentials: try DICOMwebCredentials.fromEnvironment())])
}, extras: { configuration, store, client, logger in
    let environment = try IngestEnvironment(service: configuration)
    var extras = ServiceExtras()
    if let settings = environment.dropFolder {
        let watcher = DropFolderWatcher(settings: settings,
                                        ingestor: Ingestor(client: client, store: store, logger: logger),
                                        labels: LabelImporter(client: client, store: store, logger: logger))
        extras.background.append { try await watcher.run() }
        if let token = environment.stowToken {
            let stow = STOWRoutes(receiver: STOWReceiver(inbox: InboxLayout(root: settings.inbox), logger: logger),
                                  client: client, token: token, maxBytes: environment.stowMaxBytes,
                                  defaultProject: environment.defaultProject)
            extras.routes = { stow.register(on: $0) }
        }
    } else if environment.stowToken != nil {
        logger.warning("STOW_TOKEN is set but SCANSELECT_INBOX is not: STOW-RS stays off (it stores into the inbox)")
    }
    return extras
})
