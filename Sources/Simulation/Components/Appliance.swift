import NetworkModel

/// An appliance (route target `eni-…` or `i-…`) receives the packet by its interface: network ACLs on the way
/// into its subnet, its security groups inbound, then, unless the packet is addressed to it, it forwards it by
/// its subnet's route table after its security groups outbound. With the source/destination check on (the
/// default) it drops what is neither from nor to itself (ENI_SOURCE_DEST_CHECK_RESTRICTION). On the return leg
/// its security groups let the response through when the request crossed it too (they are stateful); otherwise
/// the response is a new flow for them. An appliance met twice on one leg is a routing loop; more than
/// `maximumForwardingSteps` appliances on one leg end the walk unsupported.
extension PacketWalker {
    /// How many appliances one leg may cross before the walk gives up (unsupported).
    public static let maximumForwardingSteps = 4

    /// Why a packet that an appliance forwarded to an internet gateway, from an address without a public address,
    /// gets no verdict.
    public static func applianceTranslationNote(appliance: String, source: IPAddress, gateway: String) -> String {
        "\(appliance) forwards a packet from \(source), which has no public address, to \(gateway): whether the appliance translates it (as a NAT instance does) the snapshot does not say"
    }

    /// Why an appliance with its source/destination check on drops a packet it should forward.
    public func sourceDestinationCheckMessage(_ interface: NetworkInterface, _ packet: Packet) -> String {
        let owner = interface.instanceID.map { id in " (\(id)\(network.name(of: id).map { " \($0)" } ?? ""))" } ?? ""
        return "\(interface.id)\(owner) has its source/destination check on, so it drops \(describe(packet)) for \(packet.destination), which is not its own address: an appliance needs the check off to forward traffic"
    }
}

extension Trip {
    static var maximumForwardingSteps: Int { PacketWalker.maximumForwardingSteps }

    /// A route to an interface or instance: the packet goes to that appliance, which forwards it. `subnetID` is
    /// the sender's subnet, nil for traffic routed by a gateway route table as it comes into the VPC.
    mutating func appliance(_ target: RouteTarget, _ packet: Packet, fromSubnet subnetID: String?, table: RouteTable) -> Walk.Outcome {
        let resolved: NetworkInterface?
        switch target {
        case .instance(let id): resolved = network.networkInterfaces(ofInstance: id).first
        default: resolved = network.networkInterface(target.id)
        }
        guard let interface = resolved else {
            return .unsupported("\(table.id) sends the packet to \(target.id), which the snapshot does not describe")
        }
        guard network.isTrafficEndpoint(interface) else {
            return .unsupported("\(table.id) sends the packet to \(interface.id), a NAT gateway's interface (route to the NAT gateway instead)")
        }
        guard !crossed.contains(interface.id) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: .noRouteToDestination,
                                 message: "\(table.id)\(name(table.id)) sends the packet back to \(interface.id), which has forwarded it already: a routing loop"))
        }
        guard crossed.count < Self.maximumForwardingSteps else {
            return .unsupported("the packet crosses more than \(Self.maximumForwardingSteps) appliances")
        }
        if let drop = liveness(interface) { return .dropped(drop) }
        if let drop = crossACLs(packet, from: subnetID, to: interface.subnetID) { return .dropped(drop) }
        if interface.owns(packet.destination) { return deliver(packet, to: interface) }
        guard !interface.sourceDestinationCheck else {
            return .dropped(Drop(.sourceDestinationCheck(interface: interface.id), code: .networkInterfaceSourceDestinationCheck,
                                 message: walker.sourceDestinationCheckMessage(interface, packet)))
        }
        let tracked = leg == .return && state.appliances.contains(interface.id)
        if tracked {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
        } else {
            let decision = walker.securityGroupDecision(interface, .inbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .inbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        }
        hops.append(Hop(component: interface.id, kind: .networkInterface,
                        detail: "receives \(packet) and forwards it (source/destination check off)\(owner(interface))"))
        crossed.append(interface.id)
        if leg == .forward { state.appliances.append(interface.id) }
        if !tracked {
            let decision = walker.securityGroupDecision(interface, .outbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .outbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        }
        return route(packet, fromSubnet: interface.subnetID, sender: interface)
    }

    /// After an appliance, a source address without a public address leaves the answer open: software on the
    /// appliance may translate it (a NAT instance does), which the snapshot does not say. nil when no appliance
    /// forwarded the packet on this leg.
    func applianceMayTranslate(_ packet: Packet, gateway: String) -> Walk.Outcome? {
        guard let appliance = crossed.last(where: { !$0.hasPrefix("vpce-") }) else { return nil } // not a Gateway Load Balancer endpoint
        return .unsupported(PacketWalker.applianceTranslationNote(appliance: appliance, source: packet.source, gateway: gateway))
    }
}
