import NetworkModel
import Simulation

/// Fixes for a Classic Load Balancer's blockers, as `aws elb …` calls (`FixAction.createClassicListener` …), which the
/// snapshot editor applies and the query then asks again:
/// - no listener on the port: `create-load-balancer-listeners`, on the port, to the instance port its other
///   listeners forward to (one port: which instance port is otherwise not something the query says), with the
///   protocol of that listener when it is `HTTP` or `TCP` (an `HTTPS` or `SSL` listener needs a server certificate
///   the snapshot does not describe); a Classic Load Balancer takes no UDP;
/// - no instance registered: `register-instances-with-load-balancer` of the query's instance (for every listener);
/// - an instance in a zone the load balancer is not enabled in: `attach-load-balancer-to-subnets` with a subnet of
///   that zone (`subnetToEnable`);
/// - cross-zone load balancing off: `modify-load-balancer-attributes` with `CrossZoneLoadBalancing` enabled.
/// An instance the load balancer starts checking gets connections once it passes its health check (a Classic Load
/// Balancer does not fail open); the fix says so, and is checked again with it InService.
extension FixDerivation {
    func classicListenerChange(_ loadBalancer: LoadBalancer, checkpoint: Checkpoint, packet: Packet) throws(Inexpressible) -> FixChange {
        let port = packet.destinationPort
        let wanted = "load balancer \(loadBalancer.name) needs a listener on \(IPProtocolNumber.name(packet.ipProtocol)) port \(port)"
        guard packet.ipProtocol == IPProtocolNumber.tcp else { throw Inexpressible("\(wanted), but a Classic Load Balancer's listeners take only TCP") }
        if let taken = loadBalancer.listeners.first(where: { $0.port == port }) {
            throw Inexpressible("\(wanted), but its \(taken.listenerProtocol) listener has the port")
        }
        var groups: [TargetGroup] = []
        for listener in loadBalancer.listeners {
            for arn in listener.forwardedTargetGroups ?? [] where !groups.contains(where: { $0.arn == arn }) {
                if let group = network.loadBalancing.targetGroup(arn) { groups.append(group) }
            }
        }
        let ports = Set(groups.compactMap(\.port))
        guard ports.count == 1, let instancePort = ports.first, let group = groups.first else {
            throw Inexpressible("\(wanted), and its listeners forward to \(ports.isEmpty ? "no instance port" : "instance ports \(ports.sorted().map(String.init).joined(separator: ", "))"): which instance port the new listener should use is not something the query says")
        }
        if let needed = loadBalancerTargetNeeded(loadBalancer),
           !group.targets.contains(where: { target in AddressFamily.allCases.contains { network.resolve(target, of: group, family: $0)?.0.id == needed } }) {
            throw Inexpressible("\(wanted), but \(needed) is not one of its instances")
        }
        let listenerProtocol = (group.targetProtocol ?? "TCP").uppercased()
        guard listenerProtocol == "HTTP" || listenerProtocol == "TCP" else {
            throw Inexpressible("\(wanted): a \(listenerProtocol) listener, which needs a server certificate (create-load-balancer-listeners … SSLCertificateId=…) that the snapshot does not describe")
        }
        return FixChange(kind: .listener, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                         summary: "add listener \(listenerProtocol):\(port) to Classic Load Balancer \(loadBalancer.name), to its instances' port \(instancePort)",
                         actions: [.createClassicListener(loadBalancer: loadBalancer.arn, name: loadBalancer.name, listenerProtocol: listenerProtocol,
                                                          port: port, instanceProtocol: listenerProtocol, instancePort: instancePort)])
    }

    func classicRestrictionChange(_ candidate: LoadBalancerCandidate, checkpoint: Checkpoint) throws(Inexpressible) -> FixChange {
        let forward = candidate.forward
        let loadBalancer = forward.loadBalancer
        let check = "it gets connections once it passes the health check (\(forward.targetGroup.healthCheck?.description ?? "not described")); the fix is checked with it InService"
        switch candidate.restriction {
        case .crossZone:
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                             summary: "turn on cross-zone load balancing of Classic Load Balancer \(loadBalancer.name)",
                             actions: [.enableClassicCrossZone(loadBalancer: loadBalancer.arn, name: loadBalancer.name)])
        case .zoneNotEnabled(let zone):
            let chosen = try subnetToEnable(loadBalancer, zone: zone, targetSubnet: forward.interface.subnetID)
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                             summary: "attach Classic Load Balancer \(loadBalancer.name) to subnet \(chosen) in \(zone); instance \(forward.target.id) is checked there: \(check)",
                             actions: [.attachClassicSubnets(loadBalancer: loadBalancer.arn, name: loadBalancer.name, subnets: [chosen])])
        case .notRegistered:
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                             summary: "register instance \(forward.target.id) with Classic Load Balancer \(loadBalancer.name) (instance port \(forward.port)); \(check)",
                             actions: [.registerClassicInstance(loadBalancer: loadBalancer.arn, name: loadBalancer.name, instance: forward.target.id)])
        case .unhealthy, nil:
            throw Inexpressible("load balancer \(loadBalancer.name): no configuration change is derived for \(forward.target.id)")
        }
    }

    /// The subnet of `zone` a load balancer is enabled in to reach a target there: one of its VPC that shares a route
    /// table with a subnet the load balancer has (so that the new node is reached as the others are), else the
    /// target's own subnet, else the first in the zone.
    func subnetToEnable(_ loadBalancer: LoadBalancer, zone: String, targetSubnet: String) throws(Inexpressible) -> String {
        let tables = Set(loadBalancer.zones.compactMap { network.routeTable(forSubnet: $0.subnetID)?.id })
        let inZone = network.subnets.filter { $0.vpcID == loadBalancer.vpcID && $0.availabilityZone == zone }
        guard let chosen = inZone.first(where: { network.routeTable(forSubnet: $0.id).map { tables.contains($0.id) } ?? false })
                ?? inZone.first(where: { $0.id == targetSubnet }) ?? inZone.first else {
            throw Inexpressible("load balancer \(loadBalancer.name) needs a subnet in \(zone), and its VPC \(loadBalancer.vpcID) has none there")
        }
        return chosen.id
    }
}
