/// Turns mouse reports into pointer updates worth sending: one when the pointer enters
/// a new play-area cell or the held buttons change, none for motion within a cell.
///
/// Reports outside the play area are ignored, with one exception: releasing a button
/// outside the area (after dragging out of it) is still sent, at the last cell sent,
/// so the other players never see a button stuck down.
public struct MouseTracker: Sendable {
    public private(set) var left = false
    public private(set) var right = false
    /// The last update returned, i.e. what the server was last told.
    public private(set) var lastSent: PointerUpdate?

    public init() {}

    /// The update to send for `report` under `layout`, or nil when there is nothing new.
    public mutating func handle(_ report: MouseReport, layout: Layout) -> PointerUpdate? {
        let cell = layout.playCell(column: report.column, row: report.row)
        switch report.action {
        case .other:
            return nil
        case .press:
            // A press outside the play area is not part of the game.
            guard cell != nil else { return nil }
            switch report.button {
            case .left: left = true
            case .right: right = true
            case .middle, .none: break
            }
        case .release:
            switch report.button {
            case .left: left = false
            case .right: right = false
            case .none:
                // The legacy encoding does not say which button was released.
                left = false
                right = false
            case .middle: break
            }
        case .motion:
            if report.button == .none {
                // Motion with nothing held: any release we missed (outside the window) is over.
                left = false
                right = false
            }
        }
        if let cell {
            return send(PointerUpdate(cell: cell, left: left, right: right))
        }
        if let last = lastSent {
            // Outside the area only a release is sent, at the last cell the server knows.
            return send(PointerUpdate(cell: last.cell, left: last.left && left, right: last.right && right))
        }
        return nil
    }

    /// Forgets what was sent, so the next report in the play area is sent even if
    /// unchanged (after a reconnect the new session knows nothing).
    public mutating func resend() {
        lastSent = nil
    }

    private mutating func send(_ update: PointerUpdate) -> PointerUpdate? {
        guard update != lastSent else { return nil }
        lastSent = update
        return update
    }
}
