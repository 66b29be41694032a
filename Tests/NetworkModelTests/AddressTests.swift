import Testing
@testable import NetworkModel

@Suite struct AddressTests {
    @Test func parsesAndPrintsAddresses() {
        #expect(IPv4Address("10.1.0.10")?.value == 0x0A01_000A)
        #expect(IPv4Address("10.1.0.10")?.description == "10.1.0.10")
        for bad in ["10.1.0", "10.1.0.256", "10.1.0.1.2", "a.b.c.d", "", "1..2.3", "01234.1.1.1", "-1.0.0.0"] {
            #expect(IPv4Address(bad) == nil, "\(bad) must not parse")
        }
    }

    @Test func prefixesContainTheirRange() throws {
        let prefix = try #require(IPv4Prefix("10.2.0.0/16"))
        #expect(prefix.contains(IPv4Address("10.2.255.255")!))
        #expect(!prefix.contains(IPv4Address("10.3.0.0")!))
        #expect(prefix.first.description == "10.2.0.0" && prefix.last.description == "10.2.255.255")
        #expect(IPv4Prefix("0.0.0.0/0")!.contains(IPv4Address("255.255.255.255")!))
        #expect(IPv4Prefix("10.2.0.5/16")?.description == "10.2.0.0/16")
        for bad in ["10.2.0.0/33", "10.2.0.0", "10.2.0.0/", "10.2.0.0/-1", "10.2.0/16", "x/8"] {
            #expect(IPv4Prefix(bad) == nil, "\(bad) must not parse")
        }
        #expect(IPv4Prefix("10.0.0.0/8")!.contains(prefix))
        #expect(!prefix.contains(IPv4Prefix("10.0.0.0/8")!))
        #expect(IPv4Prefix("10.0.0.0/8")!.overlaps(prefix) && !IPv4Prefix("10.1.0.0/16")!.overlaps(prefix))
    }

    @Test func routingEntriesAreInLongestPrefixOrder() {
        let table = RouteTable(id: "rtb-1", vpcID: "vpc-1", routes: [
            Route(destination: .cidr(IPv4Prefix("0.0.0.0/0")!), target: .internetGateway("igw-1")),
            Route(destination: .cidr(IPv4Prefix("10.1.0.0/16")!), target: .local),
            Route(destination: .prefixList("pl-1"), target: .vpcEndpoint("vpce-1")),
            Route(destination: .cidr(IPv4Prefix("52.0.0.0/8")!), target: .natGateway("nat-1")),
        ])
        let network = Network(routeTables: [table], prefixLists: [PrefixList(id: "pl-1", name: "s3", cidrBlocks: [IPv4Prefix("52.0.0.0/8")!, IPv4Prefix("54.0.0.0/16")!])])
        let entries = network.routingEntries(of: table).map { "\($0.prefix)>\($0.route.target)" }
        #expect(entries == ["10.1.0.0/16>local", "54.0.0.0/16>vpce-1", "52.0.0.0/8>nat-1", "52.0.0.0/8>vpce-1", "0.0.0.0/0>igw-1"])
    }
}
