import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// What a query's ends name: an instance by Name tag or id, an interface by id or Name tag, a private or public
/// address, another address (a host on the internet), `internet`, `service:` and `onprem:`; and the analysis
/// endpoints each stands for as a source and as a destination.
@Suite struct EndpointResolutionTests {
    /// Stage 09 of the seed lab: NextWork-1-instance (10.1.0.10) has an Elastic IP, NextWork-2-instance none.
    static func seed() throws -> (EndpointResolver, instance: String, interface: String, publicAddress: IPAddress) {
        let network = try Fixtures.load(Fixtures.seed("09-eic-works"))
        let instance = try #require(Fixtures.id(named: SeedLab.a, in: network))
        let interface = try #require(network.networkInterfaces(ofInstance: instance).first)
        let publicAddress = try #require(interface.addresses.first?.publicAddress)
        return (EndpointResolver(network: network), instance, interface.id, publicAddress)
    }

    @Test func anInstanceByNameTagOrIdIsItsInterfaces() throws {
        let (resolver, instance, interface, _) = try Self.seed()
        for text in [SeedLab.a, instance] {
            let endpoint = try resolver.resolve(text)
            #expect(endpoint.kind == .interfaces([interface]), "\(text)")
            #expect(endpoint.label == "\(instance) (\(SeedLab.a))" && endpoint.text == text)
            #expect(!endpoint.isOutside && !endpoint.isInternet && endpoint.literalFamily == nil)
        }
    }

    @Test func anInterfaceByIdOrNameTag() throws {
        let (resolver, instance, interface, _) = try Self.seed()
        for text in [interface, "NextWork-1-instance-eni"] {
            let endpoint = try resolver.resolve(text)
            #expect(endpoint.kind == .interfaces([interface]), "\(text)")
            #expect(endpoint.label == "\(interface) of \(instance) \(SeedLab.a)", "\(endpoint.label)")
        }
    }

    @Test func addressesPrivatePublicAndOnTheInternet() throws {
        let (resolver, instance, interface, publicAddress) = try Self.seed()
        let privateEnd = try resolver.resolve("10.1.0.10")
        #expect(privateEnd.kind == .privateAddress(interface, address("10.1.0.10")))
        #expect(privateEnd.label == "10.1.0.10 (\(interface) of \(instance) \(SeedLab.a))" && privateEnd.literalFamily == .ipv4)
        let publicEnd = try resolver.resolve(publicAddress.description)
        #expect(publicEnd.kind == .publicAddress(interface, publicAddress))
        #expect(publicEnd.label.hasPrefix("\(publicAddress) (public address of \(interface)"), "\(publicEnd.label)")
        let host = try resolver.resolve("203.0.113.10")
        #expect(host.kind == .internet(IPPrefix.host(address("203.0.113.10"))) && host.label == "internet host 203.0.113.10")
        #expect(host.isInternet && host.isOutside)
        // An address that no interface holds is a host on the internet only outside every VPC's blocks: inside one
        // it is refused, naming the subnet that holds it and the addresses its interfaces have.
        let inside = #expect(throws: QueryError.self) { try resolver.resolve("10.1.0.99") }
        #expect(inside?.message.hasPrefix("10.1.0.99 is inside subnet subnet-d2ce5f8f2bd408faa (NextWork-1-subnet-public1) (10.1.0.0/24) of vpc-c379103bffd6d5349 (NextWork-1), but no network interface in the snapshot has this address (its interfaces have 10.1.0.10)") == true, "\(String(describing: inside))")
        let outsideSubnets = #expect(throws: QueryError.self) { try resolver.resolve("10.1.200.1") }
        #expect(outsideSubnets?.message.contains("but in none of its subnets") == true, "\(String(describing: outsideSubnets))")
        for text in ["internet", "Internet", "INTERNET"] {
            let internet = try resolver.resolve(text)
            #expect(internet.kind == .internet(nil) && internet.label == "the internet", "\(text)")
        }
    }

    /// From inside AWS an instance is reached at its private addresses, from the internet at its public ones; sent
    /// from a public address, a packet leaves from the private address behind it.
    @Test func sourcesAndDestinations() throws {
        let (resolver, _, interface, publicAddress) = try Self.seed()
        let instance = try resolver.resolve(SeedLab.a)
        #expect(resolver.destinations(instance, fromInternet: false) == [.interface(interface, addresses: [address("10.1.0.10")])])
        #expect(resolver.destinations(instance, fromInternet: true) == [.publicAddressOf(interface)])
        #expect(resolver.sources(instance) == [.interface(interface, addresses: [address("10.1.0.10")])])
        let fromPublic = try resolver.resolve(publicAddress.description)
        #expect(resolver.sources(fromPublic) == [.interface(interface, addresses: [address("10.1.0.10")])])
        #expect(resolver.destinations(fromPublic, fromInternet: true) == [.interface(interface, addresses: [publicAddress])])
        #expect(resolver.sources(try resolver.resolve("internet")) == [.internet(nil)])
    }

    @Test func unknownAndAmbiguousNames() throws {
        let (resolver, _, _, _) = try Self.seed()
        let unknown = #expect(throws: QueryError.self) { try resolver.resolve("nobody") }
        #expect(unknown?.message.contains(#"no instance, network interface or address "nobody" in the snapshot"#) == true, "\(String(describing: unknown))")
        // Two instances with one Name tag: the user must give an id.
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        snapshot.editInstances { instance in
            guard EditedSnapshot.name(instance) == SeedLab.b else { return }
            instance["Tags"] = [["Key": "Name", "Value": SeedLab.a]]
        }
        let twins = EndpointResolver(network: try snapshot.load())
        let ambiguous = #expect(throws: QueryError.self) { try twins.resolve(SeedLab.a) }
        #expect(ambiguous?.message.contains(#""NextWork-1-instance" names more than one instance or interface"#) == true, "\(String(describing: ambiguous))")
    }

    /// A subnet group named by a Name tag several subnets carry is refused, and the message shows each subnet's blocks.
    @Test func anAmbiguousSubnetNameListsEachSubnetsBlocks() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        snapshot.editEach("Subnets") { $0["Tags"] = [["Key": "Name", "Value": "Public"]] }
        let network = try snapshot.load()
        let ambiguous = #expect(throws: QueryError.self) { try EndpointGroupResolver(network: network).resolve(.subnet("Public")) }
        let message = ambiguous?.message ?? ""
        #expect(network.subnets.count > 1 && message.contains(#""Public" names \#(network.subnets.count) subnets"#), "\(message)")
        for subnet in network.subnets {
            #expect(message.contains("\(subnet.id) \(subnet.cidrBlocks.map(\.description).joined(separator: ", ")) in \(subnet.vpcID)"), "\(message)")
        }
    }

    @Test func servicesAndOnPremises() throws {
        let resolver = EndpointResolver(network: try Fixtures.load(StageLab.dataplane.directory("01-working")))
        let s3 = try resolver.resolve("service:s3")
        #expect(s3.kind == .service(["com.amazonaws.us-east-1.s3"]) && s3.isOutside && !s3.isInternet)
        #expect(s3.label.hasPrefix("com.amazonaws.us-east-1.s3 (pl-"), "\(s3.label)")
        let onPremises = try resolver.resolve("onprem:192.168.0.0/16")
        #expect(onPremises.kind == .onPremises(prefix("192.168.0.0/16")) && onPremises.label == "on-premises hosts in 192.168.0.0/16")
        #expect(onPremises.literalFamily == .ipv4 && resolver.sources(onPremises) == [.onPremises(prefix("192.168.0.0/16"))])
        let noService = #expect(throws: QueryError.self) { try resolver.resolve("service:nothing") }
        #expect(noService?.message.contains(#"no service "nothing" in the snapshot"#) == true, "\(String(describing: noService))")
        let badBlock = #expect(throws: QueryError.self) { try resolver.resolve("onprem:on-site") }
        #expect(badBlock?.message.contains(#"onprem: takes a CIDR block of on-premises addresses (onprem:192.168.0.0/16), not "on-site""#) == true, "\(String(describing: badBlock))")
    }
}
