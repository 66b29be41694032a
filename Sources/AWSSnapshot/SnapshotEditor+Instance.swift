import NetworkModel

/// start-instances on a snapshot.
extension SnapshotEditor {
    mutating func startInstance(_ id: String) throws(SnapshotEditError) {
        let places = reservationPlaces(id)
        guard !places.isEmpty else { throw SnapshotEditError("start-instances: no instance \(id) in the snapshot") }
        for place in places {
            try edit(place, "Reservations") { (document, reservation) throws(SnapshotEditError) in
                guard let instance = reservation.member("Instances")?.elements.first(where: { $0.member("InstanceId")?.string == id }) else { return }
                let running = JSONValue.object(["Code": .integer(16), "Name": .string("running")])
                try Self.splice { () throws(JSONSyntaxError) in try document.set("State", running, in: instance) }
            }
        }
    }
}
