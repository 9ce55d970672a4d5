/// One file of the page, served from the binary (SwiftPM resources embedded in code:
/// the page loads nothing from anywhere else).
struct PageFile: Sendable {
    let contentType: String
    let bytes: [UInt8]

    /// The files by path. `/` is the page.
    static let all: [String: PageFile] = [
        "/": PageFile(contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
        "/index.html": PageFile(contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html),
        "/mousy.js": PageFile(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.mousy_js),
        "/draw.js": PageFile(contentType: "text/javascript; charset=utf-8", bytes: PackageResources.draw_js),
        "/mousy.css": PageFile(contentType: "text/css; charset=utf-8", bytes: PackageResources.mousy_css),
    ]

    /// The page's Content-Security-Policy: its own script, style and WebSocket, nothing
    /// inline, nothing from elsewhere, no frames, no form posts.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
}
