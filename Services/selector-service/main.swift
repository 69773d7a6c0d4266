import ServiceRuntime

await ServiceMain.run(service: "selector-service") { _, _ in
    HandlerSet([SmokeHandler(service: "selector-service")])
}
