import NIOCore

/// What `mousy load` is asked to do.
struct LoadConfiguration: Sendable {
    var host: String
    var port: Int
    /// Players to log in, each with a distinct name.
    var clients: Int
    /// MouseMove frames per second per player; 0 sends as fast as the socket takes, nil
    /// sends none (idle players).
    var rateHz: Double?
    /// How long the whole run lasts, logins included.
    var duration: TimeAmount
    /// Connections are spread evenly over this span; zero connects them all in one burst.
    var ramp: TimeAmount
    var userPrefix: String
    var password: String
    /// The ping interval to expect from a server that sends no LOGIN_RESULT.
    var defaultPingInterval: TimeAmount = .seconds(1)
    var connectTimeout: TimeAmount = .seconds(10)
}
