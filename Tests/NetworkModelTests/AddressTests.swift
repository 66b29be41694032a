import Testing
@testable import NetworkModel

@Suite struct AddressTests {
    @Test func parsesAndPrintsAddresses() {
        #expect(IPAddress("10.1.0.10")?.value == 0x0A01_000A)
        #expect(IPAddress("10.1.0.10")?.description == "10.1.0.10")
        for bad in ["10.1.0", "10.1.0.256", "10.1.0.1.2", "a.b.c.d", "", "1..2.3", "01234.1.1.1", "-1.0.0.0"] {
            #expect(IPAddress(bad) == nil, "\(bad) must not parse")
        }
    }

    @Test func prefixesContainTheirRange() throws {
        let prefix = try #require(IPPrefix("10.2.0.0/16"))
        #expect(prefix.contains(IPAddress("10.2.255.255")!))
        #expect(!prefix.contains(IPAddress("10.3.0.0")!))
        #expect(prefix.first.description == "10.2.0.0" && prefix.last.description == "10.2.255.255")
        #expect(IPPrefix("0.0.0.0/0")!.contains(IPAddress("255.255.255.255")!))
        #expect(IPPrefix("10.2.0.5/16")?.description == "10.2.0.0/16")
        for bad in ["10.2.0.0/33", "10.2.0.0", "10.2.0.0/", "10.2.0.0/-1", "10.2.0/16", "x/8"] {
            #expect(IPPrefix(bad) == nil, "\(bad) must not parse")
        }
        #expect(IPPrefix("10.0.0.0/8")!.contains(prefix))
        #expect(!prefix.contains(IPPrefix("10.0.0.0/8")!))
        #expect(IPPrefix("10.0.0.0/8")!.overlaps(prefix) && !IPPrefix("10.1.0.0/16")!.overlaps(prefix))
    }

    @Test func routingEntriesAreInLongestPrefixOrder() {
        let table = RouteTable(id: "rtb-1", vpcID: "vpc-1", routes: [
            Route(destination: .cidr(IPPrefix("0.0.0.0/0")!), target: .internetGateway("igw-1")),
            Route(destination: .cidr(IPPrefix("10.1.0.0/16")!), target: .local),
            Route(destination: .prefixList("pl-1"), target: .vpcEndpoint("vpce-1")),
            Route(destination: .cidr(IPPrefix("52.0.0.0/8")!), target: .natGateway("nat-1")),
        ])
        let network = Network(routeTables: [table], prefixLists: [PrefixList(id: "pl-1", name: "s3", cidrBlocks: [IPPrefix("52.0.0.0/8")!, IPPrefix("54.0.0.0/16")!])])
        let entries = network.routingEntries(of: table).map { "\($0.prefix)>\($0.route.target)" }
        #expect(entries == ["10.1.0.0/16>local", "54.0.0.0/16>vpce-1", "52.0.0.0/8>nat-1", "52.0.0.0/8>vpce-1", "0.0.0.0/0>igw-1"])
    }
}
