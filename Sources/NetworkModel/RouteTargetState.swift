/// Why a route is a blackhole, and whether mending its target is enough.
///
/// AWS marks a route `blackhole` while its target cannot carry traffic: a peering connection not (yet) active, an
/// internet or virtual private gateway not attached, a NAT gateway not available. Where the target can become
/// usable again (a peering connection pending acceptance is accepted, a gateway is attached, a NAT gateway still
/// pending becomes available), the route turns `active` on its own: the route is not a change to make, its target
/// is. Where the target is gone for good (deleted, failed, rejected, expired, or not in the snapshot at all), the
/// route itself must name a new target.
public enum BlackholeCause: Hashable, Sendable {
    /// The target exists in a state that can become usable; fixing it revives the route.
    case targetUnusable
    /// The target cannot become usable for this route (`state`: deleted, failed, attached to another VPC, …); the
    /// route itself must change.
    case targetGone(state: String)
    /// No describe-* output of the snapshot holds the target, or it is usable and AWS still marks the route so.
    case targetUnknown
}

extension Network {
    /// Whether a route of a table in `vpcID` carries traffic once its target does: an `active` route, or a
    /// `blackhole` whose only cause is a target that can become usable again (`BlackholeCause.targetUnusable`).
    /// Both engines follow such a route to its target, whose own state then drops the packet and names the blocker.
    public func followsRoute(_ route: Route, in vpcID: String) -> Bool {
        route.isActive || blackholeCause(of: route.target, in: vpcID) == .targetUnusable
    }

    /// Why a route to `target` in a table of `vpcID` is a blackhole.
    public func blackholeCause(of target: RouteTarget, in vpcID: String) -> BlackholeCause {
        switch target {
        case .peeringConnection(let id):
            guard let connection = peeringConnection(id), connection.peer(of: vpcID) != nil else { return .targetUnknown }
            switch connection.status {
            case .pendingAcceptance, .provisioning, .initiatingRequest: return .targetUnusable
            case .active: return .targetUnknown
            default: return .targetGone(state: connection.status.rawValue)
            }
        case .internetGateway(let id):
            // An internet gateway that exists can be attached (again); `describe-internet-gateways` prints no state.
            guard let gateway = internetGateway(id) else { return .targetUnknown }
            if gateway.attachment(to: vpcID)?.isAttached == true { return .targetUnknown }
            if let elsewhere = gateway.attachments.first(where: { $0.vpcID != vpcID && $0.isAttached }) {
                return .targetGone(state: "attached to \(elsewhere.vpcID)")
            }
            return .targetUnusable
        case .virtualPrivateGateway(let id):
            guard let gateway = vpnGateway(id) else { return .targetUnknown }
            if gateway.state == .deleted || gateway.state == .deleting { return .targetGone(state: gateway.state.rawValue) }
            if gateway.attachments.contains(where: { $0.vpcID == vpcID && $0.isAttached }) { return .targetUnknown }
            if let elsewhere = gateway.attachments.first(where: { $0.vpcID != vpcID && $0.isAttached }) {
                return .targetGone(state: "attached to \(elsewhere.vpcID)")
            }
            return .targetUnusable
        case .natGateway(let id):
            guard let nat = natGateway(id), nat.vpcID == vpcID else { return .targetUnknown }
            if nat.state == .pending { return .targetUnusable }
            return nat.state == .available ? .targetUnknown : .targetGone(state: nat.state.rawValue)
        default:
            return .targetUnknown
        }
    }
}

extension Network {
    /// The internet gateways traffic from the internet may come into `vpcID` by: those with an attachment record for
    /// it, else those the VPC's route tables name that the snapshot holds (a gateway detached from the VPC, whose
    /// routes are blackholes until it is attached again). Both engines take the attached one, else the first, so
    /// that a detached gateway is one blocker ("not attached"), not two ("the VPC has none" and "not attached").
    public func internetGatewaysForIngress(of vpcID: String) -> [InternetGateway] {
        let recorded = internetGateways(of: vpcID)
        guard recorded.isEmpty else { return recorded }
        var named: [InternetGateway] = []
        for table in routeTables(inVPC: vpcID) {
            for route in table.routes {
                guard case .internetGateway(let id) = route.target, let gateway = internetGateway(id), !named.contains(where: { $0.id == id }) else { continue }
                named.append(gateway)
            }
        }
        return named
    }
}
