/// Decodes the raw bytes read from the terminal into keys and mouse reports.
///
/// It understands SGR mouse reports (`ESC [ < b ; x ; y M|m`, mode 1006) and legacy
/// ones (`ESC [ M b x y`, each byte offset by 32), whichever the terminal sends, and
/// the editing keys of ``SpecialKey`` (left, right, Home, End, Delete, without
/// modifiers, in the forms xterm, VT220, rxvt and tmux send), and skips every other
/// escape sequence (arrows up and down, focus reports, ...). Sequences may
/// be split across reads: an incomplete one waits for the next `decode` call.
/// A lone ESC followed by an ordinary byte is dropped and the byte decodes as a key.
public struct InputDecoder: Sendable {
    private static let escape: UInt8 = 0x1B
    private static let maximumSequenceLength = 64

    private var pending: [UInt8] = []

    public init() {}

    /// True while an incomplete escape sequence waits for more bytes.
    public var hasPendingSequence: Bool { !pending.isEmpty }

    /// True when all that waits is one ESC: if no byte follows soon, the Esc key was pressed.
    public var hasLoneEscape: Bool { pending == [Self.escape] }

    /// The Esc key, once nothing followed a lone ESC in time: forgets the ESC and says
    /// whether there was one.
    public mutating func takeLoneEscape() -> Bool {
        guard hasLoneEscape else { return false }
        pending.removeAll(keepingCapacity: true)
        return true
    }

    /// Appends `bytes` and returns every event that is now complete.
    public mutating func decode<Bytes: Sequence>(_ bytes: Bytes) -> [InputEvent] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var events: [InputEvent] = []
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            guard byte == Self.escape else {
                events.append(.key(byte))
                index += 1
                continue
            }
            switch parseEscape(at: index) {
            case .incomplete:
                pending.removeFirst(index)
                if pending.count > Self.maximumSequenceLength {
                    // Never a real sequence: drop the ESC and decode what follows it.
                    pending.removeFirst()
                    return events + decode([])
                }
                return events
            case .consumed(let length, let event):
                if let event { events.append(event) }
                index += length
            }
        }
        pending.removeAll(keepingCapacity: true)
        return events
    }

    private enum ParseResult {
        case incomplete
        /// `length` bytes used, possibly yielding an event.
        case consumed(Int, InputEvent?)
    }

    private func parseEscape(at start: Int) -> ParseResult {
        let available = pending.count - start
        guard available >= 2 else { return .incomplete }
        let introducer = pending[start + 1]
        switch introducer {
        case UInt8(ascii: "["):
            return parseCSI(at: start)
        case UInt8(ascii: "O"):
            // SS3: ESC O and one final byte (keypad and function keys; the arrows, Home
            // and End in the terminal's application cursor mode).
            guard available >= 3 else { return .incomplete }
            return .consumed(3, Self.special(parameters: [], final: pending[start + 2]).map { .special($0) })
        default:
            // Not a sequence we know (Alt+key, or ESC pressed alone): drop the ESC only.
            return .consumed(1, nil)
        }
    }

    private func parseCSI(at start: Int) -> ParseResult {
        let available = pending.count - start
        guard available >= 3 else { return .incomplete }
        if pending[start + 2] == UInt8(ascii: "M") {
            // Legacy mouse: ESC [ M and three bytes, each offset by 32.
            guard available >= 6 else { return .incomplete }
            let code = Int(pending[start + 3]) - 32
            let column = Int(pending[start + 4]) - 33
            let row = Int(pending[start + 5]) - 33
            guard code >= 0, column >= 0, row >= 0 else { return .consumed(6, nil) }
            return .consumed(6, .mouse(Self.report(code: code, column: column, row: row, released: nil)))
        }
        // Parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, then a final byte 0x40-0x7E.
        var index = start + 2
        while index < pending.count {
            let byte = pending[index]
            if (0x20...0x3F).contains(byte) {
                index += 1
                continue
            }
            let length = index - start + 1
            guard (0x40...0x7E).contains(byte) else {
                // Malformed: drop the introducer and let the rest decode as keys.
                return .consumed(2, nil)
            }
            if pending[start + 2] == UInt8(ascii: "<"), byte == UInt8(ascii: "M") || byte == UInt8(ascii: "m") {
                return .consumed(length, sgrMouse(parameters: pending[(start + 3)..<index], final: byte))
            }
            return .consumed(length, Self.special(parameters: pending[(start + 2)..<index], final: byte).map { .special($0) })
        }
        return .incomplete
    }

    /// The editing key a CSI or SS3 sequence names, or nil: `ESC [ C`, `ESC [ 1 ~`, ...
    /// With a modifier (`ESC [ 1 ; 5 D`, Ctrl-Left) it is none.
    private static func special(parameters: ArraySlice<UInt8>, final: UInt8) -> SpecialKey? {
        let parameter = String(decoding: parameters, as: UTF8.self)
        switch (parameter, final) {
        case ("", UInt8(ascii: "D")), ("1", UInt8(ascii: "D")): return .left
        case ("", UInt8(ascii: "C")), ("1", UInt8(ascii: "C")): return .right
        case ("", UInt8(ascii: "H")), ("1", UInt8(ascii: "H")), ("1", UInt8(ascii: "~")), ("7", UInt8(ascii: "~")): return .home
        case ("", UInt8(ascii: "F")), ("1", UInt8(ascii: "F")), ("4", UInt8(ascii: "~")), ("8", UInt8(ascii: "~")): return .end
        case ("3", UInt8(ascii: "~")): return .delete
        default: return nil
        }
    }

    private func sgrMouse(parameters: ArraySlice<UInt8>, final: UInt8) -> InputEvent? {
        let fields = parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var numbers: [Int] = []
        for field in fields {
            guard !field.isEmpty, field.count <= 6, field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            numbers.append(field.reduce(0) { $0 * 10 + Int($1 - 0x30) })
        }
        guard numbers[1] >= 1, numbers[2] >= 1 else { return nil }
        return .mouse(Self.report(
            code: numbers[0], column: numbers[1] - 1, row: numbers[2] - 1,
            released: final == UInt8(ascii: "m")))
    }

    /// Builds a report from an xterm button code. `released` is nil for the legacy
    /// encoding (where button 3 means "released"), else whether SGR said release.
    private static func report(code: Int, column: Int, row: Int, released: Bool?) -> MouseReport {
        let buttonBits = code & 0b11
        let button: MouseReport.Button
        switch buttonBits {
        case 0: button = .left
        case 1: button = .middle
        case 2: button = .right
        default: button = .none
        }
        let action: MouseReport.Action
        if code & 64 != 0 || code & 128 != 0 {
            action = .other
        } else if code & 32 != 0 {
            action = .motion
        } else if let released {
            action = released ? .release : .press
        } else {
            action = buttonBits == 3 ? .release : .press
        }
        return MouseReport(action: action, button: button, column: column, row: row)
    }
}
