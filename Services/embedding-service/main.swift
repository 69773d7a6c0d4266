import ServiceRuntime

await ServiceMain.run(service: "embedding-service") { _, _ in
    HandlerSet([SmokeHandler(service: "embedding-service")])
}
