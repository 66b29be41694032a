import Testing
@testable import NetworkModel

/// The indexed longest-prefix match (`LongestPrefixIndex`) of long VPC and transit gateway route tables gives, for
/// every address, the entry the scan of the forwarding order gives.
@Suite struct LongestPrefixIndexTests {
    /// A deterministic pseudo-random sequence (the tests must not depend on the run).
    struct Sequence {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Prefixes that nest and overlap: /8, /16s, /20s, /24s and /32s inside 10.0.0.0/8, a default route, IPv6 blocks.
    static func prefixes(_ count: Int, _ random: inout Sequence) -> [IPPrefix] {
        var result: [IPPrefix] = [IPPrefix("0.0.0.0/0")!, IPPrefix("10.0.0.0/8")!, IPPrefix("::/0")!, IPPrefix("2600:1f18::/32")!]
        for _ in 0..<count {
            let value = UInt32(10) << 24 | UInt32(random.next(4)) << 16 | UInt32(random.next(16)) << 8 | UInt32(random.next(4))
            let length = [16, 20, 24, 32, 12][random.next(5)]
            result.append(IPPrefix(IPAddress(value), length: length))
        }
        result.append(IPPrefix("2600:1f18:0:1::/64")!)
        return result
    }

    static func addresses(_ random: inout Sequence) -> [IPAddress] {
        var result: [IPAddress] = [IPAddress("8.8.8.8")!, IPAddress("10.255.0.1")!, IPAddress("2600:1f18:0:1::5")!, IPAddress("2600:1f19::1")!]
        for _ in 0..<600 {
            result.append(IPAddress(UInt32(10) << 24 | UInt32(random.next(5)) << 16 | UInt32(random.next(17)) << 8 | UInt32(random.next(6))))
        }
        return result
    }

    @Test func vpcRouteTablesMatchAsTheirScanDoes() {
        var random = Sequence(state: 7)
        for round in 0..<20 {
            let prefixes = Self.prefixes(4 + round * 6, &random)
            // The same prefix several times (a propagated route beside a static one), in the table's order.
            var routes: [Route] = []
            for (i, prefix) in prefixes.enumerated() {
                routes.append(Route(destination: .cidr(prefix), target: .peeringConnection("pcx-\(i)")))
                if i % 5 == 0 {
                    routes.append(Route(destination: .cidr(prefix), target: .virtualPrivateGateway("vgw-\(i)"), origin: .enableVgwRoutePropagation))
                }
                if i % 7 == 3 { routes.insert(Route(destination: .cidr(prefix), target: .natGateway("nat-\(i)"), isActive: false), at: 0) }
            }
            routes.append(Route(destination: .prefixList("pl-1"), target: .vpcEndpoint("vpce-1")))
            let list = PrefixList(id: "pl-1", name: "com.amazonaws.us-east-1.s3", cidrBlocks: [IPPrefix("10.1.2.0/24")!, IPPrefix("52.216.0.0/15")!])
            let table = RouteTable(id: "rtb-1", vpcID: "vpc-1", routes: routes)
            let network = Network(routeTables: [table], prefixLists: [list])
            let entries = network.routingEntries(of: table)
            #expect(entries.count >= LongestPrefixIndex.minimumEntries || round == 0)
            for address in Self.addresses(&random) + [IPAddress("52.217.1.1")!, IPAddress("10.1.2.9")!] {
                let scanned = entries.first { $0.prefix.contains(address) }
                #expect(network.routingEntry(in: table, for: address) == scanned, "round \(round): \(address)")
            }
            // A table passed in with routes other than the snapshot's is worked out from its own routes.
            var edited = table
            edited.routes.append(Route(destination: .cidr(IPPrefix("10.9.9.9/32")!), target: .internetGateway("igw-1")))
            #expect(network.routingEntry(in: edited, for: IPAddress("10.9.9.9")!)?.route.target == .internetGateway("igw-1"))
            #expect(network.routingEntries(of: edited).count == entries.count + 1)
        }
    }

    @Test func transitGatewayRouteTablesMatchAsTheirScanDoes() {
        var random = Sequence(state: 11)
        for round in 0..<20 {
            let prefixes = Self.prefixes(4 + round * 6, &random)
            var routes: [TransitGatewayRoute] = []
            for (i, prefix) in prefixes.enumerated() {
                routes.append(TransitGatewayRoute(destination: prefix, attachmentIDs: ["tgw-attach-\(i)"], type: i % 3 == 0 ? .propagated : .static,
                                                  state: i % 11 == 4 ? .blackhole : .active, resourceType: .vpc))
                if i % 4 == 1 { routes.append(TransitGatewayRoute(destination: prefix, attachmentIDs: ["tgw-attach-x\(i)"], type: .propagated, resourceType: .vpn)) }
                if i % 9 == 2 { routes.append(TransitGatewayRoute(destination: prefix, attachmentIDs: ["tgw-attach-d\(i)"], state: .deleted)) }
            }
            let table = TransitGatewayRouteTable(id: "tgw-rtb-1", transitGatewayID: "tgw-1", routes: routes)
            let network = Network(transit: TransitGatewayConfiguration(gateways: [TransitGateway(id: "tgw-1")], routeTables: [table]))
            let entries = network.transitGatewayRoutingEntries(of: table)
            for address in Self.addresses(&random) {
                let scanned = entries.first { $0.prefix.contains(address) }
                #expect(network.transitGatewayRoute(in: table, for: address) == scanned, "round \(round): \(address)")
            }
        }
    }

    @Test func theIndexFindsTheFirstEntryOfTheLongestPrefix() {
        let prefixes = ["10.1.0.0/16", "10.1.0.0/16", "10.0.0.0/8", "10.1.2.0/24", "0.0.0.0/0"].map { IPPrefix($0)! }
        // Forwarding order: /24, the two /16s (in this order), /8, /0.
        let ordered = [prefixes[3], prefixes[0], prefixes[1], prefixes[2], prefixes[4]]
        let index = LongestPrefixIndex(prefixes: ordered)
        #expect(index.match(IPAddress("10.1.2.3")!) == 0)
        #expect(index.match(IPAddress("10.1.3.3")!) == 1)
        #expect(index.match(IPAddress("10.2.0.1")!) == 3)
        #expect(index.match(IPAddress("11.0.0.1")!) == 4)
        #expect(index.match(IPAddress("2600::1")!) == nil)
    }
}
