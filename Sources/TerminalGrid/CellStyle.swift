/// How one cell is drawn: a foreground colour from the terminal's palette (or its
/// default) and the SGR attributes Mousy uses.
public struct CellStyle: Hashable, Sendable {
    /// A palette index (0-7 the basic colours, 8-15 their bright forms, 16-255 the
    /// 256-colour cube and greys); nil is the terminal's default colour.
    public var foreground: UInt8?
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    /// The terminal's default: no colour, no attribute.
    public static var plain: CellStyle { CellStyle() }

    @inlinable
    public init(foreground: UInt8? = nil, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    @inlinable
    public static func == (a: Self, b: Self) -> Bool {
        a.foreground == b.foreground && a.bold == b.bold && a.dim == b.dim && a.underline == b.underline && a.reverse == b.reverse
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(foreground)
        hasher.combine(bold)
        hasher.combine(dim)
        hasher.combine(underline)
        hasher.combine(reverse)
    }
}
