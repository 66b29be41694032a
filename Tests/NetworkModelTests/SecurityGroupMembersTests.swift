import Testing
@testable import NetworkModel

/// `Network.networkInterfaces(ofSecurityGroup:)`: the interfaces of a group, found by an index built at load.
@Suite struct SecurityGroupMembersTests {
    @Test func membersInTheSnapshotsOrderEachOnce() throws {
        func interface(_ id: String, _ groups: [String]) -> NetworkInterface {
            NetworkInterface(id: id, subnetID: "subnet-1", vpcID: "vpc-1", securityGroupIDs: groups,
                             addresses: [.init(address: IPAddress(UInt32(0x0A00_0000) + UInt32(id.count)), isPrimary: true)])
        }
        let network = Network(networkInterfaces: [interface("eni-a", ["sg-1", "sg-2"]), interface("eni-bb", ["sg-2"]),
                                                  interface("eni-ccc", ["sg-1", "sg-1"]), interface("eni-dddd", [])])
        #expect(network.networkInterfaces(ofSecurityGroup: "sg-1").map(\.id) == ["eni-a", "eni-ccc"])
        #expect(network.networkInterfaces(ofSecurityGroup: "sg-2").map(\.id) == ["eni-a", "eni-bb"])
        #expect(network.networkInterfaces(ofSecurityGroup: "sg-9").isEmpty)
        // The same as a scan of every interface.
        for group in ["sg-1", "sg-2", "sg-9"] {
            #expect(network.networkInterfaces(ofSecurityGroup: group).map(\.id)
                    == network.networkInterfaces.filter { $0.securityGroupIDs.contains(group) }.map(\.id))
        }
    }
}
