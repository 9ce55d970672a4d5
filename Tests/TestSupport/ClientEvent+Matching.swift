import Net

/// Predicates and payloads for ``EventCollector`` waits, so a test names the event it
/// waits for instead of writing a `switch`.
extension ClientEvent {
    public var isLoggedIn: Bool { if case .loggedIn = self { true } else { false } }
    public var isPing: Bool { if case .ping = self { true } else { false } }
    public var isStopped: Bool { self == .stopped }
    public var isConnecting: Bool { if case .connecting = self { true } else { false } }
    public var isReconnecting: Bool { if case .reconnecting = self { true } else { false } }
    public var refusedReason: String? { if case .refused(let reason) = self { reason } else { nil } }
    public var disconnectedReason: String? { if case .disconnected(let reason) = self { reason } else { nil } }
    public var pingReport: PingReport? { if case .ping(let report) = self { report } else { nil } }
}
