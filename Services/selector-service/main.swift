import Rounds
import ServiceRuntime

await ServiceMain.run(service: "selector-service") { _, _ in
    HandlerSet([ScoreHandler(), SelectHandler(), SmokeHandler(service: "selector-service")])
}
