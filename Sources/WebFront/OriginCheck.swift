import NIOHTTP1

/// Whether a WebSocket upgrade comes from the front's own page: a browser always sends
/// `Origin`, and a page from anywhere else (a site the player visits that points a
/// WebSocket at this server) names its own origin there. No `Origin`, or one that is not
/// `http://` and the request's own `Host`, is refused.
enum OriginCheck {
    static func allows(_ head: HTTPRequestHead) -> Bool {
        let origins = head.headers["Origin"]
        let hosts = head.headers["Host"]
        guard origins.count == 1, hosts.count == 1, let origin = origins.first, let host = hosts.first, !host.isEmpty else {
            return false
        }
        return origin.lowercased() == "http://" + host.lowercased()
    }
}
