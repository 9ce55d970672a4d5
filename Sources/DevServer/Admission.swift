/// A login the ``LoginDesk`` let in: the player's id and how many play now, itself included.
struct Admission: Sendable, Equatable {
    var id: PlayerID
    var online: Int
}
