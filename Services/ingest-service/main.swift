import Catalog
import Ingest
import Logging
import ServiceRuntime
import WriteBack

await ServiceMain.run(service: "ingest-service", makeHandler: { _, _ in
    let credentials = try DICOMwebCredentials.fromEnvironment()
    return HandlerSet([SmokeHandler(service: "ingest-service"), PullHandler(credentials: credentials),
                       ExportHandler(credentials: credentials, callingAETitle: DIMSEClient.ownAETitle())])
}, extras: { configuration, store, client, logger in
    let environment = try IngestEnvironment(service: configuration)
    var extras = ServiceExtras()
    IngestMetrics.registerSeries()
    // The queue's depth is sampled here: the ingest-service is the one service never scaled to zero.
    let kinds = [EmbedPayload.kind, ClusterPayload.kind, TrainPayload.kind, ScorePayload.kind, SelectPayload.kind,
                 PullPayload.kind, ExportPayload.kind]
    let sampler = QueueDepthSampler(client: client, kinds: kinds, logger: logger, interval: environment.queueSampleInterval)
    extras.background.append { await sampler.run() }
    if let settings = environment.dropFolder {
        let watcher = DropFolderWatcher(settings: settings,
                                        ingestor: Ingestor(client: client, store: store, logger: logger),
                                        labels: LabelImporter(client: client, store: store, logger: logger))
        extras.background.append { try await watcher.run() }
        let gate = DecodeGate(limit: environment.decodeConcurrency)
        if let token = environment.stowToken {
            let stow = STOWRoutes(receiver: STOWReceiver(inbox: InboxLayout(root: settings.inbox), logger: logger, gate: gate),
                                  client: client, token: token, maxBytes: environment.stowMaxBytes,
                                  defaultProject: environment.defaultProject)
            extras.routes = { stow.register(on: $0) }
        }
        if let dimse = environment.dimse {
            let server = DIMSEServer(settings: dimse, inbox: InboxLayout(root: settings.inbox), logger: logger, gate: gate)
            extras.background.append { try await server.run() }
        }
    } else if environment.stowToken != nil || environment.dimse != nil {
        logger.warning("STOW_TOKEN or DIMSE_PORT is set but SCANSELECT_INBOX is not: STOW-RS and DIMSE stay off (they store into the inbox)")
    }
    return extras
})
