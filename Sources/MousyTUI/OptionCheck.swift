import ArgumentParser

/// Range checks for numeric options, so that no value (`inf`, `nan`, `1e300`, a huge
/// integer) reaches a conversion that traps: a bad one is a usage error (exit status 64)
/// with one plain sentence.
enum OptionCheck {
    /// Checks an integer option, e.g. `--max-players`.
    static func integer(_ value: Int, _ name: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value).")
        }
    }

    /// Checks a number of seconds (or other unit, `unit`), e.g. `--login-timeout-s`; with
    /// `zeroMeansOff`, 0 is accepted too (the feature turned off).
    static func number(
        _ value: Double, _ name: String, in range: ClosedRange<Double>, unit: String = "seconds", zeroMeansOff: Bool = false
    ) throws {
        guard value.isFinite, range.contains(value) || (zeroMeansOff && value == 0) else {
            let lowest = zeroMeansOff ? "0 (off) or \(format(range.lowerBound))" : format(range.lowerBound)
            throw ValidationError("\(name) must be a number of \(unit) from \(lowest) to \(format(range.upperBound)), not \(format(value)).")
        }
    }

    /// `5`, `0.001`, `1e+300`, `inf`: as short as the value allows.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
