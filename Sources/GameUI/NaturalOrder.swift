/// Orders names as people count: runs of digits compare by value, so "load2" comes
/// before "load10"; other characters compare as usual. Ties (e.g. "a01" and "a1") fall
/// back to plain string order, so the order is total.
public enum NaturalOrder {
    /// True when `lhs` comes before `rhs`.
    public static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.unicodeScalars.makeIterator()
        var right = rhs.unicodeScalars.makeIterator()
        var a = left.next()
        var b = right.next()
        while let x = a, let y = b {
            if isDigit(x), isDigit(y) {
                var leftDigits: [Unicode.Scalar] = []
                var rightDigits: [Unicode.Scalar] = []
                while let c = a, isDigit(c) { leftDigits.append(c); a = left.next() }
                while let c = b, isDigit(c) { rightDigits.append(c); b = right.next() }
                let l = leftDigits.drop { $0 == "0" }
                let r = rightDigits.drop { $0 == "0" }
                if l.count != r.count { return l.count < r.count }
                for (p, q) in zip(l, r) where p != q { return p.value < q.value }
                continue
            }
            if x != y { return x.value < y.value }
            a = left.next()
            b = right.next()
        }
        if (a == nil) != (b == nil) { return a == nil }
        return lhs < rhs
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }
}
