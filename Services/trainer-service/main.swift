import ServiceRuntime

await ServiceMain.run(service: "trainer-service") { _, _ in
    HandlerSet([SmokeHandler(service: "trainer-service")])
}
