import Metrics
import Messages
import Prometheus

/// The server's swift-metrics counters, gauges and timers, backed by a Prometheus registry
/// of their own (one per server, so that servers in one process do not mix).
///
/// The event loops never touch these: they count into their ``ServerCounters`` without a
/// lock. ``publish(_:)`` brings the metrics up to date with summed counters, at each scrape
/// of `/metrics`, by adding what changed since the previous publish.
struct ServerMetrics {
    /// Bucket bounds of the latency histograms, from 0.5 ms to 10 s.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(10),
    ]

    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let playersOnline: Meter
    private let connections: Meter
    private let logins: CoreMetrics.Counter
    private let sessionsResumed: CoreMetrics.Counter
    private let refusals: [RefusalReason: CoreMetrics.Counter]
    private let framesIn: [CoreMetrics.Counter]
    private let framesOut: [CoreMetrics.Counter]
    private let pingsSent: CoreMetrics.Counter
    private let disconnects: [DisconnectReason: CoreMetrics.Counter]
    private let pingLateness: CoreMetrics.Timer
    private let roundTrip: CoreMetrics.Timer
    private let chatsRefused: CoreMetrics.Counter
    private let broadcastsDropped: CoreMetrics.Counter
    private let objects: Meter
    private let movingObjects: Meter
    private let shapeTickTime: CoreMetrics.Timer
    /// What the metrics hold so far.
    private var published = ServerCounters()

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let factory = PrometheusMetricsFactory(registry: registry)
        self.factory = factory
        func name(_ metricName: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "mousy", metricName: metricName, unitName: unit, helpText: help)
        }
        func counter(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
            CoreMetrics.Counter(
                label: descriptor.name, dimensions: labels,
                handler: registry.makeCounter(descriptor: descriptor, labels: labels), factory: factory
            )
        }
        func gauge(_ descriptor: MetricNameDescriptor) -> Meter {
            Meter(label: descriptor.name, dimensions: [], handler: registry.makeGauge(descriptor: descriptor), factory: factory)
        }
        func timer(_ descriptor: MetricNameDescriptor) -> CoreMetrics.Timer {
            CoreMetrics.Timer(
                label: descriptor.name, dimensions: [],
                handler: registry.makeDurationHistogram(descriptor: descriptor, buckets: Self.latencyBuckets),
                factory: factory
            )
        }

        playersOnline = gauge(name("players", "online", "Players logged in now."))
        connections = gauge(name("connections", "open", "Open connections, logged in or not."))
        logins = counter(name("logins", "total", "Successful logins."))
        sessionsResumed = counter(name("sessions_resumed", "total", "Sessions taken over by a new connection with their resume token."))
        let refused = name("login_refusals", "total", "Refused logins, by reason.")
        refusals = Dictionary(uniqueKeysWithValues: RefusalReason.allCases.map {
            ($0, counter(refused, [("reason", $0.rawValue)]))
        })
        let received = name("frames_in", "total", "Frames received, by type.")
        framesIn = FrameCounts.types.map { counter(received, [("type", FrameCounts.label(of: $0))]) }
        let sent = name("frames_out", "total", "Frames sent, by type.")
        framesOut = FrameCounts.types.map { counter(sent, [("type", FrameCounts.label(of: $0))]) }
        pingsSent = counter(name("pings_sent", "total", "Pings sent."))
        let ended = name("disconnects", "total", "Connections ended, by reason.")
        disconnects = Dictionary(uniqueKeysWithValues: DisconnectReason.allCases.map {
            ($0, counter(ended, [("reason", $0.rawValue)]))
        })
        pingLateness = timer(name("ping_lateness", "seconds", "How late each ping went out after its due time."))
        roundTrip = timer(name("ping_round_trip", "seconds", "Round trip of each bounced ping, as the server measures it."))
        chatsRefused = counter(name("chats_refused", "total", "Chat lines refused: sent faster than the per-player rate."))
        broadcastsDropped = counter(name("broadcasts_dropped", "total", "Broadcast messages dropped: a loop's queue of them was full."))
        objects = gauge(name("objects", "count", "Objects in the shared world."))
        movingObjects = gauge(name("moving_objects", "count", "Objects that moved at the world's last tick."))
        shapeTickTime = timer(name("shape_tick", "seconds", "How long each tick of the world's simulation took."))
    }

    /// Brings every metric up to `totals` (the loops' counters, summed).
    mutating func publish(_ totals: ServerCounters) {
        playersOnline.set(totals.playersOnline)
        connections.set(totals.connections)
        Self.add(totals.logins - published.logins, to: logins)
        Self.add(totals.sessionsResumed - published.sessionsResumed, to: sessionsResumed)
        for (reason, counter) in refusals {
            Self.add(totals.refusals[reason, default: 0] - published.refusals[reason, default: 0], to: counter)
        }
        for (index, type) in FrameCounts.types.enumerated() {
            Self.add(totals.framesInByType[type] - published.framesInByType[type], to: framesIn[index])
            Self.add(totals.framesOutByType[type] - published.framesOutByType[type], to: framesOut[index])
        }
        Self.add(totals.pingsSent - published.pingsSent, to: pingsSent)
        for (reason, counter) in disconnects {
            Self.add(totals.disconnects[reason, default: 0] - published.disconnects[reason, default: 0], to: counter)
        }
        Self.add(totals.chatsRefused - published.chatsRefused, to: chatsRefused)
        Self.add(totals.broadcastsDropped - published.broadcastsDropped, to: broadcastsDropped)
        Self.add(totals.pingLateness.subtracting(published.pingLateness), to: pingLateness)
        Self.add(totals.roundTrip.subtracting(published.roundTrip), to: roundTrip)
        objects.set(totals.objects)
        movingObjects.set(totals.movingObjects)
        Self.add(totals.shapeTickTime.subtracting(published.shapeTickTime), to: shapeTickTime)
        published = totals
    }

    /// The metrics in Prometheus's text format.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    private static func add(_ amount: Int, to counter: CoreMetrics.Counter) {
        if amount > 0 { counter.increment(by: amount) }
    }

    /// Each sample of `histogram` (microseconds, to its 1 % precision) into `timer`.
    private static func add(_ histogram: LatencyHistogram, to timer: CoreMetrics.Timer) {
        for bucket in histogram.recordedValues() {
            let nanoseconds = Int64(bucket.value) * 1000
            for _ in 0..<bucket.count { timer.recordNanoseconds(nanoseconds) }
        }
    }
}
