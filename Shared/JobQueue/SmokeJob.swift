/// `smoke.<service>` jobs prove a service's loop end to end (claim, heartbeat, complete, retry) without touching
/// any scan; every service runs a handler for its own kind, and `scanselect dev smoke` enqueues one per service.
public enum SmokeJob {
    public static func kind(for service: String) -> String { "smoke.\(service)" }
}
