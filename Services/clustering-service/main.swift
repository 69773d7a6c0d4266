import ServiceRuntime

await ServiceMain.run(service: "clustering-service") { _, _ in
    HandlerSet([SmokeHandler(service: "clustering-service")])
}
