/// The Classic Load Balancer calls a fix makes (`aws elb …`), applied to the model. A Classic Load Balancer's
/// listeners forward to target groups of its instances named by the instance port (`<name>:<instance port>`, as the
/// reader builds them), so:
/// - `create-load-balancer-listeners` adds a listener forwarding to the group of its instance port;
/// - `register-instances-with-load-balancer` registers the instance in every group of the load balancer;
/// - `attach-load-balancer-to-subnets` adds the subnets to its zones;
/// - `modify-load-balancer-attributes` turns cross-zone load balancing on.
/// A Classic Load Balancer sends connections only to instances InService (it does not fail open), and an instance it
/// starts checking (registered, or in a zone just enabled) is OutOfService until it passes its health check: the
/// change is applied with the instance InService, the state it has once it passes, which the fix says.
extension Network {
    func applyClassic(_ action: FixAction, to loadBalancing: inout LoadBalancing) {
        switch action {
        case .createClassicListener(let arn, _, let listenerProtocol, let port, _, let instancePort):
            loadBalancing.addListener(Listener(arn: "\(arn)/listener:\(port)", port: port, listenerProtocol: listenerProtocol,
                                               defaultActions: [.forward(["\(arn):\(instancePort)"])]), to: arn)
        case .registerClassicInstance(let arn, _, let instance):
            loadBalancing.setClassicInstances([instance], of: arn, register: true)
        case .attachClassicSubnets(let arn, _, let subnets):
            guard let loadBalancer = loadBalancing.loadBalancers.first(where: { $0.arn == arn }) else { return }
            let added = subnets.filter { id in !loadBalancer.zones.contains { $0.subnetID == id } }
            let zones = loadBalancer.zones + added.map { LoadBalancer.Zone(subnetID: $0, zoneName: subnet($0)?.availabilityZone) }
            loadBalancing.setSubnets(zones, of: arn) { _, _ in nil }
            let newZones = Set(added.compactMap { subnet($0)?.availabilityZone })
            let waking = loadBalancing.targetGroups.filter { $0.loadBalancerARNs.contains(arn) }.flatMap(\.targets).filter { target in
                guard let interface = instance(target.id)?.networkInterfaceIDs.first.flatMap({ networkInterface($0) }) else { return false }
                return zone(of: interface).map(newZones.contains) ?? false
            }.map(\.id)
            loadBalancing.setClassicInstances(waking, of: arn, register: false)
        case .enableClassicCrossZone(let arn, _):
            loadBalancing.enableCrossZone(arn)
        default:
            return
        }
    }
}
