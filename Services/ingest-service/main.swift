import Ingest
import ServiceRuntime

await ServiceMain.run(service: "ingest-service", makeHandler: { _, _ in
    HandlerSet([SmokeHandler(service: "ingest-service")])
}, extras: { configuration, store, client, logger in
    let environment = try IngestEnvironment(service: configuration)
    var extras = ServiceExtras()
    if let settings = environment.dropFolder {
        let watcher = DropFolderWatcher(settings: settings,
                                        ingestor: Ingestor(client: client, store: store, logger: logger),
                                        labels: LabelImporter(client: client, store: store, logger: logger))
        extras.background.append { try await watcher.run() }
    }
    return extras
})
