import NetworkModel
import SMT

extension PathEncoder {
    /// The attachments a transit gateway route table's decision may pick for a packet toward `receiverVPC`'s
    /// receiver, after leaving out those its destination term can never be bound for (`AddressEnvelope`): worked
    /// out once per table, hop and destination term, and reused by every candidate path that crosses the table with
    /// that packet (the return paths of a group of thousands of destinations all cross the same tables).
    func transitGatewayTargets(table tableID: String, gateway gatewayID: String, peeringHops: Int, receiverVPC: String?,
                               destination: Term, _ make: () -> [String]) -> [String] {
        let key = "\(tableID)|\(gatewayID)|\(peeringHops)|\(receiverVPC ?? "")|\(UInt(bitPattern: ObjectIdentifier(destination).hashValue))"
        if let known = transitGatewayTargetsByKey[key] { return known.targets }
        let targets = make()
        transitGatewayTargetsByKey[key] = (targets, destination)
        return targets
    }
}
