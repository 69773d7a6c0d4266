import ServiceRuntime

await ServiceMain.run(service: "ingest-service") { _, _ in
    HandlerSet([SmokeHandler(service: "ingest-service")])
}
