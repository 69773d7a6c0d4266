import Rounds
import ServiceRuntime

await ServiceMain.run(service: "embedding-service") { _, store in
    HandlerSet([EmbedHandler(store: store), SmokeHandler(service: "embedding-service")])
}
