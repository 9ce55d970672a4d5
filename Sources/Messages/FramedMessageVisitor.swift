/// Work done on a ``WireMessage``'s message as its concrete ``FramedMessage`` type,
/// through ``WireMessage/visit(_:)``: the one switch over the cases, so that code which
/// treats every kind alike (its type, its log line, its encoding) needs no case per kind.
public protocol FramedMessageVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    mutating func visit<M: FramedMessage>(_ message: M) throws(Failure) -> Result
}
