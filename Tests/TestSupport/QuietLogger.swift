import Logging

/// A logger for tests: warnings and worse only, so test output stays readable and a
/// real problem still shows.
public func quietLogger(_ label: String = "test") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}
