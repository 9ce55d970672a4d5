import TerminalGrid

/// A small VT100/xterm screen for tests: it applies a differ's output byte by byte the way
/// a terminal does (autowrap and its pending state, scroll regions, reverse index, wide
/// characters and their halves, SGR) so a test can compare what a player would see with
/// the grid that was rendered. Anything it does not know is recorded in ``unsupported``
/// instead of guessed, so a test fails on output a real terminal might read differently.
public struct ModelTerminal {
    public let columns: Int
    public let rows: Int
    /// The screen, row by row.
    public private(set) var cells: [[Cell]]
    public private(set) var column = 0
    public private(set) var row = 0
    /// The current SGR style.
    public private(set) var pen = CellStyle.plain
    /// Sequences (or situations) this model does not handle; empty in a passing test.
    public private(set) var unsupported: [String] = []
    /// True after a character was written in the last column: the next one wraps first.
    private var pendingWrap = false
    private var top = 0
    private var bottom: Int

    /// A terminal of `columns` x `rows` showing `fill` everywhere (by default a mark
    /// that no grid has, so cells a repaint misses show up).
    public init(columns: Int, rows: Int, fill: Cell = Cell(text: "¤", style: .plain)) {
        self.columns = columns
        self.rows = rows
        bottom = rows - 1
        cells = Array(repeating: Array(repeating: fill, count: columns), count: rows)
    }

    /// Applies `output` as the terminal would.
    public mutating func apply(_ output: String) {
        var characters = Array(output)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\u{1B}":
                escape(&characters)
            case "\r":
                column = 0
                pendingWrap = false
            case "\n":
                lineFeed()
            case "\r\n":
                column = 0
                lineFeed()
            case "\u{8}":
                relativeMove()
                column = max(0, column - 1)
            default:
                if let value = character.unicodeScalars.first?.value, value < 0x20 || value == 0x7F {
                    unsupported.append("control \(value)")
                } else {
                    print(character)
                }
            }
        }
    }

    /// Where the screen differs from `grid` (text, and style as the depth shows it):
    /// one description per differing cell, empty when they agree.
    public func differences(from grid: CellGrid, depth: ColorDepth = .twoFiftySix) -> [String] {
        guard grid.columns == columns, grid.rows == rows else { return ["size \(grid.columns)x\(grid.rows)"] }
        var found: [String] = []
        for y in 0..<rows {
            for x in 0..<columns {
                let want = grid[x, y], have = cells[y][x]
                var style = want.style
                switch depth {
                case .twoFiftySix: break
                case .none: style.foreground = nil
                case .eight: style.foreground = have.style.foreground  // the mapping is the differ's own
                }
                if want.text != have.text || (!want.isContinuation && style != have.style) {
                    found.append("(\(x),\(y)): want \(want.text.debugDescription) \(style), have \(have.text.debugDescription) \(have.style)")
                }
            }
        }
        return found
    }

    /// The text of `row`, continuations skipped.
    public func text(ofRow y: Int) -> String {
        cells[y].map(\.text).joined()
    }

    private mutating func print(_ character: Character) {
        let width = CharacterWidth.of(character)
        guard width > 0 else {
            unsupported.append("zero-width \(character.debugDescription)")
            return
        }
        if pendingWrap || column + width > columns {
            column = 0
            lineFeed()
        }
        put(Cell(text: String(character), style: pen), at: column)
        if width == 2 { put(Cell(text: "", style: pen), at: column + 1) }
        column += width
        if column >= columns {
            column = columns - 1
            pendingWrap = true
        }
    }

    /// Sets one cell, blanking the other half of a wide character it cuts through.
    private mutating func put(_ cell: Cell, at x: Int) {
        let old = cells[row][x]
        if old.isContinuation, x > 0, !cell.isContinuation { cells[row][x - 1] = .blank }
        if !old.isContinuation, x + 1 < columns, cells[row][x + 1].isContinuation { cells[row][x + 1] = .blank }
        cells[row][x] = cell
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row == bottom {
            scroll(up: 1)
        } else if row < rows - 1 {
            row += 1
        }
    }

    /// The region's rows move up (negative: down) by `count`; uncovered rows are blank.
    private mutating func scroll(up count: Int) {
        let band = Array(cells[top...bottom])
        let blank = Array(repeating: Cell.blank, count: columns)
        for index in 0...(bottom - top) {
            let source = index + count
            cells[top + index] = source >= 0 && source < band.count ? band[source] : blank
        }
    }

    /// A relative move from the pending-wrap state lands differently on different terminals.
    private mutating func relativeMove() {
        if pendingWrap { unsupported.append("relative move while a wrap is pending") }
        pendingWrap = false
    }

    private mutating func escape(_ characters: inout ArraySlice<Character>) {
        guard let kind = characters.popFirst() else {
            unsupported.append("ESC at the end")
            return
        }
        switch kind {
        case "M":
            pendingWrap = false
            if row == top {
                scroll(up: -1)
            } else if row > 0 {
                row -= 1
            }
        case "D":
            lineFeed()
        case "[":
            var parameters = ""
            while let next = characters.first, !next.isLetter, next != "@", next != "`" {
                parameters.append(next)
                characters.removeFirst()
            }
            guard let final = characters.popFirst() else {
                unsupported.append("CSI \(parameters) unterminated")
                return
            }
            csi(parameters, final)
        default:
            unsupported.append("ESC \(kind)")
        }
    }

    private mutating func csi(_ parameters: String, _ final: Character) {
        if parameters.hasPrefix("?") {
            // Private modes (alternate screen, cursor, mouse): no effect on the cells.
            if final != "h" && final != "l" { unsupported.append("CSI \(parameters)\(final)") }
            return
        }
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        func number(_ index: Int, default value: Int) -> Int {
            index < numbers.count && numbers[index] > 0 ? numbers[index] : value
        }
        switch final {
        case "H", "f":
            pendingWrap = false
            row = min(rows, number(0, default: 1)) - 1
            column = min(columns, number(1, default: 1)) - 1
        case "A":
            relativeMove()
            row = max(row >= top ? top : 0, row - number(0, default: 1))
        case "B":
            relativeMove()
            row = min(row <= bottom ? bottom : rows - 1, row + number(0, default: 1))
        case "C":
            relativeMove()
            column = min(columns - 1, column + number(0, default: 1))
        case "D":
            relativeMove()
            column = max(0, column - number(0, default: 1))
        case "J":
            guard parameters == "2" else {
                unsupported.append("CSI \(parameters)J")
                return
            }
            cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
        case "r":
            let newTop = number(0, default: 1) - 1, newBottom = min(rows, number(1, default: rows)) - 1
            guard newTop < newBottom else { return }
            top = newTop
            bottom = newBottom
            pendingWrap = false
            row = 0
            column = 0
        case "S":
            scroll(up: number(0, default: 1))
        case "T":
            scroll(up: -number(0, default: 1))
        case "m":
            sgr(numbers.isEmpty ? [0] : numbers)
        default:
            unsupported.append("CSI \(parameters)\(final)")
        }
    }

    private mutating func sgr(_ numbers: [Int]) {
        var index = 0
        while index < numbers.count {
            let value = numbers[index]
            switch value {
            case 0: pen = .plain
            case 1: pen.bold = true
            case 2: pen.dim = true
            case 4: pen.underline = true
            case 7: pen.reverse = true
            case 22:
                pen.bold = false
                pen.dim = false
            case 24: pen.underline = false
            case 27: pen.reverse = false
            case 30...37: pen.foreground = UInt8(value - 30)
            case 39: pen.foreground = nil
            case 90...97: pen.foreground = UInt8(value - 90 + 8)
            case 38:
                guard index + 2 < numbers.count, numbers[index + 1] == 5 else {
                    unsupported.append("SGR 38 without a palette index")
                    return
                }
                pen.foreground = UInt8(clamping: numbers[index + 2])
                index += 2
            default:
                unsupported.append("SGR \(value)")
            }
            index += 1
        }
    }
}
