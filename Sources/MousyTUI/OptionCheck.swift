import ArgumentParser

/// Range checks for the options of every subcommand, so that no value (`inf`, `nan`,
/// `1e300`, `-5`, a huge integer, `abc`) reaches a conversion that traps, and a bad one
/// is a usage error (exit status 64) in one style that names the option and its range:
/// "Error: The value '-5' is invalid for '--rate <per-second>': it must be a number from
/// 0 to 10000."
///
/// The parsers are the options' `transform`s, so the range is declared once, with the
/// option; take `parsing: .unconditional` with them, so that a negative value is a value,
/// not an unknown option. Rules between two options stay in `validate()`, worded alike.
enum OptionCheck {
    /// The rest of ArgumentParser's sentence about a bad value: "it must be ...".
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses a whole number in `range` (with `zeroMeansOff`, 0 as well: the feature off).
    static func integer(_ range: ClosedRange<Int>, zeroMeansOff: Bool = false) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text), range.contains(value) || (zeroMeansOff && value == 0) else {
                let lowest = zeroMeansOff && range.lowerBound > 0 ? "0 (off) or \(range.lowerBound)" : "\(range.lowerBound)"
                throw Invalid(description: "it must be a whole number from \(lowest) to \(range.upperBound).")
            }
            return value
        }
    }

    /// Parses a seed: any unsigned 64-bit number.
    static let seed: @Sendable (String) throws -> UInt64 = { text in
        guard let value = UInt64(text) else {
            throw Invalid(description: "it must be a whole number from 0 to \(UInt64.max).")
        }
        return value
    }

    /// Parses a port: 0 to 65535, 0 picking a free one.
    static let port = integer(0...65_535)

    /// Parses a number of `unit` (seconds by default) in `range`; with `zeroMeansOff`, 0
    /// as well (the feature off).
    static func number(
        _ range: ClosedRange<Double>, unit: String = "seconds", zeroMeansOff: Bool = false
    ) -> @Sendable (String) throws -> Double {
        { text in
            guard let value = Double(text), value.isFinite, range.contains(value) || (zeroMeansOff && value == 0) else {
                throw Invalid(description: "it must be \(sentence(range, unit: unit, zeroMeansOff: zeroMeansOff)).")
            }
            return value
        }
    }

    /// "a number of seconds from 0 (off) or 0.001 to 86400".
    static func sentence(_ range: ClosedRange<Double>, unit: String, zeroMeansOff: Bool = false) -> String {
        let lowest = zeroMeansOff && range.lowerBound > 0 ? "0 (off) or \(format(range.lowerBound))" : format(range.lowerBound)
        return "a number \(unit.isEmpty ? "" : "of \(unit) ")from \(lowest) to \(format(range.upperBound))"
    }

    /// Checks a number against a range that depends on another option, e.g.
    /// `--login-penalty-max-s` against `--login-penalty-s`, in the same words.
    static func number(_ value: Double, _ name: String, in range: ClosedRange<Double>, unit: String = "seconds", because: String) throws {
        guard range.contains(value) else {
            throw ValidationError("The value '\(format(value))' is invalid for '\(name)': it must be \(sentence(range, unit: unit)) (\(because)).")
        }
    }

    /// `5`, `0.001`, `1e+300`, `inf`: as short as the value allows.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
