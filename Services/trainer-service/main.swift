import Rounds
import ServiceRuntime

await ServiceMain.run(service: "trainer-service") { _, _ in
    HandlerSet([TrainHandler(), SmokeHandler(service: "trainer-service")])
}
