import Messages

extension SessionDriver {
    /// Carries out one command of a front's.
    public func perform(_ command: ClientCommand) {
        switch command {
        case .move(let x, let y, let left, let right):
            move(MouseMove.with {
                $0.x = x
                $0.y = y
                $0.leftClick = left
                $0.rightClick = right
            })
        case .send(let message):
            send(message)
        case .quit:
            quit()
        }
    }
}
