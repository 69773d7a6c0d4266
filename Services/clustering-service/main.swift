import Rounds
import ServiceRuntime

await ServiceMain.run(service: "clustering-service") { _, _ in
    HandlerSet([ClusterHandler(), SmokeHandler(service: "clustering-service")])
}
